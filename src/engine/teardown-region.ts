/**
 * `drctl teardown <region>`: delete drctl's stacks from a region that no longer serves
 * traffic, so a declined or finished failover does not leave a bill behind. Refuses while
 * the record serves from that region. Runs under the record's lock (a failover deploying
 * into the region at the same moment must not lose its stacks), journals every deletion
 * first, deletes stacks in reverse waves, and honours the blueprint's DeletionPolicy:
 * retained buckets and keys, and Aurora's final snapshot, are reported, never deleted.
 */
import { DrctlError } from '../errors.js';
import type { RecordSet } from '../ports/dns.js';
import type { StackResource } from '../ports/drill-cleanup.js';
import { stackStatus } from '../ports/stack-status.js';
import type { DnsContext } from './context.js';
import { servingRegion } from './dns-plan.js';
import { deleteStack } from './drill/teardown.js';
import { Emitter, type EventSink, type PhaseTiming, span } from './events.js';
import { type EnginePorts, lockKeyFor, type RecordInput } from './input.js';
import { RunJournal } from './run-journal.js';
import { acquireLock, releaseLock } from './steps/lock.js';
import { resolveWaits, type WaitOverrides } from './wait-profiles.js';

export interface TeardownInput {
  runId: string;
  app: string;
  env: string;
  region: string;
  hostedZoneId: string;
  record: RecordInput;
  /** The blueprint's stack names, in deployment waves. */
  waves: string[][];
  operator: { holder: string; host: string };
  /** List what would be deleted and retained; change nothing (no lock, no journal). Default: false. */
  dryRun?: boolean;
  /** Do not ask for the typed region. Default: false. */
  yes?: boolean;
  /** Wait overrides (only `stack` is used). Default: see wait-profiles.ts. */
  waits?: WaitOverrides;
}

export interface TeardownPorts extends EnginePorts {
  /** Names the resources the blueprint retains; without it they are not listed. */
  stackResources?: (region: string, stack: string) => Promise<StackResource[]>;
}

/** What the blueprint keeps when its stack is deleted (templates/*.yaml DeletionPolicy). */
interface Retained {
  stack: string;
  type: string;
  id: string;
  /** `retained` (DeletionPolicy Retain) or `final snapshot` (Snapshot). */
  how: 'retained' | 'final snapshot';
}

export type TeardownOutcome =
  | { kind: 'nothing-to-do'; region: string; reason: string }
  | {
      kind: 'planned' | 'torn-down';
      region: string;
      stacks: string[];
      retained: Retained[];
      timings: PhaseTiming[];
      journal?: string;
    }
  | { kind: 'aborted'; region: string; reason: 'declined' };

const RETAIN: Record<string, Retained['how']> = {
  'AWS::S3::Bucket': 'retained',
  'AWS::KMS::Key': 'retained',
  'AWS::RDS::DBCluster': 'final snapshot',
};

/** The sets that send users to `region` now (not a SECONDARY or a zero weight). */
function servingInto(records: RecordSet[], record: RecordInput, region: string): RecordSet[] {
  const regionOfId = (id?: string) =>
    Object.entries(record.setIdentifiers ?? {}).find(([, v]) => v === id)?.[0];
  const inRegion = (rs: RecordSet) =>
    regionOfId(rs.SetIdentifier) === region ||
    (rs.AliasTarget?.DNSName.toLowerCase().includes(`.${region}.elb.`) ?? false);
  const serving = (rs: RecordSet) =>
    rs.Failover ? rs.Failover === 'PRIMARY' : rs.Weight !== undefined ? rs.Weight > 0 : true;
  return records.filter((rs) => serving(rs) && inRegion(rs));
}

