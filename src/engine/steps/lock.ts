/**
 * The per-record lock: taken before anything mutates, released in every outcome. A lock
 * held by this same run id (a resumed run) is ours already; one held by another run is
 * broken only when asked to, after confirmation.
 */
import { DrctlError } from '../../errors.js';
import type { LockHolder } from '../../ports/lock.js';
import type { DnsContext, RunContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { span } from '../events.js';
import { lockKeyFor } from '../input.js';

export interface LockRequest {
  key: string;
  operator: { holder: string; host: string };
  /** Break a lock another run holds. Default: false. */
  breakLock?: boolean;
  /** Break without asking. Default: false. */
  yes?: boolean;
  /** A lock older than this is called stale in the message (config lock.staleAfterMinutes). Default: 2 h. */
  staleAfterMs?: number;
}

function heldError(key: string, h: LockHolder | undefined, now: number, staleAfterMs: number): DrctlError {
  const who = h ? describeHolder(h) : 'another run';
  const age = h ? now - Date.parse(h.startedAt) : Number.NaN;
  const stale =
    age > staleAfterMs
      ? `; it is ${Math.round(age / 60_000)} min old, past the ${Math.round(staleAfterMs / 60_000)} min stale limit, so that run is probably dead`
      : '';
  return new DrctlError('LOCK_HELD', `the record ${key} is locked by ${who}${stale}`, {
    source: 'user',
    hints: h
      ? [`if that run is dead, resume it (drctl resume ${h.runId}) or take the lock with --break-lock`]
      : ['retry in a moment'],
  });
}

/** `run X (since T)`, with who and where when known (never from the public lock record). */
export function describeHolder(h: LockHolder): string {
  const by = h.holder ? ` by ${h.holder}${h.host ? ` on ${h.host}` : ''}` : '';
  return `run ${h.runId}${by} (since ${h.startedAt})`;
}

/** Resolves `acquired`, or `declined` when the operator would not break a held lock. */
export async function acquireLock(ctx: DnsContext, req: LockRequest): Promise<'acquired' | 'declined'> {
  const { lock, clock } = ctx.ports;
  const me: LockHolder = {
    runId: ctx.runId,
    ...req.operator,
    startedAt: new Date(clock.now()).toISOString(),
  };
  await ctx.journal.intent('lock', { key: req.key });
  let r = await lock.acquire(req.key, me);
  if (!r.acquired && r.heldBy?.runId !== ctx.runId) {
    const held = r.heldBy;
    const staleAfterMs = req.staleAfterMs ?? DEFAULTS.lockStaleAfterMinutes * 60_000;
    if (!req.breakLock || !held) throw heldError(req.key, held, clock.now(), staleAfterMs);
    const ok =
      req.yes ||
      (await ctx.sink.ask({
        kind: 'confirm',
        id: 'break-lock',
        message: `Break the lock on ${req.key} held by ${describeHolder(held)}?`,
        default: false,
      }));
    if (!ok) return 'declined';
    await ctx.journal.lockBroken(held);
    await lock.breakLock(req.key, held);
    ctx.em.emit('lock-broken', { key: req.key, previous: held });
    await ctx.journal.intent('lock', { key: req.key, afterBreaking: held.runId });
    r = await lock.acquire(req.key, me);
    if (!r.acquired)
      throw heldError(
        req.key,
        r.heldBy,
        clock.now(),
        req.staleAfterMs ?? DEFAULTS.lockStaleAfterMinutes * 60_000,
      );
  }
  // Who holds the lock is journaled here, not published in the lock record.
  await ctx.journal.done('lock', { key: req.key, holder: req.operator.holder, host: req.operator.host });
  ctx.em.emit('lock-acquired', { key: req.key, holder: me });
  return 'acquired';
}

/** Never throws: a lock left behind is reported, it must not hide the run's outcome. */
export async function releaseLock(ctx: DnsContext, key: string): Promise<void> {
  try {
    await ctx.journal.intent('release-lock', { key });
    await ctx.ports.lock.release(key, ctx.runId);
    await ctx.journal.done('release-lock', { key });
    ctx.em.emit('lock-released', { key });
  } catch (e) {
    // No path may leave a lock behind without saying so and how to clear it.
    ctx.em.warn(
      `could not release the lock ${key}: ${e instanceof Error ? e.message : String(e)}; ` +
        `it stays held by run ${ctx.runId} until cleared with: drctl rollback ${ctx.runId} (or --break-lock on the next run)`,
    );
  }
}

/**
 * A failover's lock, records or switch mode alike: taken on the record's key in the
 * configured store with the run's operator, flags and stale limit, `body` run under it,
 * and released whatever happens. `declined` when the operator would not break a held lock.
 */
export async function withRunLock<T>(ctx: RunContext, body: () => Promise<T>): Promise<T | 'declined'> {
  const { input } = ctx;
  const key = lockKeyFor(input.hostedZoneId, input.record.name, input.record.type);
  const locked = await span(ctx.em, ctx.timings, 'lock', () =>
    acquireLock(ctx, {
      key,
      operator: input.operator,
      ...input.flags,
      ...(input.lockStaleAfterMs !== undefined ? { staleAfterMs: input.lockStaleAfterMs } : {}),
    }),
  );
  if (locked === 'declined') return 'declined';
  try {
    return await body();
  } finally {
    await span(ctx.em, ctx.timings, 'release-lock', () => releaseLock(ctx, key));
  }
}
