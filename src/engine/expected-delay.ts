/**
 * Polling by expected duration. A stack that takes 30 minutes cannot be done after 2, so
 * checking it every few seconds from the start spends most of a failover's API calls
 * (docs/performance.md) to learn nothing. Once drctl knows about when a wait should end
 * (src/engine/expectations.ts: past failovers and drills into the region), it checks
 * rarely while the end is far, closes in on it geometrically, checks often around it,
 * and backs off again once it is overdue, so a notice is late by a fraction of `nearMs`
 * where it matters and never more than `ceilingMs` anywhere.
 */

/** When a wait is expected to end and how closely to watch for it. */
export interface ExpectedEnd {
  /** Expected time from the wait's first check to its end, ms. */
  atMs: number;
  /** The pause between checks around the expected end, ms (jitter shortens it by up to a quarter). */
  nearMs: number;
  /**
   * The longest pause, ms: early while the end is far, late once it is long overdue. It
   * bounds how late an end much earlier or later than expected is noticed.
   */
  ceilingMs: number;
}

/**
 * Before the expected end, the next check comes after this fraction of the time left:
 * the distance shrinks by a quarter per check, so a 30-minute wait needs about 20 checks
 * to close in from the ceiling to `nearMs`, and an end earlier than expected is noticed
 * within a quarter of how early it was (at most the ceiling).
 */
const APPROACH = 0.25;
/**
 * After the expected end, the pause grows by this fraction of how overdue the wait is:
 * 10 s overdue, 1 s more between checks. Late ends are common (a guess from a model, a
 * slower day), so the back-off is gentler than the approach.
 */
const OVERDUE = 0.1;
/** Checks land up to this fraction early, so many waits started together do not poll in step. */
const JITTER = 0.25;

/**
 * The pause before the next check, given the time since the first one.
 * @param random a number in [0, 1): jitter.
 * @param throttledAfterMs the previous pause, when the last check was throttled: the next
 *   one is at least twice as long (up to the ceiling), whatever the schedule says.
 */
export function expectedDelay(
  elapsedMs: number,
  end: ExpectedEnd,
  random: number,
  throttledAfterMs?: number,
): number {
  const { nearMs, ceilingMs } = end;
  const left = end.atMs - elapsedMs;
  const target = left > 0 ? left * APPROACH : nearMs + -left * OVERDUE;
  const jittered = clamp(target, nearMs, ceilingMs) * (1 - JITTER * random);
  const delay = throttledAfterMs === undefined ? jittered : Math.max(jittered, throttledAfterMs * 2);
  return Math.round(Math.min(ceilingMs, delay));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
