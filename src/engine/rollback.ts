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
import { loadRun, RunJournal } from './run-journal.js';
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
export function flipBatches(journal: RunJournal): RecordChange[][] {
  return journal.flips().map((f) => f.intent.changes);
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
  const journal = new RunJournal(ports.journal, runId, ports.clock, state);
  const snapshot = journal.doneData('snapshot');
  if (!snapshot || !journal.anyFlip())
    return { kind: 'nothing-to-do', runId, reason: `run ${runId} never changed DNS` };
  const ctx: DnsContext = {
    runId,
    ports,
    sink,
    em: new Emitter(sink, ports.clock),
    journal,
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
    const expected = flipBatches(ctx.journal).reduce(applyChanges, snapshot.records);
    const restore = await span(ctx.em, ctx.timings, 'rollback', () =>
      restoreSnapshot(ctx, snapshot, expected),
    );
    ending = 'rolled-back';
    return { kind: 'restored', runId, restore, timings: ctx.timings, journal: ctx.journal.location };
  } finally {
    await span(ctx.em, ctx.timings, 'release-lock', () => releaseLock(ctx, header.lockKey));
    await ctx.journal.write('run-finished', { outcome: ending }).catch(() => undefined);
    ctx.em.emit('run-end', { runId, outcome: ending, totalMs: ports.clock.now() - started });
  }
}
