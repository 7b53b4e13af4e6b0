/**
 * `drctl drill <region>`: rehearse a failover end to end in drill resources, measure it,
 * tear everything down and prove nothing is left. The rehearsal is the failover's own
 * steps (deploy with data recovery, await ALB, pre-flip probe, then a DRILL record
 * created, awaited and verified), each a span; the report is built from those spans.
 * Production is never touched: the stacks, names, data and record are the drill's own.
 */
import { DrctlError, isDrctlError } from '../../errors.js';
import { typesOf } from '../../ports/dns.js';
import { stackStatus } from '../../ports/stack-status.js';
import { type RunContext, throwIfAborted } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { aliasTo, fqdn, requireRecord } from '../dns-plan.js';
import type { EventSink, Phase } from '../events.js';
import { span } from '../events.js';
import { createRunContext } from '../failover.js';
import { lockKeyFor, type NewAlb } from '../input.js';
import type { StepId } from '../journal-entries.js';
import { awaitAlb } from '../steps/alb.js';
import { deployWaves } from '../steps/deploy.js';
import { awaitInsync, submitBatch } from '../steps/dns.js';
import { verifyFlip } from '../steps/dns-verify.js';
import { acquireLock, releaseLock } from '../steps/lock.js';
import { probeUntilProven } from '../steps/probe.js';
import { baseInventory, mergeInventory } from './inventory.js';
import { DrillRecorder } from './recorder.js';
import { buildResult } from './result.js';
import { type TeardownContext, teardown } from './teardown.js';
import type { DrillInput, DrillInventory, DrillPorts, DrillResult } from './types.js';
import { verifyClean } from './verify-clean.js';

export interface Rehearsal {
  failure?: { phase?: Phase; code: string; message: string };
  /** When the last verification ended (clock time); undefined when the rehearsal failed. */
  endedAt?: number;
  lockKey?: string;
}

export async function runDrill(
  input: DrillInput,
  ports: DrillPorts,
  sink: EventSink,
  signal?: AbortSignal,
): Promise<DrillResult> {
  const rec = new DrillRecorder(sink);
  const ctx = createRunContext(input.failover, ports, rec, signal);
  const f = input.failover;
  const inv = baseInventory(input);
  await ctx.journal.write('run-started', {
    runId: f.runId,
    command: 'drill',
    drillId: input.drillId,
    app: f.app,
    env: f.env,
    from: f.primaryRegion,
    to: f.targetRegion,
    dns: input.dns,
  });
  await ctx.journal.write('drill-inventory', inv);
  ctx.em.emit('run-start', { runId: f.runId, command: 'drill', from: f.primaryRegion, to: f.targetRegion });
  ctx.em.emit('drill-started', {
    drillId: input.drillId,
    region: f.targetRegion,
    env: f.env,
    dns: input.dns,
    ...(input.dns ? { record: f.record.name } : {}),
  });
  for (const message of input.notes ?? []) ctx.em.emit('drill-note', { message });
  const rehearsal = await rehearse(ctx, input);
  const data = ctx.timings.find((t) => t.phase === 'recover-data');
  if (data) rec.addDataBar(data.durationMs);
  if (mergeInventory(inv, { snapshots: rec.copies })) await ctx.journal.write('drill-inventory', inv);
  const cleanup = input.keep ? undefined : await cleanUp(teardownContext(ctx, input), owned(ctx, inv));
  if (rehearsal.lockKey) {
    const key = rehearsal.lockKey;
    await span(ctx.em, ctx.timings, 'release-lock', () => releaseLock(ctx, key));
  }
  const result = buildResult({ input, ctx, rec, rehearsal, inv, cleanup });
  await ctx.journal.write('drill-result', result);
  await ctx.journal.write('run-finished', { outcome: result.verdict });
  ctx.em.emit('run-end', {
    runId: f.runId,
    outcome: result.verdict,
    totalMs: ports.clock.now() - ctx.startedAt,
  });
  return result;
}

/**
 * Only what this run set out to create: a stack or record that was already there when
 * preflight refused is someone else's (an earlier drill's, for `--sweep`) and is left alone.
 */
function owned(ctx: RunContext, inv: DrillInventory): DrillInventory {
  const intended = (step: StepId) => ctx.journal.isIntended(step);
  const { record, ...rest } = inv;
  return {
    ...rest,
    stacks: inv.stacks.map((w) => w.filter((name) => intended(`deploy:${name}`))),
    ...(record && intended('flip:1') ? { record } : {}),
  };
}

/** Teardown runs without the run's signal: a drill stopped with Ctrl-C must still clean up. */
function teardownContext(ctx: RunContext, input: DrillInput): TeardownContext {
  const { signal: _ignored, ...rest } = ctx;
  return {
    ...rest,
    cleanup: (ctx.ports as DrillPorts).cleanup,
    keyDeletionDays: input.keyDeletionDays ?? DEFAULTS.drillKeyDeletionDays,
  };
}

