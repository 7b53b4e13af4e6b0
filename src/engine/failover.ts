/**
 * The failover flow: preflight, lock, deploy, await ALB, pre-flip probe, snapshot,
 * confirm, flip, await INSYNC, verify, rollback on failure, release the lock. Each
 * mutation is journaled before it is made; DNS changes only after the probe passed; any
 * failure once DNS may have changed ends in an exact, verified restore (or a loud
 * ROLLBACK_FAILED with the batch to apply by hand).
 */

import { isDrctlError } from '../errors.js';
import { afterFlipFailure, outcomeBase as base, checkSourceHealth } from './after-flip.js';
import { type RunContext, throwIfAborted } from './context.js';
import { alreadyRoutesTo, type PlannedBatch, planFlip } from './dns-plan.js';
import { applyChanges } from './dns-restore.js';
import { BatchNotAppliedError } from './errors.js';
import { Emitter, type EventSink, skipped, span } from './events.js';
import { Expectations } from './expectations.js';
import type { EnginePorts, FailoverInput, FailoverOutcome, NewAlb } from './input.js';
import { lockKeyFor } from './input.js';
import type { RunHeader, SnapshotData } from './journal-entries.js';
import { doneIn, RunJournal, type RunState } from './run-journal.js';
import { standUpAlb } from './steps/alb.js';
import { awaitInsync, submitFlip, takeSnapshot } from './steps/dns.js';
import { verifyFlip } from './steps/dns-verify.js';
import { withRunLock } from './steps/lock.js';
import { preflight, validateInput } from './steps/preflight.js';
import { probeUntilProven } from './steps/probe.js';
import { switchFlow } from './switch/flow.js';
import { resolveWaits } from './wait-profiles.js';

export function createRunContext(
  input: FailoverInput,
  ports: EnginePorts,
  sink: EventSink,
  signal?: AbortSignal,
  state?: RunState,
): RunContext {
  return {
    runId: input.runId,
    input,
    ports,
    sink,
    em: new Emitter(sink, ports.clock),
    journal: new RunJournal(ports.journal, input.runId, ports.clock, state),
    waits: resolveWaits(input.waits),
    timings: [],
    zoneId: input.hostedZoneId,
    name: input.record.name,
    type: input.record.type,
    startedAt: ports.clock.now(),
    from:
      (state ? (doneIn(state, 'found') ?? doneIn(state, 'controls-found'))?.serving : undefined) ??
      input.primaryRegion,
    ...(signal ? { signal } : {}),
  };
}

export function runHeader(input: FailoverInput): RunHeader {
  const { record } = input;
  return {
    runId: input.runId,
    command: 'failover',
    app: input.app,
    env: input.env,
    from: input.primaryRegion,
    to: input.targetRegion,
    hostedZoneId: input.hostedZoneId,
    name: record.name,
    type: record.type,
    routing: record.routing,
    lockKey: lockKeyFor(input.hostedZoneId, record.name, record.type),
    ...(input.switch ? { switch: input.switch.kind } : {}),
  };
}

/** `drctl failover <region>`: the whole flow (`drctl plan` is src/engine/plan/). */
export async function failover(
  input: FailoverInput,
  ports: EnginePorts,
  sink: EventSink,
  signal?: AbortSignal,
): Promise<FailoverOutcome> {
  validateInput(input);
  const ctx = createRunContext(input, ports, sink, signal);
  await ctx.journal.write('run-started', runHeader(input));
  return runFlow(ctx, false);
}

/** Runs the flow and journals how it ended, whether it returned or threw. */
export async function runFlow(ctx: RunContext, resumed: boolean): Promise<FailoverOutcome> {
  const { input } = ctx;
  ctx.em.emit('run-start', {
    runId: ctx.runId,
    command: resumed ? 'resume' : 'failover',
    from: ctx.from,
    to: input.targetRegion,
  });
  let ending = 'error';
  // Read once, before the first wait: past runs' durations let every wait poll by expectation.
  ctx.expect ??= await Expectations.learn(input, ctx.ports.journal);
  try {
    const outcome = await flow(ctx, resumed);
    ending = outcome.kind;
    return outcome;
  } catch (e) {
    ending = isDrctlError(e) ? e.code : 'error';
    throw e;
  } finally {
    // Timings go in too: `drctl plan` estimates recovery time from past runs' phases.
    await ctx.journal.write('run-finished', { outcome: ending, timings: ctx.timings }).catch(() => undefined);
    ctx.em.emit('run-end', {
      runId: ctx.runId,
      outcome: ending,
      totalMs: ctx.ports.clock.now() - ctx.startedAt,
    });
  }
}

async function flow(ctx: RunContext, resumed: boolean): Promise<FailoverOutcome> {
  if (ctx.input.switch) return switchFlow(ctx, resumed);
  const { input } = ctx;
  const checkServing = !resumed && !input.flags?.force;
  const pre = await span(ctx.em, ctx.timings, 'preflight', () => preflight(ctx, input, checkServing));
  if (pre.noop) return { ...base(ctx), kind: 'no-op', reason: pre.noop };
  // What this run found, for fencing (invariant 9): a resume refuses once it is gone.
  // (Not for a resumed journal that predates `found` and has its snapshot: the live sets
  // may be its own flip's by now.)
  if (!ctx.journal.isDone('found') && !ctx.journal.isDone('snapshot')) {
    await ctx.journal.done('found', { ...pre.found });
  }
  await checkSourceHealth(ctx, pre.found.records);
  const out = await withRunLock(ctx, () => underLock(ctx));
  return out === 'declined' ? { ...base(ctx), kind: 'aborted', reason: 'declined', dnsChanged: false } : out;
}

