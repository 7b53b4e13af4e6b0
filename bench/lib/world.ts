/**
 * One benchmark world for a scenario: the engine input assembled from the real blueprint
 * (templates/manifest.yaml, through the CLI's own assembleFailoverInput) and the timed
 * fakes of every port on one virtual clock.
 */
import { stringify } from 'yaml';
import { Route53Lock } from '../../src/aws/route53-lock.js';
import { ALB_STACK_KEY, assembleFailoverInput, DATA_STACK_KEY } from '../../src/cli/failover-input.js';
import { parseConfig } from '../../src/config/load.js';
import type { EnginePorts, FailoverInput } from '../../src/engine/input.js';
import { pacedDns, route53Pacer } from '../../src/engine/pace.js';
import type { DatabasePort } from '../../src/ports/database.js';
import type { DnsPort, RecordSet } from '../../src/ports/dns.js';
import type { StackPort } from '../../src/ports/stacks.js';
import { locateTemplatesDir } from '../../src/templates/locate.js';
import { loadManifest, type Manifest, stackName } from '../../src/templates/manifest.js';
import { MemoryJournal } from '../../test/fakes/memory.js';
import { CallLog } from './api-calls.js';
import { type Scenario, stackSeconds } from './scenario.js';
import {
  Api,
  NEW_ALB_ARN,
  NEW_ALB_DNS,
  TG_ARN,
  TimedElb,
  TimedProbe,
  type TimedStackPlan,
  TimedStacks,
} from './timed-aws.js';
import { TimedDatabase, TimedRoute53 } from './timed-dns-db.js';
import { VirtualClock } from './virtual-clock.js';

export const APP = 'shop';
export const ENV = 'prod';
export const PRIMARY = 'us-west-2';
export const TARGET = 'us-east-1';
const ZONE = 'ZFAKE';
const GLOBAL_ID = 'shop-global';

/** The drctl.yaml a team would write for this scenario (`app`'s record is `<host>.example.com`). */
function configFor(s: Scenario, app = APP, host = 'www') {
  const data =
    s.data.strategy === 'snapshot'
      ? {
          strategy: 'snapshot',
          snapshot: { sourceClusterId: 'shop-prod', kmsKeyIds: { [TARGET]: 'alias/shop-data' } },
        }
      : { strategy: 'global', global: { globalClusterId: GLOBAL_ID } };
  const config = {
    app,
    containerImage: '111122223333.dkr.ecr.{region}.amazonaws.com/shop:1.0.0',
    primaryRegion: PRIMARY,
    targetRegions: [TARGET],
    dns: { hostedZone: 'example.com', record: { name: `${host}.example.com`, type: 'A', routing: 'simple' } },
    environments: { [ENV]: {} },
    certificates: { [TARGET]: { domain: `${host}.example.com` } },
    verification: { path: '/healthz', ...s.verification },
    data,
  };
  return parseConfig(stringify(config), process.cwd());
}

export function blueprint(): Manifest {
  return loadManifest(locateTemplatesDir({}));
}

function failoverInput(s: Scenario, runId = 'bench-1', app = APP, zoneId = ZONE): FailoverInput {
  return assembleFailoverInput({
    config: configFor(s, app, app === APP ? 'www' : app),
    configDir: process.cwd(),
    env: ENV,
    targetRegion: TARGET,
    runId,
    hostedZoneId: zoneId,
    runtime: { CertificateArn: `arn:aws:acm:${TARGET}:111122223333:certificate/bench` },
    operator: { holder: 'bench', host: 'bench' },
    flags: { yes: true },
  });
}

/** Every output some stack reads, plus the ALB's, with placeholder values. */
function outputsOf(input: FailoverInput): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const put = (stack: string, name: string, value: string) =>
    out.set(stack, { ...out.get(stack), [name]: value });
  for (const s of input.waves.flat()) {
    for (const ref of Object.values(s.parametersFrom ?? {}))
      put(ref.fromStack, ref.output, `${ref.output}-value`);
  }
  const a = input.alb;
  put(a.stack, a.arnOutput, NEW_ALB_ARN);
  if (a.dnsNameOutput) put(a.stack, a.dnsNameOutput, NEW_ALB_DNS);
  if (a.canonicalZoneIdOutput) put(a.stack, a.canonicalZoneIdOutput, 'Z35SXDOTRQ7X7K');
  for (const o of a.targetGroupArnOutputs ?? []) put(a.stack, o, TG_ARN);
  return out;
}

