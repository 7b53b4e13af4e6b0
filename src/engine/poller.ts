/**
 * The one poller. Every wait in drctl goes through `poll`: exponential backoff with
 * jitter between a minimum and a maximum delay, a hard deadline, an AbortSignal, and
 * throttling errors retried with the same backoff. No loop here can run forever: the
 * deadline is measured on the injected clock, so fake time ends tests quickly too.
 */

import { DrctlError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { throttledAs } from '../ports/retry.js';
import { type ExpectedEnd, expectedDelay } from './expected-delay.js';

/** What one check saw: done with a value, or not yet with a one-line description. */
type PollResult<T> = { done: true; value: T } | { done: false; seen: string };

type Jitter = 'full' | 'decorrelated';

export interface PollOptions<T> {
  /**
   * One look at the resource. Return `{done:false, seen}` to wait again; throw to stop
   * (a terminal failure such as a rolled-back stack). A throttle that outlasted the call's
   * own retries (src/ports/retry.ts) is one more failed look: the wait goes on to its deadline.
   */
  check: (attempt: number) => Promise<PollResult<T>>;
  /** Shortest pause between checks, ms. */
  minDelayMs: number;
  /** Longest pause between checks, ms; the backoff stops growing here. */
  maxDelayMs: number;
  /** Give up this long after the first check, ms (a TIMEOUT error). */
  deadlineMs: number;
  clock: Clock;
  /** Stops the wait with an ABORTED error. Default: none. */
  signal?: AbortSignal;
  /** What is awaited, for the timeout message: "stack app-network in us-west-2 to finish". */
  describe: string;
  /**
   * `full`: uniform between min and the exponential ceiling (AWS's "full jitter").
   * `decorrelated`: uniform between min and three times the previous delay.
   * Default: `full`.
   */
  jitter?: Jitter;
  /** Source of randomness in [0, 1). Default: `Math.random`; tests pin it. */
  random?: () => number;
  /**
   * When the awaited thing should be done: the pauses follow `expectedDelay` (rare while
   * the end is far, `nearMs` around it) instead of the min..max backoff. Default: none.
   */
  expect?: ExpectedEnd;
  /** Told about each throttled check (the name AWS throttled with) and the pause before the next. Default: none. */
  onThrottle?: (throttle: string, delayMs: number) => void;
}

/** The pause before check number `attempt + 1` (attempt counts from 1). */
export function nextDelay(
  attempt: number,
  previous: number,
  opts: Pick<PollOptions<unknown>, 'minDelayMs' | 'maxDelayMs' | 'jitter' | 'random'>,
): number {
  const { minDelayMs: min, maxDelayMs: max } = opts;
  const random = opts.random ?? Math.random;
  const upper =
    opts.jitter === 'decorrelated'
      ? Math.min(max, Math.max(min, previous * 3))
      : Math.min(max, min * 2 ** Math.min(attempt - 1, 30));
  return Math.round(min + random() * (upper - min));
}

function abortError(describe: string, cause?: unknown): DrctlError {
  return new DrctlError('ABORTED', `interrupted while waiting for ${describe}`, { source: 'user', cause });
}

/** Polls until `check` reports done; throws TIMEOUT (with the last thing seen) or ABORTED. */
export async function poll<T>(opts: PollOptions<T>): Promise<T> {
  const { clock, signal, describe } = opts;
  const started = clock.now();
  let lastSeen = 'nothing yet';
  let delay = opts.expect?.nearMs ?? opts.minDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(describe);
    let throttled: string | undefined;
    try {
      const result = await opts.check(attempt);
      if (result.done) return result.value;
      lastSeen = result.seen;
    } catch (e) {
      throttled = throttledAs(e);
      if (!throttled) throw e;
      lastSeen = `throttled (${throttled})`;
    }
    delay = opts.expect
      ? expectedDelay(
          clock.now() - started,
          opts.expect,
          (opts.random ?? Math.random)(),
          throttled ? delay : undefined,
        )
      : nextDelay(attempt, delay, opts);
    if (throttled) opts.onThrottle?.(throttled, delay);
    const remaining = started + opts.deadlineMs - clock.now();
    if (remaining <= 0) {
      const secs = Math.round((clock.now() - started) / 1000);
      throw new DrctlError(
        'TIMEOUT',
        `gave up waiting for ${describe} after ${secs}s and ${attempt} checks; last saw: ${lastSeen}`,
        {
          source: 'aws',
        },
      );
    }
    // The last pause is cut short so one final check lands on the deadline itself.
    try {
      await clock.sleep(Math.min(delay, remaining), signal);
    } catch (e) {
      throw abortError(describe, e);
    }
  }
}
