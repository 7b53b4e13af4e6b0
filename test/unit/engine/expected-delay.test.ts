import { describe, expect, it } from 'vitest';
import { type ExpectedEnd, expectedDelay } from '../../../src/engine/expected-delay.js';
import { poll } from '../../../src/engine/poller.js';
import { FakeClock } from '../../fakes/clock.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const end: ExpectedEnd = { atMs: 30 * MINUTE, nearMs: 500, ceilingMs: 30 * SECOND };
const throttle = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });

/**
 * Polls a resource that is done `doneAtMs` after the first check, on a fake clock, by
 * expectation; returns how many checks it took and how late the end was noticed.
 */
async function watch(doneAtMs: number, e = end, random = () => 0.5) {
  const clock = new FakeClock();
  const started = clock.now();
  let checks = 0;
  await poll({
    check: async () => {
      checks++;
      return clock.now() - started >= doneAtMs ? { done: true, value: 1 } : { done: false, seen: 'x' };
    },
    minDelayMs: 2000,
    maxDelayMs: 4000,
    deadlineMs: 6 * 60 * MINUTE,
    clock,
    describe: 'r',
    random,
    expect: e,
  });
  return { checks, lateMs: clock.now() - started - doneAtMs, sleeps: clock.sleeps };
}

describe('polling by expected duration', () => {
  it('checks rarely while the end is far and often near it', () => {
    expect(expectedDelay(0, end, 0)).toBe(30 * SECOND);
    expect(expectedDelay(20 * MINUTE, end, 0)).toBe(30 * SECOND);
    expect(expectedDelay(30 * MINUTE - 8 * SECOND, end, 0)).toBe(2 * SECOND);
    expect(expectedDelay(30 * MINUTE - 1 * SECOND, end, 0)).toBe(500);
    expect(expectedDelay(30 * MINUTE, end, 0)).toBe(500);
  });

  it('a resource done when expected is noticed within the near pause, in few checks', async () => {
    const r = await watch(30 * MINUTE);
    expect(r.lateMs).toBeLessThanOrEqual(500);
    // At 2-4 s backoff a 30-minute wait costs 600 checks or more.
    expect(r.checks).toBeLessThan(100);
  });

  it('a resource done much earlier than expected is still noticed within the ceiling', async () => {
    for (const doneAt of [1 * SECOND, 2 * MINUTE, 10 * MINUTE]) {
      for (const random of [() => 0, () => 0.99]) {
        const r = await watch(doneAt, end, random);
        expect(r.lateMs).toBeLessThanOrEqual(end.ceilingMs);
      }
    }
    // Early but close to the expectation, it is noticed sooner than the ceiling: within a
    // quarter of how early it was.
    const r = await watch(29 * MINUTE);
    expect(r.lateMs).toBeLessThanOrEqual(15 * SECOND);
  });

  it('a resource much later than expected is polled at the ceiling, never busier', async () => {
    const r = await watch(3 * 60 * MINUTE);
    const elapsed = r.sleeps.map((_, i) => r.sleeps.slice(0, i).reduce((a, b) => a + b, 0));
    // Once five minutes overdue, every pause is the ceiling (less jitter), none shorter.
    const overdue = r.sleeps.filter((_, i) => elapsed[i]! > 35 * MINUTE);
    expect(overdue.length).toBeGreaterThan(100);
    for (const d of overdue) expect(d).toBeGreaterThanOrEqual(end.ceilingMs * 0.75);
    for (const d of r.sleeps) expect(d).toBeLessThanOrEqual(end.ceilingMs);
    expect(r.lateMs).toBeLessThanOrEqual(end.ceilingMs);
  });

  it('pauses never drop below three quarters of the near pause, whatever the jitter', () => {
    for (const t of [0, 29 * MINUTE, 30 * MINUTE - 100, 30 * MINUTE, 31 * MINUTE, 5 * 60 * MINUTE]) {
      for (const random of [0, 0.5, 0.999]) {
        const d = expectedDelay(t, end, random);
        expect(d).toBeGreaterThanOrEqual(375);
        expect(d).toBeLessThanOrEqual(end.ceilingMs);
      }
    }
  });

  it('throttling backs off: each throttled check at least doubles the pause, up to the ceiling', async () => {
    const clock = new FakeClock();
    let checks = 0;
    const seen: number[] = [];
    await poll({
      check: async () => {
        // Near the expected end (the schedule alone says 500 ms), throttled six times.
        if (++checks <= 6) throw throttle();
        return { done: true, value: 1 };
      },
      minDelayMs: 2000,
      maxDelayMs: 4000,
      deadlineMs: MINUTE,
      clock,
      describe: 'r',
      random: () => 0,
      expect: { atMs: 0, nearMs: 500, ceilingMs: 10 * SECOND },
      onThrottle: (_n, d) => seen.push(d),
    });
    expect(seen).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('after throttling stops, the schedule takes over again', () => {
    expect(expectedDelay(30 * MINUTE, end, 0, 8000)).toBe(16_000);
    expect(expectedDelay(30 * MINUTE, end, 0)).toBe(500);
  });
});
