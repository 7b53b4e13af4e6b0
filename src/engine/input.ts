/**
 * What the engine is given (a resolved FailoverInput: the CLI has already read config,
 * flags and templates) and what it gives back (an outcome union with phase timings).
 */

import type { AuthoritativeDnsPort } from '../ports/authoritative-dns.js';
import type { Clock } from '../ports/clock.js';
import type { DatabasePort } from '../ports/database.js';
import type { DnsPort, RecordChange, RecordType, RoutingPolicy } from '../ports/dns.js';
import type { IdentityPort } from '../ports/identity.js';
import type { JournalPort } from '../ports/journal.js';
import type { LoadBalancerPort } from '../ports/load-balancers.js';
import type { LockPort } from '../ports/lock.js';
import type { MediaPort } from '../ports/media.js';
import type { ProbePort } from '../ports/probe.js';
import type { ResolverPort } from '../ports/resolver.js';
import type { StackPort } from '../ports/stacks.js';
import type { SwitchState, TrafficSwitchPort } from '../ports/traffic-switch.js';
import type { MediaCheckInput } from './data/media-check.js';
import type { RecoverDataInput } from './data/types.js';
import type { PhaseTiming } from './events.js';
import type { WaitOverrides } from './wait-profiles.js';

export interface RecordInput {
  /** Fully qualified record name, e.g. `www.example.com` (trailing dot optional). */
  name: string;
  /** `A`, `AAAA`, or `A+AAAA` (both aliases, moved together): the alias to the ALB. */
  type: RecordType;
  routing: RoutingPolicy;
  /** Route 53 SetIdentifier per region; required for every policy but `simple`. */
  setIdentifiers?: Record<string, string>;
  /** Weighted only: the target's share in percent at each step. Default: `[100]`. */
  weightSteps?: number[];
  /**
   * Failover only. `swap` (default): the target region's record becomes PRIMARY and the
   * old PRIMARY becomes SECONDARY unchanged, so set identifiers keep naming regions and a
   * later fail-back is the same operation reversed. `repoint`: the PRIMARY record keeps
   * its set identifier and role and only its alias moves to the new ALB (for zones whose
   * set identifiers name roles, not regions).
   */
  failoverMode?: 'swap' | 'repoint';
}

/** A stack parameter taken from an output of a stack deployed in an earlier wave. */
interface OutputRef {
  fromStack: string;
  output: string;
}

export interface StackInput {
  /** CloudFormation stack name in the target region. */
  name: string;
  templateBody: string;
  /** Static parameters (from the environment file). Never journaled or emitted. */
  parameters: Record<string, string>;
  /** Parameters fed from earlier waves' outputs. Default: none. */
  parametersFrom?: Record<string, OutputRef>;
  /** Default: none (the CLI adds `drctl:app`). */
  tags?: Record<string, string>;
  /** NoEcho parameters: plan shows them as `****`. Default: none. */
  secretParameters?: string[];
}

/** Which stack outputs name the new ALB. */
interface AlbOutputs {
  stack: string;
  /** Output with the load balancer ARN. */
  arnOutput: string;
  /** Output with the ALB DNS name. Default: read from the load balancer itself. */
  dnsNameOutput?: string;
  /** Output with the ALB canonical hosted zone id. Default: read from the load balancer. */
  canonicalZoneIdOutput?: string;
  /** Outputs with target group ARNs. Default: every target group of the load balancer. */
  targetGroupArnOutputs?: string[];
}

interface VerificationInput {
  /** Public hostname: TLS SNI, Host header, certificate name. */
  hostname: string;
  /** Health path, e.g. `/healthz`. */
  path: string;
  /** Default: 200. */
  expectStatus?: number;
  /** Successes in a row that prove the endpoint. Default: 3. */
  consecutiveSuccesses?: number;
  /** Pause between probes, ms. Default: 5000. */
  intervalMs?: number;
  /** Per-request timeout, ms. Default: 5000. */
  timeoutMs?: number;
  /** All probes of one stage must succeed within this window, ms. Default: 300000. */
  windowMs?: number;
  /** curl `--connect-to` rules for tests and demos. Default: none. */
  connectTo?: string[];
  /** Extra CA bundle. Default: system CAs only. */
  caFile?: string;
}

export interface FailoverFlags {
  /** Skip the type-the-region confirmation. Default: false. */
  yes?: boolean;
  /** Break a lock another run holds (after confirming unless `yes`). Default: false. */
  breakLock?: boolean;
  /**
   * Run even when the record already routes to the target region (re-deploy and re-verify;
   * the run ends `no-op` if the record already names the new ALB). Default: false.
   */
  force?: boolean;
}

/**
 * What a failed check or an interruption after the flip does. `rollback` (the default):
 * restore the snapshot, unless the region it would restore was found unhealthy before the
 * flip, then hold. `hold`: keep the new record and report; `drctl rollback <run>` undoes it.
 */
export const AFTER_FLIP_POLICIES = ['rollback', 'hold'] as const;
export type AfterFlipPolicy = (typeof AFTER_FLIP_POLICIES)[number];

