/**
 * A small poller for the data step: exponential backoff with full jitter between a minimum
 * and a maximum delay, a hard deadline on the injected clock, and an abort signal.
 * Its options are a subset of the engine's `poll` (src/engine/poller.ts on the engine
 * branch), so once that is merged `wait: poll` replaces `localPoll` without other change.
 */
import { DrctlError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';

/** What one check saw: done with a value, or not yet with a one-line description. */
export type PollResult<T> = { done: true; value: T } | { done: false; seen: string };

export interface WaitOptions<T> {
  /** One look at the resource; throw to stop (a copy that failed). */
  check: (attempt: number) => Promise<PollResult<T>>;
  /** Shortest pause between checks, ms. */
  minDelayMs: number;
  /** Longest pause between checks, ms. */
  maxDelayMs: number;
  /** Give up this long after the first check, ms (a TIMEOUT error). */
  deadlineMs: number;
  clock: Clock;
  /** Stops the wait with an ABORTED error. Default: none. */
  signal?: AbortSignal;
  /** What is awaited, for the timeout message. */
  describe: string;
  /** Randomness in [0, 1). Default: `Math.random`; tests pin it. */
  random?: () => number;
}

export type Wait = <T>(opts: WaitOptions<T>) => Promise<T>;

function aborted(describe: string, cause?: unknown): DrctlError {
  return new DrctlError('ABORTED', `interrupted while waiting for ${describe}`, { source: 'user', cause });
}

/** Polls until `check` reports done; throws TIMEOUT (saying what it last saw) or ABORTED. */
export const localPoll: Wait = async <T>(opts: WaitOptions<T>): Promise<T> => {
  const { clock, signal, describe } = opts;
  const random = opts.random ?? Math.random;
  const started = clock.now();
  let lastSeen = 'nothing yet';
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted(describe);
    const result = await opts.check(attempt);
    if (result.done) return result.value;
    lastSeen = result.seen;
    const ceiling = Math.min(opts.maxDelayMs, opts.minDelayMs * 2 ** Math.min(attempt - 1, 30));
    const delay = Math.round(opts.minDelayMs + random() * (ceiling - opts.minDelayMs));
    const remaining = started + opts.deadlineMs - clock.now();
    if (remaining <= 0) {
      const secs = Math.round((clock.now() - started) / 1000);
      throw new DrctlError(
        'TIMEOUT',
        `gave up waiting for ${describe} after ${secs}s; last saw: ${lastSeen}`,
        {
          source: 'aws',
        },
      );
    }
    try {
      // The last pause is cut short so one final check lands on the deadline itself.
      await clock.sleep(Math.min(delay, remaining), signal);
    } catch (e) {
      throw aborted(describe, e);
    }
  }
};
