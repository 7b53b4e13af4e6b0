import type { RetryPolicy } from '../../src/ports/retry.js';
import { FakeClock } from '../fakes/clock.js';

/** drctl's retry rule on fake time: adapter tests count attempts, not time. */
export const noWait: RetryPolicy = {
  throttledAttempts: 3,
  attempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 1,
  clock: new FakeClock(),
  random: () => 0,
};
