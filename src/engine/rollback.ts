/**
 * `drctl rollback <run-id>`: put back the DNS snapshot a run journaled, exactly, and verify
 * it. Fenced (invariant 9): only while the live record sets are still what that run left,
 * unless forced. Shows the batch and asks for the region it restores (unless `yes`).
 * Idempotent: a second rollback finds nothing to change and verifies again. A run that
 * never changed DNS is closed instead: its lock released, the run marked finished.
 * Needs only the journal, not the config.
 */
import { DrctlError } from '../errors.js';
import type { RecordChange } from '../ports/dns.js';
import type { SwitchState } from '../ports/traffic-switch.js';
import type { DnsContext } from './context.js';
import { applyChanges, restoreBatch } from './dns-restore.js';
import { Emitter, type EventSink, type PhaseTiming, span } from './events.js';
import { checkFence, flipBatches, statesOfRun } from './fencing.js';
import type { EnginePorts } from './input.js';
import type { RunHeader } from './journal-entries.js';
import { doneIn, loadRun, RunJournal, type RunState } from './run-journal.js';
import { readRecordSets, restoreSnapshot } from './steps/dns.js';
import { acquireLock, releaseLock } from './steps/lock.js';
import { rollbackSwitchRun } from './switch/rollback.js';
import { resolveWaits, type WaitOverrides } from './wait-profiles.js';

export interface RollbackOptions {
  /** Who runs the rollback, for the lock. Default: `{ holder: 'drctl', host: 'unknown' }`. */
  operator?: { holder: string; host: string };
  /** Break a lock held by another run. Default: false. */
  breakLock?: boolean;
  /** Do not ask (neither to break a lock nor to confirm the restore). Default: false. */
  yes?: boolean;
  /** Roll back although a later change superseded the run (invariant 9 waived). Default: false. */
  force?: boolean;
  /** Wait overrides (only `dnsInsync` is used). Default: see wait-profiles.ts. */
  waits?: WaitOverrides;
  signal?: AbortSignal;
}

export type RollbackOutcome =
  | { kind: 'nothing-to-do'; runId: string; reason: string }
  /** A run that never changed DNS, now marked finished; `lockReleased` when it still held the lock. */
  | { kind: 'closed'; runId: string; lockReleased: boolean; journal: string }
  | {
      kind: 'restored';
      runId: string;
      restore: RecordChange[];
      timings: PhaseTiming[];
      journal: string;
      /** Switch mode: the control states put back (then `restore` is empty). */
      restoredControls?: Record<string, SwitchState>;
    }
  | { kind: 'aborted'; runId: string; reason: 'declined' };

function dnsContext(
  runId: string,
  header: RunHeader,
  state: RunState,
  ports: EnginePorts,
  sink: EventSink,
  opts: RollbackOptions,
): DnsContext {
  return {
    runId,
    ports,
    sink,
    em: new Emitter(sink, ports.clock),
    journal: new RunJournal(ports.journal, runId, ports.clock, state),
    waits: resolveWaits(opts.waits),
    timings: [],
    zoneId: header.hostedZoneId,
    name: header.name,
    type: header.type,
  };
}

export async function rollbackRun(
  runId: string,
  ports: EnginePorts,
  sink: EventSink,
  opts: RollbackOptions = {},
): Promise<RollbackOutcome> {
  const state = await loadRun(ports.journal, runId);
  const header = state.header;
  if (!header) throw new DrctlError('USAGE', `the journal of run ${runId} has no run-started entry`);
  const ctx = dnsContext(runId, header, state, ports, sink, opts);
  if (header.switch) return rollbackSwitchRun(ctx, header, state, opts);
  const snapshot = ctx.journal.doneData('snapshot');
  if (!snapshot || !ctx.journal.anyFlip()) return closeRun(ctx, header, state, opts);
  return underRollbackLock(ctx, header, opts, async (end) => {
    const live = await readRecordSets(ctx);
    await checkFence({
      journal: ports.journal,
      runId,
      state,
      live,
      states: statesOfRun(state),
      action: 'roll back',
      ...(opts.force ? { force: true } : {}),
    });
    const batch = restoreBatch(snapshot.records, live);
    if (batch.length > 0 && !(await confirmRestore(ctx, header, state, batch, opts))) {
      return { kind: 'aborted', runId, reason: 'declined' };
    }
    end.ending = 'ROLLBACK_FAILED';
    const expected = flipBatches(ctx.journal.state).reduce(applyChanges, snapshot.records);
    const restore = await span(ctx.em, ctx.timings, 'rollback', () =>
      restoreSnapshot(ctx, snapshot, expected),
    );
    await ctx.journal.done('left', { records: snapshot.records });
    end.ending = 'rolled-back';
    return { kind: 'restored', runId, restore, timings: ctx.timings, journal: ctx.journal.location };
  });
}

