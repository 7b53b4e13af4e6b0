import { describe, expect, it } from 'vitest';
import { Pacer, pacedDns, ROUTE53_MIN_INTERVAL_MS, route53Pacer } from '../../../src/engine/pace.js';
import type { DnsPort } from '../../../src/ports/dns.js';
import { FakeClock } from '../../fakes/clock.js';

const perSecond = (at: number[]) =>
  Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));

describe('Route 53 pacing', () => {
  it('plain spacing (burst 1) keeps calls at least 550 ms apart on the engine clock, in order', async () => {
    const clock = new FakeClock(0);
    const at: number[] = [];
    const call = async () => {
      at.push(clock.now());
      return 'INSYNC' as const;
    };
    const dns = {
      findHostedZone: call,
      listRecordSets: call,
      changeRecordSets: call,
      getChangeStatus: call,
      testDnsAnswer: call,
    } as unknown as DnsPort;
    const paced = pacedDns(dns, new Pacer(clock, ROUTE53_MIN_INTERVAL_MS));
    await Promise.all([1, 2, 3, 4, 5].map(() => paced.getChangeStatus('c')));
    expect(at).toEqual([0, 550, 1100, 1650, 2200]);
    expect(perSecond(at)).toBe(2);
  });

  it('does not delay calls that are already far apart', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, 450);
    await pacer.turn();
    clock.t += 5000;
    await pacer.turn();
    expect(clock.now()).toBe(5000);
  });

  it("Route 53's pacer lets a burst of 2 pass at once; the third waits for the one-second window", async () => {
    const clock = new FakeClock(0);
    const pacer = route53Pacer(clock);
    const at: number[] = [];
    const turn = async () => {
      await pacer.turn();
      at.push(clock.now());
    };
    await Promise.all([turn(), turn(), turn()]);
    // Not 550 (what a bare 2-token bucket would allow): 0, 0, 550 puts 3 in one second.
    expect(at).toEqual([0, 0, 1000]);
  });

  it('keeps the sustained rate at one call per 550 ms and never more than 2 in any second', async () => {
    const clock = new FakeClock(0);
    const pacer = route53Pacer(clock);
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        await pacer.turn();
        at.push(clock.now());
      }),
    );
    expect(perSecond(at)).toBe(2);
    // 40 calls: 2 free, then 38 more at 550 ms each on average (the window only ever delays).
    expect(at.at(-1)).toBe(38 * ROUTE53_MIN_INTERVAL_MS);
    for (let i = 2; i < at.length; i++) expect(at[i]! - at[i - 2]!).toBeGreaterThanOrEqual(1000);
  });

  it('refills its burst only after an idle spell, one token per 550 ms', async () => {
    const clock = new FakeClock(0);
    const pacer = route53Pacer(clock);
    await pacer.turn();
    await pacer.turn();
    expect(clock.now()).toBe(0);
    clock.t = 1600; // two intervals and more since the last call: the bucket is full again
    await pacer.turn();
    await pacer.turn();
    expect(clock.now()).toBe(1600);
    clock.t = 2200; // one token back (550 ms), the window of [1600, 2600) holds 2 already
    await pacer.turn();
    expect(clock.now()).toBe(2600);
  });
});
