/**
 * The drctl.yaml schema. Shapes and types live here (zod); rules that span fields (a
 * record inside its zone, a target unlike the primary...) live in `rules.ts`, and every
 * problem becomes one sentence in `messages.ts`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULTS } from '../engine/defaults.js';
import { AFTER_FLIP_POLICIES } from '../engine/input.js';
import { RECORD_TYPES, ROUTING_POLICIES } from '../ports/dns.js';
import { ENVIRONMENTS } from './environments.js';
import { bucketName, LOCK_STORES, region, switchSettings } from './switch-schema.js';

const V = DEFAULTS.verification;

const certificateArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, 'not an ACM certificate ARN');

const record = z.strictObject({
  /** Public hostname whose record drctl moves, e.g. `www.example.com`. */
  name: z.string().min(1),
  /**
   * A, AAAA, or A+AAAA: the alias record(s) to the ALB. A+AAAA moves both in one batch (a
   * name with both must name both); AAAA needs a dualstack load balancer.
   */
  type: z.enum(RECORD_TYPES).default('A'),
  /** How the record set routes: one record, or variants with set identifiers. */
  routing: z.enum(ROUTING_POLICIES).default('simple'),
  /** Set identifier of each region's variant (failover, weighted, latency). */
  setIdentifiers: z.record(region, z.string().min(1)).default({}),
  /** Weighted routing: percentages moved to the target in steps, the last one 100. */
  weightSteps: z.array(z.number().int().min(1).max(100)).min(1).default([100]),
});

/** How the database is recovered in the target region (docs/data.md). */
const data = z.strictObject({
  /** none (stateless) | snapshot (restore the newest cluster snapshot) | global (Aurora Global Database). */
  strategy: z.enum(['none', 'snapshot', 'global']).default('none'),
  /** Refuse a recovery that could lose more than this (unless --accept-rpo). Default: no limit. */
  maxRpoMinutes: z.number().int().min(1).optional(),
  snapshot: z
    .strictObject({
      /** The production cluster the snapshots are taken from. */
      sourceClusterId: z.string().min(1),
      /** KMS key per target region for copying encrypted snapshots (KMS keys are regional). */
      kmsKeyIds: z.record(region, z.string().min(1)).default({}),
      /** Copy the newest snapshot from the primary region when the target has none recent enough. */
      copyIfMissing: z.boolean().default(true),
      copyDeadlineMinutes: z.number().int().min(1).default(DEFAULTS.snapshotCopyDeadlineMinutes),
    })
    .optional(),
  global: z
    .strictObject({
      globalClusterId: z.string().min(1),
      /** Member cluster ARN per target region; default: the member in that region. */
      targetClusterArns: z.record(region, z.string().min(1)).default({}),
      changeDeadlineMinutes: z.number().int().min(1).default(DEFAULTS.globalChangeDeadlineMinutes),
    })
    .optional(),
});

/** Media replication drctl checks before a failover (it never changes buckets). */
const media = z.strictObject({
  sourceBucket: z.string().min(3),
  /** The replica bucket in each target region. */
  replicaBuckets: z.record(region, z.string().min(3)).default({}),
  /** An object a scheduled job rewrites in the source bucket: exact replication lag. */
  heartbeatKey: z.string().min(1).optional(),
  maxLagMinutes: z.number().int().min(1).default(DEFAULTS.mediaMaxLagMinutes),
});