export async function teardownRegion(
  input: TeardownInput,
  ports: TeardownPorts,
  sink: EventSink,
): Promise<TeardownOutcome> {
  const { region, record } = input;
  const ctx: DnsContext = {
    runId: input.runId,
    ports,
    sink,
    em: new Emitter(sink, ports.clock),
    journal: new RunJournal(ports.journal, input.runId, ports.clock),
    waits: resolveWaits(input.waits),
    timings: [],
    zoneId: input.hostedZoneId,
    name: record.name,
    type: record.type,
  };
  await refuseWhileServing(ctx, input);
  const existing = await existingStacks(ports, region, input.waves);
  if (existing.length === 0) {
    return {
      kind: 'nothing-to-do',
      region,
      reason: `no drctl stack of ${input.app} ${input.env} is in ${region}`,
    };
  }
  const retained = await retainedOf(ports, region, existing);
  const plan = { region, stacks: existing, retained, timings: ctx.timings };
  if (input.dryRun) return { kind: 'planned', ...plan };
  if (!input.yes && !(await confirm(ctx, input, existing)))
    return { kind: 'aborted', region, reason: 'declined' };
  const key = lockKeyFor(input.hostedZoneId, record.name, record.type);
  await ctx.journal.write('run-started', {
    runId: input.runId,
    command: 'teardown',
    app: input.app,
    env: input.env,
    region,
    lockKey: key,
  });
  ctx.em.emit('run-start', { runId: input.runId, command: 'teardown', to: region });
  let ending = 'error';
  try {
    await span(ctx.em, ctx.timings, 'lock', () => acquireLock(ctx, { key, operator: input.operator }));
    try {
      // Again under the lock: a failover may have moved the record since the first look.
      await refuseWhileServing(ctx, input);
      await span(ctx.em, ctx.timings, 'teardown', async () => {
        for (const name of existing) await deleteStack(ctx, region, name);
      });
    } finally {
      await span(ctx.em, ctx.timings, 'release-lock', () => releaseLock(ctx, key));
    }
    ending = 'torn-down';
    return { kind: 'torn-down', ...plan, journal: ctx.journal.location };
  } finally {
    await ctx.journal.write('run-finished', { outcome: ending }).catch(() => undefined);
  }
}

async function refuseWhileServing(ctx: DnsContext, input: TeardownInput): Promise<void> {
  const records = await ctx.ports.dns.listRecordSets(ctx.zoneId, ctx.name, ctx.type);
  const serving = servingInto(records, input.record, input.region);
  if (serving.length > 0 || servingRegion(records, input.record) === input.region) {
    throw new DrctlError(
      'USAGE',
      `${input.record.name} ${input.record.type} still sends traffic to ${input.region}, so drctl will not tear it down; fail over away from it first.`,
      { source: 'user' },
    );
  }
  const fallback = records.filter((rs) =>
    rs.AliasTarget?.DNSName.toLowerCase().includes(`.${input.region}.elb.`),
  );
  for (const rs of fallback) {
    ctx.em.warn(
      `the ${rs.Failover ?? `weight ${rs.Weight}`} set ${rs.SetIdentifier ?? ''} still aliases a load balancer in ${input.region}; after the teardown it points at nothing`,
    );
  }
}

/** Existing (not deleted) stacks, in the order they must be deleted: reverse waves. */
async function existingStacks(ports: EnginePorts, region: string, waves: string[][]): Promise<string[]> {
  const out: string[] = [];
  for (const wave of [...waves].reverse()) {
    for (const name of wave) {
      const info = await ports.stacks.describe(region, name);
      if (info && !stackStatus.isDeleted(info.status)) out.push(name);
    }
  }
  return out;
}

async function retainedOf(ports: TeardownPorts, region: string, stacks: string[]): Promise<Retained[]> {
  if (!ports.stackResources) return [];
  const out: Retained[] = [];
  for (const stack of stacks) {
    for (const r of await ports.stackResources(region, stack)) {
      const how = RETAIN[r.type];
      if (how && r.physicalId) out.push({ stack, type: r.type, id: r.physicalId, how });
    }
  }
  return out;
}

async function confirm(ctx: DnsContext, input: TeardownInput, stacks: string[]): Promise<boolean> {
  const typed = await ctx.sink.ask({
    kind: 'type-to-confirm',
    id: 'confirm-teardown',
    message: `Delete ${stacks.length} drctl stack(s) of ${input.app} ${input.env} in ${input.region} (${stacks.join(', ')}). Type ${input.region} to confirm`,
    expected: input.region,
    default: '',
  });
  return typed.trim() === input.region;
}
