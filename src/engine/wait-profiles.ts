/**
 * Poll delays and deadlines chosen per resource. The SDK's own waiters poll CloudFormation
 * and Route 53 every 30 s or slower, which adds minutes to a recovery; these are tighter
 * but still well inside the APIs' rate limits (one describe per resource per few seconds).
 */

export interface WaitProfile {
  /** Shortest pause between polls, ms. */
  minDelayMs: number;
  /** Longest pause between polls, ms. */
  maxDelayMs: number;
  /** Give up after this long, ms. */
  deadlineMs: number;
}

export interface WaitProfiles {
  /** A CloudFormation stack to settle. Default: 5–20 s polls, 60 min deadline. */
  stack: WaitProfile;
  /** An ALB to become `active`. Default: 5–15 s polls, 15 min deadline. */
  albActive: WaitProfile;
  /** Target groups to reach the healthy count. Default: 5–15 s polls, 20 min deadline. */
  targetHealth: WaitProfile;
  /** A Route 53 change to be INSYNC. Default: 2–10 s polls, 10 min deadline. */
  dnsInsync: WaitProfile;
}

export type WaitOverrides = { [K in keyof WaitProfiles]?: Partial<WaitProfile> };

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const defaultWaitProfiles: Readonly<WaitProfiles> = Object.freeze({
  stack: { minDelayMs: 5 * SECOND, maxDelayMs: 20 * SECOND, deadlineMs: 60 * MINUTE },
  albActive: { minDelayMs: 5 * SECOND, maxDelayMs: 15 * SECOND, deadlineMs: 15 * MINUTE },
  targetHealth: { minDelayMs: 5 * SECOND, maxDelayMs: 15 * SECOND, deadlineMs: 20 * MINUTE },
  dnsInsync: { minDelayMs: 2 * SECOND, maxDelayMs: 10 * SECOND, deadlineMs: 10 * MINUTE },
});

/** Defaults with the input's overrides laid over them, field by field. */
export function resolveWaits(overrides: WaitOverrides = {}): WaitProfiles {
  const out = {} as WaitProfiles;
  for (const key of Object.keys(defaultWaitProfiles) as (keyof WaitProfiles)[]) {
    out[key] = { ...defaultWaitProfiles[key], ...overrides[key] };
  }
  return out;
}