const environment = z.strictObject({
  /** Data recovery for this environment, replacing the top-level `data` (e.g. none for dev). */
  data: data.optional(),
  /** Extra parameter file (YAML) merged over the shipped per-environment file. */
  parameters: z.string().min(1).optional(),
  /** Parameter overrides, merged last. */
  overrides: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

const certificate = z.union([certificateArn, z.strictObject({ domain: z.string().min(1) })]);

function isDnsServer(s: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (bracketed) return isIP(bracketed[1]!) === 6 && Number(bracketed[2] ?? 53) <= 65535;
  if (isIP(s) !== 0) return true;
  const [host, port] = s.split(':');
  return isIP(host ?? '') === 4 && /^\d{1,5}$/.test(port ?? '') && Number(port) <= 65535;
}

const dnsServer = z.string().refine(isDnsServer, 'not a DNS server address (ip, ip:port or [ipv6]:port)');

const verification = z.strictObject({
  /** Health path probed on the new ALB before the flip and on Route 53's answer after it. */
  path: z.string().startsWith('/').default(V.path),
  expectStatus: z.number().int().min(100).max(599).default(V.expectStatus),
  /** Successes in a row that count as proof. */
  consecutiveSuccesses: z.number().int().min(1).max(100).default(V.consecutiveSuccesses),
  intervalSeconds: z.number().min(0.1).max(300).default(V.intervalSeconds),
  /** Per request. */
  timeoutSeconds: z.number().min(0.1).max(120).default(V.timeoutSeconds),
  /** How long each probe stage may take: before the flip, and after it before rolling back. */
  windowSeconds: z.number().min(1).max(3600).default(V.windowSeconds),
  /** curl --connect-to rules `HOST1:PORT1:HOST2:PORT2` (tests, demos, private ALBs). */
  connectTo: z
    .array(z.string().regex(/^[^:]*:\d*:[^:]*:\d*$/, 'not a HOST1:PORT1:HOST2:PORT2 rule'))
    .default([]),
  /** Extra CA bundle (PEM) to trust. */
  caFile: z.string().min(1).optional(),
  /**
   * DNS servers (`ip`, `ip:port`, `[ipv6]:port`) that resolve the new ALB's name when its
   * addresses are compared with Route 53's answer. Default: the system's resolvers.
   */
  resolvers: z.array(dnsServer).default([]),
  /** Healthy targets each target group must have before the probe. */
  minHealthyTargets: z.number().int().min(1).default(DEFAULTS.minHealthyTargets),
  /**
   * The hosted zone's authoritative servers (`ip`, `ip:port`, `[ipv6]:port`), asked directly
   * after a data-plane switch flip. Default: the zone's NS, looked up through the system resolver.
   */
  nameServers: z.array(dnsServer).default([]),
});

const lock = z.strictObject({
  /** A lock older than this is reported as stale (break it with --break-lock). */
  staleAfterMinutes: z.number().int().min(1).default(DEFAULTS.lockStaleAfterMinutes),
  /**
   * Where the lock lives: `route53` (a TXT record in the hosted zone: Route 53's control
   * plane) or `s3` (a conditional write in `lock.s3`). Must be `s3` when the switch avoids
   * the control plane. Default: route53.
   */
  store: z.enum(LOCK_STORES).default('route53'),
  s3: z
    .strictObject({
      bucket: bucketName,
      /** Neither the primary nor a target region, so the lock outlives the region that fails. */
      region,
      /** Key prefix of the lock objects. Default: `drctl/locks/`. */
      prefix: z.string().default(DEFAULTS.lockS3Prefix),
    })
    .optional(),
});

/** `drctl failover` and `resume` (docs/failover.md). */
const failover = z.strictObject({
  /**
   * What a failed check or an interruption after the flip does: `rollback` restores the
   * record (but holds when the region it would restore failed its probe at the start of
   * the run), `hold` keeps the new record and reports. `--after-flip` overrides it.
   */
  afterFlip: z.enum(AFTER_FLIP_POLICIES).default(DEFAULTS.afterFlip),
});

const journal = z.strictObject({
  /** Where run journals are written; `~` is the home directory. */
  dir: z.string().min(1).default(DEFAULTS.journalDir),
  /** Optional copy of each journal, e.g. `s3://ops-bucket/drctl/`. */
  s3: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'not an s3://bucket/prefix URI')
    .optional(),
});

/** `drctl drill` (docs/drills.md). Every field has a default, so the section is optional. */
const drill = z.strictObject({
  /**
   * The record a drill creates, verifies and deletes, e.g. `dr-drill.example.com`; it must
   * be inside the hosted zone and must not be the production record. Default: none (then
   * `dns: false` is required).
   */
  record: z.string().min(1).optional(),
  /** Create and verify the drill record. `false`: stop after the pre-flip probe. Default: true. */
  dns: z.boolean().default(true),
  /** The drill fails when its recovery time exceeds this. Default: no target. */
  rtoTargetMinutes: z.number().min(1).max(1440).optional(),
  /** Pending window of the drill's KMS keys (KMS allows 7-30 days). Default: 7. */
  keyDeletionDays: z.number().int().min(7).max(30).default(DEFAULTS.drillKeyDeletionDays),
  /**
   * Global Database only: a drill never switches production over, so it restores the
   * newest snapshot of this cluster (in the primary region) instead. Default: none (the
   * drill then recovers no data, and its report says so).
   */
  snapshotSourceClusterId: z.string().min(1).optional(),
  /** KMS key per target region to copy an encrypted snapshot with (global strategy). Default: none. */
  kmsKeyIds: z.record(region, z.string().min(1)).default({}),
});

export const configSchema = z.strictObject({
  /** Application name: prefixes every stack (`<app>-<env>-<stack>`). */
  app: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower-case letters, digits and dashes'),
  /**
   * The application's container image; `{region}` is replaced by the target region
   * (ECR repositories are regional: replicate the image to every target region).
   */
  containerImage: z.string().min(1),
  primaryRegion: region,
  targetRegions: z.array(region).min(1),
  /** Accept region names drctl does not know yet (newly opened regions). */
  allowUnknownRegions: z.boolean().default(false),
  defaultEnvironment: z.enum(ENVIRONMENTS).default('prod'),
  dns: z.strictObject({
    /** Hosted zone id (`Z...`) or name (`example.com`). */
    hostedZone: z.string().min(1),
    record,
  }),
  /** How traffic moves: record edits (default) or a data-plane switch (docs/data-plane.md). */
  switch: switchSettings.default(() => switchSettings.parse({})),
  environments: z.partialRecord(z.enum(ENVIRONMENTS), environment).default({}),
  /** Certificate per region: an ARN, or `{domain}` to find an ISSUED one. */
  certificates: z.record(region, certificate).default({}),
  data: data.default(() => data.parse({})),
  /** Media replication checked in preflight. Default: not checked. */
  media: media.optional(),
  verification: verification.default(() => verification.parse({})),
  lock: lock.default(() => lock.parse({})),
  failover: failover.default(() => failover.parse({})),
  journal: journal.default(() => journal.parse({})),
  drill: drill.default(() => drill.parse({})),
});

export type Config = z.infer<typeof configSchema>;