async function cleanUp(tctx: TeardownContext, inv: DrillInventory) {
  const cleaned = await span(tctx.em, tctx.timings, 'teardown', () => teardown(tctx, inv));
  const leftovers = await span(tctx.em, tctx.timings, 'verify-clean', () => verifyClean(tctx, inv));
  // Gone although its deletion failed: real CloudFormation keeps a stack whose delete fails
  // (its delete failed, caught above); an emulator may not, and then what it held may remain.
  for (const c of cleaned.filter((x) => x.action === 'failed')) {
    if (!leftovers.some((l) => l.kind === c.kind && l.id === c.id)) {
      tctx.em.warn(
        `${c.kind} ${c.id} is gone but its deletion reported: ${c.detail}; check that nothing it held remains`,
      );
    }
  }
  await tctx.journal.write(leftovers.length ? 'drill-leftovers' : 'drill-clean', { leftovers });
  return { cleaned, leftovers };
}

/** The failover's steps against the drill's resources; any failure ends it (teardown follows). */
async function rehearse(ctx: RunContext, input: DrillInput): Promise<Rehearsal> {
  const f = input.failover;
  let phase: Phase | undefined;
  let lockKey: string | undefined;
  const step = <T>(p: Phase, fn: () => Promise<T>) => {
    phase = p;
    throwIfAborted(ctx);
    return span(ctx.em, ctx.timings, p, fn);
  };
  try {
    await step('preflight', () => drillPreflight(ctx, input));
    if (input.dns) {
      const key = lockKeyFor(f.hostedZoneId, f.record.name, f.record.type);
      await step('lock', () => acquireLock(ctx, { key, operator: f.operator, yes: true }));
      lockKey = key;
    }
    await step('deploy', () => deployWaves(ctx));
    const alb = await step('await-alb', () => awaitAlb(ctx));
    await step('pre-flip-probe', () => probeUntilProven(ctx, 'pre-flip', alb.dnsName));
    if (input.dns) await flipDrillRecord(ctx, alb, step);
    return { endedAt: ctx.ports.clock.now(), ...(lockKey ? { lockKey } : {}) };
  } catch (e) {
    const code = isDrctlError(e) ? e.code : 'INTERNAL';
    const message = e instanceof Error ? e.message : String(e);
    return { failure: { ...(phase ? { phase } : {}), code, message }, ...(lockKey ? { lockKey } : {}) };
  }
}

type Step = <T>(p: Phase, fn: () => Promise<T>) => Promise<T>;

/** CREATE, not UPSERT: a record the drill did not make is never overwritten. */
async function flipDrillRecord(ctx: RunContext, alb: NewAlb, step: Step): Promise<void> {
  const f = ctx.input;
  // `A+AAAA`: both drill records in the one batch, as a failover moves both.
  const creates = typesOf(f.record.type).map((type) => ({
    Action: 'CREATE' as const,
    ResourceRecordSet: { Name: fqdn(f.record.name), Type: type, AliasTarget: aliasTo(alb) },
  }));
  const comment = `drctl ${f.runId} drill record -> ${f.targetRegion}`;
  const changeId = await step('flip', () => submitBatch(ctx, 'flip:1', creates, comment));
  await step('await-insync', () => awaitInsync(ctx, changeId));
  await step('verify', async () => {
    const expected = creates.map((c) => c.ResourceRecordSet);
    const v = await verifyFlip(ctx, { alb, expected, checkAnswer: true });
    // To the addresses Route 53 answers for the drill record, with the public name as SNI
    // and Host: what users would get, without the operator's resolver cache in between.
    await probeUntilProven(ctx, 'post-flip', v.probeAddresses);
  });
}

async function drillPreflight(ctx: RunContext, input: DrillInput): Promise<void> {
  const f = input.failover;
  await ctx.ports.identity.whoami(f.targetRegion);
  const prod = input.productionRecord;
  if (prod) {
    const sets = await ctx.ports.dns.listRecordSets(f.hostedZoneId, prod.name, prod.type);
    requireRecord(sets, prod, `hosted zone ${f.hostedZoneId}`);
  }
  if (input.dns) {
    const sets = await ctx.ports.dns.listRecordSets(f.hostedZoneId, f.record.name, f.record.type);
    if (sets.length > 0) {
      throw new DrctlError('REFUSED', `the drill record ${f.record.name} ${f.record.type} already exists`, {
        source: 'user',
        hints: [
          'an earlier drill died before removing it: `drctl drill --sweep` lists and removes its leftovers',
        ],
      });
    }
  }
  for (const name of f.waves.flat().map((s) => s.name)) {
    const s = await ctx.ports.stacks.describe(f.targetRegion, name);
    if (s && !stackStatus.isDeleted(s.status)) {
      throw new DrctlError('REFUSED', `stack ${name} already exists in ${f.targetRegion}`, {
        source: 'user',
        hints: ['drill ids are random: run again, or `drctl drill --sweep` if it is a leftover'],
      });
    }
  }
}
