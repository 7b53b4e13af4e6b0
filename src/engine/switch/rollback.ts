/**
 * `drctl rollback <run-id>` and `drctl resume <run-id>` for a switch-mode run: the
 * controls go back to the states the run read before its set (`controls-before`), and
 * only while the live controls are still what that run found or left (invariant 9),
 * unless forced. Nothing here reads or writes a record set.
 */
import { DrctlError } from '../../errors.js';
import type { DnsContext } from '../context.js';
import { span } from '../events.js';
import type { RunHeader } from '../journal-entries.js';
import type { RollbackOptions, RollbackOutcome } from '../rollback.js';
import { closeRun, underRollbackLock } from '../rollback.js';
import type { RunState } from '../run-journal.js';
import { describeStates, restoreControls, type States, sameStates, switchPort } from './controls.js';

/**
 * Live states this run may act on: what it found or read before the set, what it set,
 * or, with a set journaled but unconfirmed, any mix of the two (an s3-object set that
 * stopped half way). Anything else is a later change, not this run's to undo or replay.
 */
export function fenceControls(state: RunState, live: States): boolean {
  const found = state.done.get('controls-found') as { states: States } | undefined;
  const before = state.done.get('controls-before') as { states: States } | undefined;
  const set = state.intents.get('set-controls') as { states: States } | undefined;
  const candidates = [found?.states, before?.states, set?.states].filter((s): s is States => Boolean(s));
  if (candidates.some((c) => sameStates(c, live))) return true;
  if (!before || !set || state.done.has('set-controls')) return false;
  return Object.keys(live).every((r) => live[r] === before.states[r] || live[r] === set.states[r]);
}

export function fenceRefusal(runId: string, live: States, action: string): DrctlError {
  return new DrctlError(
    'REFUSED',
    `the controls are ${describeStates(live)}, which run ${runId} neither found nor left, so a later change owns them; not ${action === 'resume' ? 'resuming' : 'rolling back'}`,
    { source: 'user', hints: [`pass --force to ${action} anyway`] },
  );
}

export async function rollbackSwitchRun(
  ctx: DnsContext,
  header: RunHeader,
  state: RunState,
  opts: RollbackOptions,
): Promise<RollbackOutcome> {
  const { runId } = ctx;
  const before = ctx.journal.doneData('controls-before');
  if (!before || !ctx.journal.isIntended('set-controls')) return closeRun(ctx, header, state, opts);
  const regions = Object.keys(before.states);
  return underRollbackLock(ctx, header, opts, async (end) => {
    const live = await switchPort(ctx).read(regions);
    ctx.em.emit('switch-states', { what: 'found', states: live });
    if (!opts.force && !fenceControls(state, live)) throw fenceRefusal(runId, live, 'roll back');
    const region = before.serving ?? header.from;
    if (!sameStates(live, before.states) && !opts.yes) {
      const typed = await ctx.sink.ask({
        kind: 'type-to-confirm',
        id: 'confirm-rollback',
        message: `Set the controls back to ${describeStates(before.states)} as run ${runId} found them (${region}). Type ${region} to confirm`,
        expected: region,
        default: '',
      });
      if (typed.trim() !== region) return { kind: 'aborted', runId, reason: 'declined' };
    }
    end.ending = 'ROLLBACK_FAILED';
    await span(ctx.em, ctx.timings, 'restore-controls', () => restoreControls(ctx, regions, before.states));
    await ctx.journal.done('controls-left', before);
    end.ending = 'rolled-back';
    return {
      kind: 'restored',
      runId,
      restore: [],
      restoredControls: before.states,
      timings: ctx.timings,
      journal: ctx.journal.location,
    };
  });
}
