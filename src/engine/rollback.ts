/**
 * `drctl rollback <run-id>`: put back the DNS snapshot a run journaled, exactly, and verify
 * it. Idempotent: a second rollback finds nothing to change and verifies again; a run that
 * never reached the flip has nothing to roll back. Needs only the journal, not the config.
 */
import { DrctlError } from '../errors.js';
import type { RecordChange } from '../ports/dns.js';
import type { DnsContext } from './context.js';
import { applyChanges } from './dns-restore.js';
import { Emitter, type EventSink, type PhaseTiming, span } from './events.js';
import type { EnginePorts } from './input.js';
import { loadRun, RunJournal, type RunState, type SnapshotData } from './run-journal.js';
import { restoreSnapshot } from './steps/dns.js';
import { acquireLock, releaseLock } from './steps/lock.js';
import { resolveWaits, type WaitOverrides } from './wait-profiles.js';

export interface RollbackOptions {
  /** Who runs the rollback, for the lock. Default: `{ holder: 'drctl', host: 'unknown' }`. */
  operator?: { holder: string; host: string };
  /** Break a lock held by another run. Default: false. */
  breakLock?: boolean;
  /** Do not ask before breaking a lock. Default: false. */
  yes?: boolean;
  /** Wait overrides (only `dnsInsync` is used). Default: see wait-profiles.ts. */
  waits?: WaitOverrides;
  signal?: AbortSignal;
}

export type RollbackOutcome =
  | { kind: 'nothing-to-do'; runId: string; reason: string }
  | { kind: 'restored'; runId: string; restore: RecordChange[]; timings: PhaseTiming[]; journal: string }
  | { kind: 'aborted'; runId: string; reason: 'declined' };

/** Flip batches journaled (done, or intended and maybe applied), in step order. */
export function flipBatches(state: RunState): RecordChange[][] {
  return [...state.intents.entries()]
    .filter(([k]) => k.startsWith('flip:'))
    .sort(([a], [b]) => Number(a.slice(5)) - Number(b.slice(5)))
    .map(([, data]) => (data.changes ?? []) as RecordChange[]);
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
  const snapshot = state.done.get('snapshot') as SnapshotData | undefined;
  const intended = [...state.done.keys(), ...state.pending.keys()].some((k) => k.startsWith('flip:'));
  if (!snapshot || !intended)
    return { kind: 'nothing-to-do', runId, reason: `run ${runId} never changed DNS` };
  const ctx: DnsContext = {
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
  ctx.em.emit('run-start', { runId, command: 'rollback' });
  const started = ports.clock.now();
  const operator = opts.operator ?? { holder: 'drctl', host: 'unknown' };
  await ctx.journal.write('rollback-started');
  const got = await span(ctx.em, ctx.timings, 'lock', () =>
    acquireLock(ctx, { key: header.lockKey, operator, breakLock: opts.breakLock, yes: opts.yes }),
  );
  if (got === 'declined') return { kind: 'aborted', runId, reason: 'declined' };
  let ending = 'ROLLBACK_FAILED';
  try {
    const expected = flipBatches(ctx.journal.state).reduce(applyChanges, snapshot.records);
    const restore = await span(ctx.em, ctx.timings, 'rollback', () =>
      restoreSnapshot(ctx, snapshot, expected),
    );
    ending = 'rolled-back';
    return { kind: 'restored', runId, restore, timings: ctx.timings, journal: ctx.journal.location };
  } finally {
    await span(ctx.em, ctx.timings, 'release-lock', () => releaseLock(ctx, header.lockKey));
    await ctx.journal.write('run-finished', undefined, { outcome: ending }).catch(() => undefined);
    ctx.em.emit('run-end', { runId, outcome: ending, totalMs: ports.clock.now() - started });
  }
}
