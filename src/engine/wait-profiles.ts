/**
 * Poll delays and deadlines chosen per resource. The SDK's own waiters poll CloudFormation
 * and Route 53 every 30 s or slower, which adds minutes to a recovery. A wait polled every
 * a..b seconds notices the end (a²+ab+b²)/(3(a+b)) late on average, and a failover has
 * about six such waits in a row, so delays are a few seconds: `npm run bench` measured
 * 3.6-6.8 s of overhead in all (docs/performance.md) against 15-30 s with 5-20 s polls,
 * still far inside the APIs' rate limits (one describe per resource every 2-4 s).
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
  /** A CloudFormation stack to settle. Default: 2–4 s polls, 60 min deadline. */
  stack: WaitProfile;
  /** An ALB to become `active`. Default: 2–4 s polls, 15 min deadline. */
  albActive: WaitProfile;
  /** Target groups to reach the healthy count. Default: 2–4 s polls, 20 min deadline. */
  targetHealth: WaitProfile;
  /** A Route 53 change to be INSYNC. Default: 1–2 s polls, 10 min deadline. */
  dnsInsync: WaitProfile;
}

export type WaitOverrides = { [K in keyof WaitProfiles]?: Partial<WaitProfile> };

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const defaultWaitProfiles: Readonly<WaitProfiles> = Object.freeze({
  stack: { minDelayMs: 2 * SECOND, maxDelayMs: 4 * SECOND, deadlineMs: 60 * MINUTE },
  albActive: { minDelayMs: 2 * SECOND, maxDelayMs: 4 * SECOND, deadlineMs: 15 * MINUTE },
  targetHealth: { minDelayMs: 2 * SECOND, maxDelayMs: 4 * SECOND, deadlineMs: 20 * MINUTE },
  dnsInsync: { minDelayMs: 1 * SECOND, maxDelayMs: 2 * SECOND, deadlineMs: 10 * MINUTE },
});

/** Defaults with the input's overrides laid over them, field by field. */
export function resolveWaits(overrides: WaitOverrides = {}): WaitProfiles {
  const out = {} as WaitProfiles;
  for (const key of Object.keys(defaultWaitProfiles) as (keyof WaitProfiles)[]) {
    out[key] = { ...defaultWaitProfiles[key], ...overrides[key] };
  }
  return out;
}
