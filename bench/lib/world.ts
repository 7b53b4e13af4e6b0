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
import { Pacer, pacedDns, ROUTE53_MIN_INTERVAL_MS } from '../../src/engine/pace.js';
import type { RecordSet } from '../../src/ports/dns.js';
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

/** The drctl.yaml a team would write for this scenario. */
function configFor(s: Scenario) {
  const data =
    s.data.strategy === 'snapshot'
      ? {
          strategy: 'snapshot',
          snapshot: { sourceClusterId: 'shop-prod', kmsKeyIds: { [TARGET]: 'alias/shop-data' } },
        }
      : { strategy: 'global', global: { globalClusterId: GLOBAL_ID } };
  const config = {
    app: APP,
    containerImage: '111122223333.dkr.ecr.{region}.amazonaws.com/shop:1.0.0',
    primaryRegion: PRIMARY,
    targetRegions: [TARGET],
    dns: { hostedZone: 'example.com', record: { name: 'www.example.com', type: 'A', routing: 'simple' } },
    environments: { [ENV]: {} },
    certificates: { [TARGET]: { domain: 'www.example.com' } },
    verification: { path: '/healthz', ...s.verification },
    data,
  };
  return parseConfig(stringify(config), process.cwd());
}

export function blueprint(): Manifest {
  return loadManifest(locateTemplatesDir({}));
}

function failoverInput(s: Scenario, runId = 'bench-1'): FailoverInput {
  return assembleFailoverInput({
    config: configFor(s),
    configDir: process.cwd(),
    env: ENV,
    targetRegion: TARGET,
    runId,
    hostedZoneId: ZONE,
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

/** The record before the run: a simple alias to the failing region's ALB. */
const SEED: RecordSet[] = [
  {
    Name: 'www.example.com.',
    Type: 'A',
    AliasTarget: {
      HostedZoneId: 'Z1H1FL5HABSF5',
      DNSName: `dualstack.shop-prod-alb-1.${PRIMARY}.elb.amazonaws.com.`,
      EvaluateTargetHealth: true,
    },
  },
];

export interface WorldOptions {
  /**
   * The journal directory the run reads past runs from and writes its own to: pass the
   * previous run's to give this one history. Default: an empty one.
   */
  journal?: MemoryJournal;
  /** Default: `bench-1`. Runs sharing a journal need their own. */
  runId?: string;
}

export function createWorld(s: Scenario, random: () => number, o: WorldOptions = {}) {
  const clock = new VirtualClock();
  const log = new CallLog();
  const api = new Api(clock, log, s.apiLatencyMs);
  const input = failoverInput(s, o.runId);
  const outputs = outputsOf(input);
  const plans = new Map<string, TimedStackPlan>();
  for (const key of Object.keys(blueprint().stacks)) {
    const st = s.stacks[key];
    if (!st) throw new Error(`scenario ${s.name} has no timing for blueprint stack ${key}`);
    const name = stackName(APP, ENV, key);
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
  const serviceStack = stackName(APP, ENV, s.targets.afterStack);
  const healthyAt = () => {
    const done = stacks.completedAt.get(serviceStack);
    return done === undefined ? undefined : done + s.targets.healthySeconds * 1000;
  };
  const dns = new TimedRoute53(api, s.dns.insyncSeconds * 1000, SEED);
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
  const paced = pacedDns(dns, new Pacer(clock, ROUTE53_MIN_INTERVAL_MS));
  const ports: EnginePorts = {
    stacks,
    lbs: new TimedElb(api, healthyAt),
    dns: paced,
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
    lock: new Route53Lock(paced, ZONE),
    db,
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
    albStack: stackName(APP, ENV, ALB_STACK_KEY),
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
