import { describe, expect, it } from 'vitest';
import { Pacer, pacedDns, ROUTE53_MIN_INTERVAL_MS } from '../../../src/engine/pace.js';
import type { DnsPort } from '../../../src/ports/dns.js';
import { FakeClock } from '../../fakes/clock.js';

describe('Route 53 pacing', () => {
  it('spaces calls at least 550 ms apart on the engine clock, in order, so no second sees more than 2', async () => {
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
    const perSecond = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));
    expect(perSecond).toBe(2);
  });

  it('does not delay calls that are already far apart', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, 450);
    await pacer.turn();
    clock.t += 5000;
    await pacer.turn();
    expect(clock.now()).toBe(5000);
  });
});