/**
 * The frame of a rollback that may change something, records or switch mode: run-start,
 * the journal's rollback-started, the lock (declining ends it), the body, then always the
 * lock released, the run marked finished with the ending the body reached, and run-end. A
 * refused or declined rollback sets no ending and leaves the run as it was.
 */
export async function underRollbackLock(
  ctx: DnsContext,
  header: RunHeader,
  opts: RollbackOptions,
  body: (end: { ending?: string }) => Promise<RollbackOutcome>,
): Promise<RollbackOutcome> {
  const { runId, ports } = ctx;
  ctx.em.emit('run-start', { runId, command: 'rollback' });
  const started = ports.clock.now();
  const operator = opts.operator ?? { holder: 'drctl', host: 'unknown' };
  await ctx.journal.write('rollback-started');
  const got = await span(ctx.em, ctx.timings, 'lock', () =>
    acquireLock(ctx, { key: header.lockKey, operator, breakLock: opts.breakLock, yes: opts.yes }),
  );
  if (got === 'declined') return { kind: 'aborted', runId, reason: 'declined' };
  const end: { ending?: string } = {};
  try {
    return await body(end);
  } finally {
    await span(ctx.em, ctx.timings, 'release-lock', () => releaseLock(ctx, header.lockKey));
    if (end.ending) await ctx.journal.write('run-finished', { outcome: end.ending }).catch(() => undefined);
    ctx.em.emit('run-end', {
      runId,
      outcome: end.ending ?? 'not-rolled-back',
      totalMs: ports.clock.now() - started,
    });
  }
}

/** The region the snapshot served: what the operator types to confirm the restore. */
function restoredRegion(header: RunHeader, state: RunState): string {
  return doneIn(state, 'found')?.serving ?? header.from;
}

async function confirmRestore(
  ctx: DnsContext,
  header: RunHeader,
  state: RunState,
  batch: RecordChange[],
  opts: RollbackOptions,
): Promise<boolean> {
  ctx.em.emit('dns-plan', { batches: [batch], comment: `drctl ${ctx.runId} rollback` });
  if (opts.yes) return true;
  const region = restoredRegion(header, state);
  const typed = await ctx.sink.ask({
    kind: 'type-to-confirm',
    id: 'confirm-rollback',
    message: `Put ${header.name} ${header.type} back as run ${ctx.runId} found it (${region}, ${batch.length} change(s)). Type ${region} to confirm`,
    expected: region,
    default: '',
  });
  return typed.trim() === region;
}

/**
 * A run that never changed DNS (killed before its flip, say) has nothing to restore: it is
 * closed, so it stops holding the record's lock and showing as unfinished. Asks first
 * (unless `yes`): a run that is in fact still alive would go on without its lock.
 */
export async function closeRun(
  ctx: DnsContext,
  header: RunHeader,
  state: RunState,
  opts: RollbackOptions,
): Promise<RollbackOutcome> {
  const { runId } = ctx;
  if (state.finished) {
    return {
      kind: 'nothing-to-do',
      runId,
      reason: `run ${runId} never changed DNS and already ended ${state.finished}`,
    };
  }
  const holder = await ctx.ports.lock.read(header.lockKey);
  const holds = holder?.runId === runId;
  if (!opts.yes) {
    const ok = await ctx.sink.ask({
      kind: 'confirm',
      id: 'close-run',
      message: `Run ${runId} never changed DNS and is unfinished${holds ? `; it holds the lock on ${header.lockKey} since ${holder?.startedAt}` : ''}. Close it (only if that run is dead)?`,
      default: false,
    });
    if (!ok) return { kind: 'aborted', runId, reason: 'declined' };
  }
  if (holds) await releaseLock(ctx, header.lockKey);
  await ctx.journal.write('run-finished', { outcome: 'closed' });
  return { kind: 'closed', runId, lockReleased: holds, journal: ctx.journal.location };
}
