/**
 * The data step waits through the engine's one poller (src/engine/poller.ts): backoff with
 * jitter between a minimum and a maximum delay, a hard deadline on the injected clock, an
 * abort signal, and throttling retried. `Wait` stays a parameter so tests can replace it.
 */

import type { Clock } from '../../ports/clock.js';
import type { PollResult } from '../poller.js';
import { poll } from '../poller.js';

export type { PollResult };

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

/** The default wait: the engine's poller. */
export const localPoll: Wait = (opts) => poll(opts);
