/**
 * Visible waits: an AWS call outstanding for more than 10 s gets a line saying what, how
 * long and which attempt; when it finally gives up, the message names the total time and
 * every attempt (not one attempt's 30 s limit).
 */
import { describe, expect, it } from 'vitest';
import { callAws } from '../../../src/aws/call.js';
import { callsInFlight } from '../../../src/aws/call-watch.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { slowCallTicker } from '../../../src/cli/slow-calls.js';
import { RETRY_BUDGET } from '../../../src/ports/retry.js';
import { FakeClock } from '../../fakes/clock.js';
import { captureIo } from '../../helpers/capture-io.js';

describe('slow AWS calls', () => {
  it('are announced after 10 s, then every 10 s, with the attempt', () => {
    const cap = captureIo();
    let t = 0;
    const call = { what: 'Route 53 GetChange', startedAt: 0, attempt: 1, of: 4 };
    const tick = slowCallTicker(cap.io, { now: () => t, calls: () => [call] });
    for (const at of [1000, 9000]) {
      t = at;
      tick();
    }
    expect(cap.err).toEqual([]);
    t = 10_000;
    tick();
    t = 15_000;
    tick();
    call.attempt = 2;
    t = 20_500;
    tick();
    expect(cap.err).toEqual([
      '  still waiting for Route 53 GetChange: 10 s so far, attempt 1 of 4',
      '  still waiting for Route 53 GetChange: 21 s so far, attempt 2 of 4',
    ]);
  });

  it('an endpoint that never answers: the calls in flight show each attempt, and the end names total time and attempts', async () => {
    const clock = new FakeClock();
    const policy = { ...new ClientFactory({ retry: { clock } }).retry, random: () => 1 };
    const seen: string[] = [];
    const err = await callAws(
      'CloudFormation DescribeStacks',
      async () => {
        const [c] = callsInFlight();
        seen.push(`${c?.what} attempt ${c?.attempt}`);
        await clock.sleep(30_000); // the SDK's requestTimeout, per attempt
        throw Object.assign(new Error('Request timed out after 30000ms'), { name: 'TimeoutError' });
      },
      policy,
    ).catch((e: Error) => e);
    expect(seen).toEqual(
      [1, 2, 3, 4].map((n) => `CloudFormation DescribeStacks attempt ${n}`).slice(0, RETRY_BUDGET.attempts),
    );
    expect(err.message).toBe(
      'CloudFormation DescribeStacks got no answer: 4 attempt(s) over 124 s, each timed out (Request timed out after 30000ms)',
    );
    expect(callsInFlight()).toEqual([]);
  });
});
