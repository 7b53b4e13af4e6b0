/**
 * Poll delays and deadlines chosen per resource. The SDK's own waiters poll CloudFormation
 * and Route 53 every 30 s or slower, which adds minutes to a recovery. A wait polled every
 * a..b seconds notices the end (a²+ab+b²)/(3(a+b)) late on average, and a failover has
 * about six such waits in a row, so delays are a few seconds: `npm run bench` measured
 * 3.6-6.8 s of overhead in all (docs/performance.md) against 15-30 s with 5-20 s polls,
 * still far inside the APIs' rate limits (one describe per resource every 2-4 s).
 * Every wait of the engine takes its profile from `resolveWaits`; the verification probes
 * alone pace themselves by the configured interval and window (src/engine/steps/probe.ts).
 */
import { DEFAULTS } from './defaults.js';

export interface WaitProfile {
  /** Shortest pause between polls, ms. */
  minDelayMs: number;
  /** Longest pause between polls, ms. */
  maxDelayMs: number;
  /** Give up after this long, ms. */
  deadlineMs: number;
  /**
   * When the wait's duration is expected (src/engine/expectations.ts): the pause around
   * the expected end, ms. Without it, or without an expectation, min..max backoff.
   */
  nearDelayMs?: number;
  /** When polling by expectation: the longest pause, early or overdue, ms. */
  farDelayMs?: number;
}

export interface WaitProfiles {
  /** A CloudFormation stack to settle. Default: 2–4 s polls, 60 min deadline; with history (polling by expectation) 0.5 s near the end, 30 s at most. */
  stack: WaitProfile;
  /** An ALB to become `active`. Default: 2–4 s polls, 15 min deadline. */
  albActive: WaitProfile;
  /** Target groups to reach the healthy count. Default: 2–4 s polls, 20 min deadline; with history 0.5 s near the end, 15 s at most. */
  targetHealth: WaitProfile;
  /** A Route 53 change to be INSYNC. Default: 1–2 s polls, 10 min deadline; with history 1 s near the end, 10 s at most. */
  dnsInsync: WaitProfile;
  /** A cross-region snapshot copy to become available. Default: 3–8 s polls, 6 h deadline. */
  snapshotCopy: WaitProfile;
  /** A global switchover or failover to finish. Default: 2–5 s polls, 45 min deadline. */
  globalWriterChange: WaitProfile;
  /** A drill's final snapshot (made as its cluster is deleted) to be deletable. Default: 10–30 s polls, 45 min deadline. */
  snapshotDeletable: WaitProfile;
  /** A change set to be computed (`plan --change-sets`). Default: 1–5 s polls, 5 min deadline. */
  changeSet: WaitProfile;
}

export type WaitOverrides = { [K in keyof WaitProfiles]?: Partial<WaitProfile> };

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const defaultWaitProfiles: Readonly<WaitProfiles> = Object.freeze({
  stack: {
    minDelayMs: 2 * SECOND,
    maxDelayMs: 4 * SECOND,
    deadlineMs: 60 * MINUTE,
    nearDelayMs: 0.5 * SECOND,
    farDelayMs: 30 * SECOND,
  },
  albActive: { minDelayMs: 2 * SECOND, maxDelayMs: 4 * SECOND, deadlineMs: 15 * MINUTE },
  targetHealth: {
    minDelayMs: 2 * SECOND,
    maxDelayMs: 4 * SECOND,
    deadlineMs: 20 * MINUTE,
    nearDelayMs: 0.5 * SECOND,
    farDelayMs: 15 * SECOND,
  },
  dnsInsync: {
    minDelayMs: 1 * SECOND,
    maxDelayMs: 2 * SECOND,
    deadlineMs: 10 * MINUTE,
    nearDelayMs: 1 * SECOND,
    farDelayMs: 10 * SECOND,
  },
  snapshotCopy: {
    minDelayMs: 3 * SECOND,
    maxDelayMs: 8 * SECOND,
    deadlineMs: DEFAULTS.snapshotCopyDeadlineMinutes * MINUTE,
  },
  globalWriterChange: {
    minDelayMs: 2 * SECOND,
    maxDelayMs: 5 * SECOND,
    deadlineMs: DEFAULTS.globalChangeDeadlineMinutes * MINUTE,
  },
  snapshotDeletable: { minDelayMs: 10 * SECOND, maxDelayMs: 30 * SECOND, deadlineMs: 45 * MINUTE },
  changeSet: { minDelayMs: 1 * SECOND, maxDelayMs: 5 * SECOND, deadlineMs: 5 * MINUTE },
});

/** Defaults with the input's overrides laid over them, field by field. */
export function resolveWaits(overrides: WaitOverrides = {}): WaitProfiles {
  const out = {} as WaitProfiles;
  for (const key of Object.keys(defaultWaitProfiles) as (keyof WaitProfiles)[]) {
    out[key] = { ...defaultWaitProfiles[key], ...overrides[key] };
  }
  return out;
}