async function underLock(ctx: RunContext): Promise<FailoverOutcome> {
  let prepared: { alb: NewAlb; snapshot: SnapshotData; batches: PlannedBatch[] } | FailoverOutcome;
  try {
    prepared = await prepare(ctx);
  } catch (e) {
    if (isDrctlError(e) && e.code === 'ABORTED') {
      return { ...base(ctx), kind: 'aborted', reason: 'interrupted', dnsChanged: false };
    }
    throw e;
  }
  if ('kind' in prepared) return prepared;
  return flipAndVerify(ctx, prepared.alb, prepared.snapshot, prepared.batches);
}

/** Everything before the first DNS change; may end the run as no-op or aborted. */
async function prepare(ctx: RunContext) {
  const { em, timings, journal, input } = ctx;
  const flipStarted = journal.isDone('flip:1');
  const alb = await standUpAlb(ctx, flipStarted);
  let snapshot = journal.doneData('snapshot');
  if (snapshot) skipped(em, timings, 'snapshot');
  else snapshot = await span(em, timings, 'snapshot', () => takeSnapshot(ctx));
  const planInput = {
    snapshot: snapshot.records,
    record: input.record,
    fromRegion: ctx.from,
    toRegion: input.targetRegion,
    alb,
  };
  if (!flipStarted && alreadyRoutesTo(planInput)) {
    return {
      ...base(ctx),
      kind: 'no-op',
      reason: `${input.record.name} already routes to the new ALB`,
    } as const;
  }
  const batches = planFlip(planInput);
  ctx.em.emit('dns-plan', { batches: batches.map((b) => b.changes), comment: comment(ctx, 1) });
  if (!flipStarted && !(await span(em, timings, 'confirm', () => confirm(ctx, batches)))) {
    return { ...base(ctx), kind: 'aborted', reason: 'declined', dnsChanged: false } as const;
  }
  throwIfAborted(ctx); // Ctrl-C during the prompt: still nothing changed
  return { alb, snapshot, batches };
}

function comment(ctx: RunContext, step: number): string {
  return `drctl ${ctx.runId} failover ${ctx.from} -> ${ctx.input.targetRegion} step ${step}`;
}

async function confirm(ctx: RunContext, batches: PlannedBatch[]): Promise<boolean> {
  const { input } = ctx;
  if (input.flags?.yes) return true;
  const n = batches.reduce((k, b) => k + b.changes.length, 0);
  const typed = await ctx.sink.ask({
    kind: 'type-to-confirm',
    id: 'confirm-flip',
    message: `Move ${input.record.name} ${input.record.type} from ${ctx.from} to ${input.targetRegion} (${n} change(s) in ${batches.length} batch(es)). Type the target region to confirm`,
    expected: input.targetRegion,
    default: '',
  });
  return typed.trim() === input.targetRegion;
}

async function flipAndVerify(
  ctx: RunContext,
  alb: NewAlb,
  snapshot: SnapshotData,
  batches: PlannedBatch[],
): Promise<FailoverOutcome> {
  const { em, timings, journal } = ctx;
  let expected = snapshot.records;
  let answerVerified = true;
  try {
    for (const b of batches) {
      const flip = `flip:${b.step}` as const;
      const done = journal.doneData(flip);
      let changeId = done && 'changeId' in done ? done.changeId : undefined;
      if (journal.isDone(flip)) skipped(em, timings, 'flip', b.step);
      else {
        throwIfAborted(ctx);
        changeId = await span(
          em,
          timings,
          'flip',
          () => submitFlip(ctx, flip, b.changes, comment(ctx, b.step), expected),
          b.step,
        );
      }
      expected = applyChanges(expected, b.changes);
      await span(em, timings, 'await-insync', () => insync(ctx, changeId), b.step);
      const after = expected;
      const ok = await span(em, timings, 'verify', () => verify(ctx, b, alb, after), b.step);
      answerVerified &&= ok;
      await journal.done(`verify:${b.step}`);
    }
  } catch (e) {
    const anyApplied = ctx.journal.anyFlipDone();
    // The first batch was refused and is not in place: this run changed nothing, and a
    // record someone changed since the snapshot (the cause of the refusal) is theirs.
    if (e instanceof BatchNotAppliedError && !anyApplied) throw e.refusal;
    return afterFlipFailure(ctx, snapshot, expected, e instanceof BatchNotAppliedError ? e.refusal : e);
  }
  // What this run left, as applied (invariant 9): a later rollback refuses once it is gone.
  await ctx.journal.done('left', { records: expected });
  const applied = batches.map((b) => b.changes);
  const { from, input } = ctx;
  return {
    ...base(ctx),
    kind: 'flipped',
    from,
    to: input.targetRegion,
    alb,
    batches: applied,
    answerVerified,
  };
}

async function insync(ctx: RunContext, changeId: string | undefined): Promise<void> {
  // A flip reconciled on resume (applied, but its change id never journaled) has no id to poll.
  if (changeId) await awaitInsync(ctx, changeId);
  else
    ctx.em.warn('the change id of this flip was never journaled: INSYNC not confirmed, verifying directly');
}

/** Read-back (and answer) first, then the probe on the addresses that proof yields. */
async function verify(
  ctx: RunContext,
  b: PlannedBatch,
  alb: NewAlb,
  expected: SnapshotData['records'],
): Promise<boolean> {
  const v = await verifyFlip(ctx, { alb, expected, checkAnswer: b.expectNewAlbAnswer });
  await probeUntilProven(ctx, 'post-flip', v.probeAddresses);
  return v.answerVerified;
}