export interface FailoverInput {
  runId: string;
  app: string;
  env: string;
  /**
   * The config's primary region. The region traffic moves away from is the one the record
   * serves at preflight (this one when that cannot be told), so failing back to the
   * primary is a failover with `targetRegion` = `primaryRegion`.
   */
  primaryRegion: string;
  /** The region to fail over to. */
  targetRegion: string;
  hostedZoneId: string;
  record: RecordInput;
  /** Dependency waves: stacks of one wave deploy in parallel, waves in order. */
  waves: StackInput[][];
  alb: AlbOutputs;
  /** Healthy targets required in every target group. Default: 1. */
  minHealthyTargets?: number;
  verification: VerificationInput;
  /** Per-resource wait overrides. Default: see wait-profiles.ts. */
  waits?: WaitOverrides;
  /**
   * The data layer: how to recover it and which stack takes the result as parameters
   * (`SnapshotIdentifier` / `GlobalClusterIdentifier`). Default: none (stateless).
   */
  data?: DataInput;
  /** Media replication to check in preflight (reads only). Default: not checked. */
  media?: MediaCheckInput;
  /** Who runs this, for the lock. */
  operator: { holder: string; host: string };
  /** A lock held longer than this is reported as stale. Default: 2 h. */
  lockStaleAfterMs?: number;
  flags?: FailoverFlags;
  /** After-flip policy (config `failover.afterFlip`, flag `--after-flip`). Default: `rollback`. */
  afterFlip?: AfterFlipPolicy;
  /**
   * A data-plane switch (config `switch`, docs/data-plane.md): traffic moves by flipping
   * its controls, never by editing records. Default: none (records mode).
   */
  switch?: SwitchInput;
  /**
   * `avoid` (config `switch.controlPlane`): `plan` refuses any step that calls Route 53's
   * control plane. Default: `use`.
   */
  controlPlane?: 'use' | 'avoid';
  /** Where the lock lives, for `plan`'s plane of each step. Default: route53. */
  lockStore?: LockStoreInput;
}

/** How a switch-mode run flips and verifies (config `switch`, `verification.nameServers`). */
export interface SwitchInput {
  kind: 'arc' | 's3-object';
  /** Every region that has a control: the primary and the targets. The target goes On, the rest Off. */
  regions: string[];
  /** The zone whose authoritative servers are asked (NS lookup when `nameServers` is empty). */
  zoneName: string;
  /** Authoritative servers to ask (`ip`, `ip:port`). Default: the zone's NS. */
  nameServers?: string[];
  /** Queries per server per look: each server decides from health-check results of its own. Default: 3. */
  queriesPerServer?: number;
  /** arc: the regions of the cluster's endpoints (what the flip depends on, for `plan`). */
  endpointRegions?: string[];
  /** s3-object: the switch bucket's region. */
  bucketRegion?: string;
}

/** Where the lock lives (config `lock.store`). Default: route53. */
type LockStoreInput = { store: 'route53' } | { store: 's3'; bucket: string; region: string };

export interface DataInput {
  recover: RecoverDataInput;
  /** Name of the stack whose parameters receive the recovery result. */
  stack: string;
}

/** The engine's view of the world: every port, plus the clock. */
export interface EnginePorts {
  stacks: StackPort;
  lbs: LoadBalancerPort;
  dns: DnsPort;
  probe: ProbePort;
  /** Resolves the new ALB's name, to compare with Route 53's answer. */
  resolver: ResolverPort;
  identity: IdentityPort;
  clock: Clock;
  journal: JournalPort;
  lock: LockPort;
  /** Needed when `input.data` recovers a database. */
  db?: DatabasePort;
  /** Needed when `input.media` is set. */
  media?: MediaPort;
  /** Needed when `input.switch` is set: the data-plane switch. */
  switch?: TrafficSwitchPort;
  /** Needed when `input.switch` is set: the zone's own name servers, asked directly. */
  authDns?: AuthoritativeDnsPort;
  /** Randomness for jitter. Default: `Math.random`. */
  random?: () => number;
}

export interface NewAlb {
  arn: string;
  dnsName: string;
  canonicalHostedZoneId: string;
  targetGroupArns: string[];
}

interface OutcomeBase {
  runId: string;
  timings: PhaseTiming[];
  totalMs: number;
  /** Where the journal lives (empty for dry runs). */
  journal: string;
}

export type FailoverOutcome =
  | (OutcomeBase & {
      kind: 'flipped';
      from: string;
      to: string;
      alb: NewAlb;
      /** Every batch applied, in order (one per weight step). */
      batches: RecordChange[][];
      /** False when TestDNSAnswer was unavailable: the read-back and the probe verified the flip. */
      answerVerified: boolean;
      /** Switch mode: the controls before and after (then `batches` is empty). */
      controls?: { before: Record<string, SwitchState>; after: Record<string, SwitchState> };
    })
  | (OutcomeBase & {
      kind: 'rolled-back';
      reason: string;
      /** The error code that caused the rollback (`ABORTED` for Ctrl-C). */
      cause: string;
      restore: RecordChange[];
      /** Switch mode: the control states put back (then `restore` is empty). */
      restoredControls?: Record<string, SwitchState>;
    })
  | (OutcomeBase & {
      kind: 'held';
      from: string;
      to: string;
      reason: string;
      /** The error code of the failed check (`ABORTED` for an interruption). */
      cause: string;
      /** `policy`: afterFlip is hold; `source-unhealthy`: the region to restore failed its probe. */
      why: 'policy' | 'source-unhealthy';
      /** The source region's probe result before the flip, when it failed. */
      sourceProblem?: string;
    })
  | (OutcomeBase & { kind: 'aborted'; reason: 'declined' | 'interrupted'; dnsChanged: false })
  | (OutcomeBase & { kind: 'no-op'; reason: string });

/** The lock is per record: two runs for the same name and type in one zone exclude each other. */
export function lockKeyFor(hostedZoneId: string, name: string, type: string): string {
  return `${hostedZoneId.replace(/^\/hostedzone\//, '')}/${name.toLowerCase().replace(/\.$/, '')}/${type}`;
}