/** The record of `app` before the run: a simple alias to the failing region's ALB. */
export function seedRecord(app = APP): RecordSet {
  return {
    Name: `${app === APP ? 'www' : app}.example.com.`,
    Type: 'A',
    AliasTarget: {
      HostedZoneId: 'Z1H1FL5HABSF5',
      DNSName: `dualstack.${app}-prod-alb-1.${PRIMARY}.elb.amazonaws.com.`,
      EvaluateTargetHealth: true,
    },
  };
}

export interface WorldOptions {
  /**
   * The journal directory the run reads past runs from and writes its own to: pass the
   * previous run's to give this one history. Default: an empty one.
   */
  journal?: MemoryJournal;
  /** Default: `bench-1`. Runs sharing a journal need their own. */
  runId?: string;
  /** A fleet's apps share one clock and one call log. Default: the world's own. */
  clock?: VirtualClock;
  log?: CallLog;
  /** The application (stack names, record `<app>.example.com`). Default: `shop`, `www.example.com`. */
  app?: string;
  /** The Route 53 the app's record lives in, shared by the apps of a zone. Default: its own. */
  zone?: { id: string; route53: TimedRoute53 };
  /**
   * Paces the app's Route 53, CloudFormation and RDS ports. Default: its own Route 53
   * pacer, as the CLI wires one run (src/cli/context.ts).
   */
  pace?: (raw: { dns: DnsPort; stacks: StackPort; db: DatabasePort }) => {
    dns: DnsPort;
    stacks: StackPort;
    db: DatabasePort;
  };
}

export function createWorld(s: Scenario, random: () => number, o: WorldOptions = {}) {
  const clock = o.clock ?? new VirtualClock();
  const log = o.log ?? new CallLog();
  const api = new Api(clock, log, s.apiLatencyMs);
  const app = o.app ?? APP;
  const input = failoverInput(s, o.runId, app, o.zone?.id);
  const outputs = outputsOf(input);
  const plans = new Map<string, TimedStackPlan>();
  for (const key of Object.keys(blueprint().stacks)) {
    const st = s.stacks[key];
    if (!st) throw new Error(`scenario ${s.name} has no timing for blueprint stack ${key}`);
    const name = stackName(app, ENV, key);
    const parameters: Record<string, string> =
      key === DATA_STACK_KEY && s.data.strategy === 'global' ? { GlobalClusterIdentifier: GLOBAL_ID } : {};
    plans.set(name, {
      seconds: stackSeconds(st),
      exists: st.exists,
      outputs: outputs.get(name) ?? {},
      parameters,
    });
  }
  const stacks = new TimedStacks(api, plans);
  const serviceStack = stackName(app, ENV, s.targets.afterStack);
  const healthyAt = () => {
    const done = stacks.completedAt.get(serviceStack);
    return done === undefined ? undefined : done + s.targets.healthySeconds * 1000;
  };
  const dns = o.zone?.route53 ?? new TimedRoute53(api, s.dns.insyncSeconds * 1000, [seedRecord()]);
  const db = new TimedDatabase(api, {
    primaryRegion: PRIMARY,
    targetRegion: TARGET,
    clusterId: 'shop-prod',
    ...(s.data.strategy === 'snapshot'
      ? { copySeconds: s.data.copySeconds }
      : { global: { id: GLOBAL_ID, switchoverSeconds: s.data.switchoverSeconds } }),
  });
  const probe = new TimedProbe(
    clock,
    healthyAt,
    (host) => dns.answerFor(host, 'A')[0],
    (address) => dns.resolver.ownerOf(address),
  );
  // As the CLI wires it (src/cli/context.ts): one pacer for every Route 53 call, the lock's too.
  const own = (raw: { dns: DnsPort; stacks: StackPort; db: DatabasePort }) => ({
    ...raw,
    dns: pacedDns(raw.dns, route53Pacer(clock)),
  });
  const paced = (o.pace ?? own)({ dns, stacks, db });
  const ports: EnginePorts = {
    stacks: paced.stacks,
    lbs: new TimedElb(api, healthyAt),
    dns: paced.dns,
    probe,
    resolver: dns.resolver,
    identity: {
      whoami: async () => {
        await api.call('sts', 'GetCallerIdentity');
        return { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/bench', userId: 'AIDA' };
      },
    },
    clock,
    journal: o.journal ?? new MemoryJournal(),
    lock: new Route53Lock(paced.dns, o.zone?.id ?? ZONE),
    db: paced.db,
    random,
  };
  return {
    clock,
    log,
    api,
    input,
    stacks,
    dns,
    db,
    probe,
    ports,
    healthyAt,
    albStack: stackName(app, ENV, ALB_STACK_KEY),
  };
}

export type World = ReturnType<typeof createWorld>;

/** Small, seedable PRNG (mulberry32): the same seed gives the same jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
