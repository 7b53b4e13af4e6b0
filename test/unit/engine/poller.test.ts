import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { nextDelay, poll } from '../../../src/engine/poller.js';
import { resolveWaits } from '../../../src/engine/wait-profiles.js';
import { DrctlError } from '../../../src/errors.js';
import { throttledAs } from '../../../src/ports/retry.js';
import { FakeClock } from '../../fakes/clock.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import { settle } from './helpers.js';

const throttle = (name: string) => Object.assign(new Error('slow down'), { name });

describe('poll', () => {
  it('backs off exponentially from min to max (jitter pinned to the top of the range)', async () => {
    const clock = new FakeClock();
    await poll({
      check: async (n) => (n < 7 ? { done: false, seen: `try ${n}` } : { done: true, value: n }),
      minDelayMs: 1000,
      maxDelayMs: 10_000,
      deadlineMs: 600_000,
      clock,
      describe: 'x',
      random: () => 0.999999,
    });
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('full jitter stays between min and the exponential ceiling', () => {
    for (let attempt = 1; attempt < 12; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.99]) {
        const d = nextDelay(attempt, 0, { minDelayMs: 5000, maxDelayMs: 20_000, random: () => r });
        expect(d).toBeGreaterThanOrEqual(5000);
        expect(d).toBeLessThanOrEqual(Math.min(20_000, 5000 * 2 ** (attempt - 1)));
      }
    }
  });

  it('decorrelated jitter stays between min and max, below three times the previous delay', () => {
    let prev = 2000;
    for (const r of [0.9, 0.1, 0.99, 0.5, 0.99, 0.99]) {
      const d = nextDelay(1, prev, {
        minDelayMs: 2000,
        maxDelayMs: 10_000,
        jitter: 'decorrelated',
        random: () => r,
      });
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(Math.min(10_000, prev * 3));
      prev = d;
    }
  });

  it('stops at the deadline with a TIMEOUT that says what it last saw', async () => {
    const clock = new FakeClock();
    const started = clock.now();
    let checks = 0;
    const p = poll({
      check: async () => {
        checks++;
        return { done: false, seen: 'UPDATE_IN_PROGRESS' };
      },
      minDelayMs: 5000,
      maxDelayMs: 20_000,
      deadlineMs: 60_000,
      clock,
      describe: 'stack app to finish',
    });
    // The total time and the number of checks made, so an operator knows it really tried.
    await expect(p).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(
        /^gave up waiting for stack app to finish after 60s and \d+ checks; last saw: UPDATE_IN_PROGRESS$/,
      ),
    });
    await p.catch((e: Error) => expect(e.message).toContain(` and ${checks} checks;`));
    expect(checks).toBeGreaterThan(2);
    expect(clock.now() - started).toBe(60_000);
  });

  it('an abort stops the wait with ABORTED, before or during a sleep', async () => {
    const clock = new FakeClock();
    const ac = new AbortController();
    const p = poll({
      check: async (n) => {
        if (n === 3) ac.abort();
        return { done: false, seen: 'x' };
      },
      minDelayMs: 1,
      maxDelayMs: 1,
      deadlineMs: 1e9,
      clock,
      signal: ac.signal,
      describe: 'y',
    });
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    const already = poll({
      check: async () => ({ done: true, value: 1 }),
      minDelayMs: 1,
      maxDelayMs: 1,
      deadlineMs: 1,
      clock,
      signal: ac.signal,
      describe: 'z',
    });
    await expect(already).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it.each([
    'Throttling',
    'ThrottlingException',
    'TooManyRequestsException',
    'PriorRequestNotComplete',
    'RequestLimitExceeded',
  ])('retries %s with backoff and reports it', async (name) => {
    const clock = new FakeClock();
    const throttled: number[] = [];
    let calls = 0;
    const value = await poll({
      check: async () => {
        if (++calls < 3) throw throttle(name);
        return { done: true, value: 'ok' };
      },
      minDelayMs: 100,
      maxDelayMs: 1000,
      deadlineMs: 10_000,
      clock,
      describe: 'z',
      random: () => 1,
      onThrottle: (_e, d) => throttled.push(d),
    });
    expect(value).toBe('ok');
    expect(throttled).toEqual([100, 200]);
    expect(throttledAs(throttle(name))).toBe(name);
  });

  // Adapters wrap SDK errors (callAws); the throttle must still be seen through the wrapper,
  // and reported as a `throttled` event, where it once stopped the wait as a failure.
  it('a throttle an adapter wrapped is still a throttle: the wait goes on and reports it', async () => {
    const w = createWorld();
    const describe = w.stacks.describe.bind(w.stacks);
    let n = 0;
    w.stacks.describe = async (region, name) => {
      if (name === 'shop-alb' && ++n === 2) {
        const sdk = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
        throw new DrctlError('AWS_CALL_FAILED', 'CloudFormation DescribeStacks failed: Throttling', {
          source: 'aws',
          cause: sdk,
        });
      }
      return describe(region, name);
    };
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
    expect(w.sink.of('throttled')).toEqual([
      { what: 'stack shop-alb in us-east-1 to finish', error: 'Throttling', delayMs: expect.any(Number) },
    ]);
  });

  it('other errors stop the wait at once', async () => {
    const clock = new FakeClock();
    const p = poll({
      check: async () => {
        throw throttle('AccessDenied');
      },
      minDelayMs: 1,
      maxDelayMs: 1,
      deadlineMs: 1000,
      clock,
      describe: 'z',
    });
    await expect(p).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(clock.sleeps).toEqual([]);
  });

  it('throttling that never ends still hits the deadline', async () => {
    const clock = new FakeClock();
    const p = poll({
      check: async () => {
        throw throttle('Throttling');
      },
      minDelayMs: 1000,
      maxDelayMs: 2000,
      deadlineMs: 10_000,
      clock,
      describe: 'z',
    });
    await expect(p).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('throttled (Throttling)'),
    });
  });
});

describe('wait profiles', () => {
  it('defaults per resource, overridable field by field', () => {
    const w = resolveWaits({ stack: { deadlineMs: 1000 } });
    expect(w.stack).toEqual({
      minDelayMs: 2000,
      maxDelayMs: 4000,
      deadlineMs: 1000,
      nearDelayMs: 500,
      farDelayMs: 30_000,
    });
    expect(w.albActive).toEqual({ minDelayMs: 2000, maxDelayMs: 4000, deadlineMs: 900_000 });
    expect(w.targetHealth).toEqual({
      minDelayMs: 2000,
      maxDelayMs: 4000,
      deadlineMs: 1_200_000,
      nearDelayMs: 500,
      farDelayMs: 15_000,
    });
    expect(w.dnsInsync).toEqual({
      minDelayMs: 1000,
      maxDelayMs: 2000,
      deadlineMs: 600_000,
      nearDelayMs: 1000,
      farDelayMs: 10_000,
    });
  });
});
