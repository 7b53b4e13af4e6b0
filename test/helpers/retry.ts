import type { RetryPolicy } from '../../src/aws/call.js';

/** drctl's throttling retry without the waiting: adapter tests count attempts, not time. */
export const noWait: RetryPolicy = {
  attempts: 2,
  baseDelayMs: 1,
  maxDelayMs: 1,
  sleep: async () => {},
  random: () => 0,
};
