/**
 * `drctl resume <run-id>`: continue an interrupted run from its last completed step. Steps
 * with a `step-done` are skipped (their journaled data is reused: above all the DNS
 * snapshot, which must be the one taken before any change). A flip whose intent was
 * journaled but not its outcome is checked against the live record sets first.
 */
import { DrctlError } from '../errors.js';
import type { RunContext } from './context.js';
import { applyChanges, sameRecordSets } from './dns-restore.js';
import type { EventSink } from './events.js';
import { createRunContext, runFlow, runHeader } from './failover.js';
import { checkFence, flipBatches, statesOfRun } from './fencing.js';
import type { EnginePorts, FailoverInput, FailoverOutcome } from './input.js';
import { loadRun, type RunState } from './run-journal.js';
import { readRecordSets } from './steps/dns.js';
import { switchPort } from './switch/controls.js';
import { fenceControls, fenceRefusal } from './switch/rollback.js';

/**
 * Outcomes after which resuming would repeat or undo a decision: the run is over. Not
 * `aborted`: an interrupted or declined run changed no DNS, and its message tells the
 * operator to resume it (the confirmation is asked again).
 */
const FINAL = new Set(['flipped', 'rolled-back', 'no-op', 'held', 'closed']);

function checkSameRun(state: RunState, input: FailoverInput): void {
  const was = state.header;
  if (!was) throw new DrctlError('USAGE', `the journal of run ${input.runId} has no run-started entry`);
  const now = runHeader(input);
  const fields = ['hostedZoneId', 'name', 'type', 'routing', 'from', 'to'] as const;
  const changed: string[] = fields.filter((f) => was[f] !== now[f]);
  if (was.switch !== now.switch) changed.push('switch mode');
  if (changed.length) {
    throw new DrctlError(
      'USAGE',
      `the config no longer matches run ${input.runId} (${changed.join(', ')} differ)`,
      {
        source: 'user',
        hints: [`roll it back instead: drctl rollback ${input.runId}`],
      },
    );
  }
}

export async function resumeRun(
  runId: string,
  input: FailoverInput,
  ports: EnginePorts,
  sink: EventSink,
  signal?: AbortSignal,
  opts: { force?: boolean } = {},
): Promise<FailoverOutcome> {
  const state = await loadRun(ports.journal, runId);
  const resumedInput = { ...input, runId };
  checkSameRun(state, resumedInput);
  const ctx = createRunContext(resumedInput, ports, sink, signal, state);
  if (state.finished && FINAL.has(state.finished)) {
    return {
      runId,
      timings: [],
      totalMs: 0,
      journal: ctx.journal.location,
      kind: 'no-op',
      reason: `run ${runId} already ended ${state.finished}`,
    };
  }
  if (state.intents.has('rollback') || state.intents.has('restore-controls')) {
    throw new DrctlError('REFUSED', `run ${runId} was rolling back when it stopped`, {
      source: 'user',
      hints: [`finish the rollback: drctl rollback ${runId}`],
    });
  }
  if (input.switch) await fenceSwitch(ctx, state, Boolean(opts.force));
  else await fence(ctx, state, Boolean(opts.force));
  await ctx.journal.write('run-resumed');
  // A switch set journaled but unconfirmed is sent again by the flow: setting the same states twice is harmless.
  if (!input.switch) await reconcileFlips(ctx);
  return runFlow(ctx, true);
}

/**
 * Invariant 9: resume only while the live record sets are what this run found (before
 * its flip) or left (after it), so a run superseded by a later one, through --break-lock
 * say, never moves traffic that the later run placed. `force` waives it.
 */
async function fence(ctx: RunContext, state: RunState, force: boolean): Promise<void> {
  const all = statesOfRun(state);
  const flipped = ctx.journal.anyFlipDone() && ctx.journal.pendingFlips().length === 0;
  // Once its flips are done, what the run found is no longer a state to continue from.
  const after = flipBatches(state).length + (state.done.has('left') ? 1 : 0);
  const live = await readRecordSets(ctx);
  // A record that is gone is preflight's to refuse, in its own words (never created).
  if (live.length === 0) return;
  await checkFence({
    journal: ctx.ports.journal,
    runId: ctx.runId,
    state,
    live,
    states: flipped ? all.slice(all.length - after) : all,
    action: 'resume',
    force,
  });
}

/** Invariant 9 in switch mode: the live controls must be what this run found, read or set. */
async function fenceSwitch(ctx: RunContext, state: RunState, force: boolean): Promise<void> {
  if (force || !ctx.journal.isDone('controls-found')) return;
  const live = await switchPort(ctx).read(ctx.input.switch!.regions);
  if (!fenceControls(state, live)) throw fenceRefusal(ctx.runId, live, 'resume');
}

/**
 * A flip journaled as intent without done: the batch may or may not have reached Route 53.
 * Live sets equal to the state before it: not applied, the flow will send it again. Equal
 * to the state after it: applied, journal it done. Anything else: someone else changed
 * the record, and guessing is unsafe.
 */
async function reconcileFlips(ctx: RunContext): Promise<void> {
  const { journal } = ctx;
  const pending = journal.pendingFlips();
  if (pending.length === 0) return;
  const snapshot = journal.doneData('snapshot');
  if (!snapshot) throw new DrctlError('JOURNAL', `run ${ctx.runId} journaled a flip without a snapshot`);
  const batches = flipBatches(journal.state);
  const before = batches.slice(0, -1).reduce(applyChanges, snapshot.records);
  const after = applyChanges(before, batches[batches.length - 1] ?? []);
  const live = await readRecordSets(ctx);
  for (const step of pending) {
    if (sameRecordSets(live, after)) {
      await journal.done(step, { reconciled: 'applied' });
    } else if (sameRecordSets(live, before)) {
      await journal.notApplied(step);
    } else {
      throw new DrctlError('REFUSED', `the record sets of ${ctx.name} changed outside run ${ctx.runId}`, {
        source: 'user',
        hints: [`inspect them, then roll back with: drctl rollback ${ctx.runId}`],
      });
    }
  }
}
