/** The one retry layer: callAws by the rule and budget of src/ports/retry.ts, on the injected clock. */
import { describe, expect, it } from 'vitest';
import { callAws } from '../../../src/aws/call.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { DrctlError } from '../../../src/errors.js';
import { systemClock } from '../../../src/local/system-clock.js';
import { isRetryable, RETRY_BUDGET, type RetryPolicy, throttledAs } from '../../../src/ports/retry.js';
import { FakeClock } from '../../fakes/clock.js';

const sdkError = (name: string, status = 400) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

/** The shipped budget on fake time, jitter pinned to the top of each range. */
function shipped(): { policy: RetryPolicy; clock: FakeClock } {
  const clock = new FakeClock();
  const policy = { ...new ClientFactory({ retry: { clock } }).retry, random: () => 1 };
  return { policy, clock };
}

describe('callAws retries', () => {
  it('a throttled call gets the stated attempts, sleeping on the clock it is given', async () => {
    const { policy, clock } = shipped();
    let n = 0;
    const err = await callAws(
      'Route 53 ChangeResourceRecordSets',
      async () => {
        n++;
        throw sdkError('Throttling');
      },
      policy,
    ).catch((e) => e);
    expect(n).toBe(RETRY_BUDGET.throttledAttempts);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(err).toBeInstanceOf(DrctlError);
    expect(err.message).toBe('Route 53 ChangeResourceRecordSets failed: Throttling: Throttling happened');
    expect(err.cause.name).toBe('Throttling');
  });

  it('a 503 gets the transient attempts; a client error gets one', async () => {
    const { policy, clock } = shipped();
    let n = 0;
    await callAws(
      'x',
      async () => {
        n++;
        throw sdkError('ServiceUnavailable', 503);
      },
      policy,
    ).catch(() => undefined);
    expect(n).toBe(RETRY_BUDGET.attempts);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    n = 0;
    await callAws(
      'x',
      async () => {
        n++;
        throw sdkError('ValidationError');
      },
      policy,
    ).catch(() => undefined);
    expect(n).toBe(1);
  });

  it('a throttle that clears is a success', async () => {
    const { policy } = shipped();
    let n = 0;
    const value = await callAws(
      'x',
      async () => {
        if (++n < 3) throw sdkError('PriorRequestNotComplete');
        return 'done';
      },
      policy,
    );
    expect([value, n]).toEqual(['done', 3]);
  });

  it('an abort during a retry pause ends the call at once, ABORTED', async () => {
    const controller = new AbortController();
    // An hour-long pause on the real clock: only the abort can end this test in time.
    const policy = {
      ...RETRY_BUDGET,
      baseDelayMs: 3_600_000,
      maxDelayMs: 3_600_000,
      clock: systemClock,
      signal: controller.signal,
      random: () => 1,
    };
    let n = 0;
    const p = callAws(
      'x',
      async () => {
        n++;
        setImmediate(() => controller.abort());
        throw sdkError('Throttling');
      },
      policy,
    );
    await expect(p).rejects.toMatchObject({ code: 'ABORTED', message: 'interrupted while retrying x' });
    expect(n).toBe(1);
  });

  it('one rule classifies: throttles by name (wrapped or not), transient faults, and the rest', () => {
    for (const name of [
      'BandwidthLimitExceeded',
      'ProvisionedThroughputExceededException',
      'TransactionInProgressException',
    ])
      expect(throttledAs(sdkError(name))).toBe(name);
    const wrapped = new DrctlError('AWS_CALL_FAILED', 'x failed', { cause: sdkError('SlowDown', 503) });
    expect(throttledAs(wrapped)).toBe('SlowDown');
    expect(throttledAs(sdkError('TooBusy', 429))).toBe('TooBusy');
    expect(isRetryable(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect([
      isRetryable(sdkError('InternalFailure', 500)),
      isRetryable(sdkError('NotImplemented', 501)),
    ]).toEqual([true, false]);
    expect([throttledAs(sdkError('ValidationError')), isRetryable(sdkError('ValidationError'))]).toEqual([
      undefined,
      false,
    ]);
  });
});
