/**
 * The data step waits through the engine's one poller (src/engine/poller.ts): backoff with
 * jitter between a minimum and a maximum delay, a hard deadline on the injected clock, an
 * abort signal, and throttling retried. `Wait` stays a parameter so tests can replace it.
 */
import { type PollOptions, type PollResult, poll } from '../poller.js';

export type { PollResult };

/** The poller options the data step uses. */
export type WaitOptions<T> = Pick<
  PollOptions<T>,
  'check' | 'minDelayMs' | 'maxDelayMs' | 'deadlineMs' | 'clock' | 'signal' | 'describe' | 'random'
>;

export type Wait = <T>(opts: WaitOptions<T>) => Promise<T>;

/** The default wait: the engine's poller. */
export const localPoll: Wait = (opts) => poll(opts);
