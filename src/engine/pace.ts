/**
 * Route 53 allows 5 requests per second per account, shared by everything in it (other
 * tools, other teams failing over in the same outage). drctl keeps its own calls under
 * half of that by spacing them on the run's clock, so the spacing shows in the
 * benchmark's virtual time and costs fake-clock tests nothing. One pacer per run wraps the
 * Route 53 adapter where the run is wired (src/cli/context.ts), so the DNS steps, the lock
 * and a rollback all take their turns from it.
 */
import type { Clock } from '../ports/clock.js';
import type { DnsPort } from '../ports/dns.js';

/**
 * 550 ms between calls: at most 2 in any one-second window (450 ms would average 2.2/s
 * but let 3 land in one window), under half of Route 53's 5/s.
 */
export const ROUTE53_MIN_INTERVAL_MS = 550;

export class Pacer {
  private next = Number.NEGATIVE_INFINITY;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /** Resolves when the caller may make its call; callers are served in order. */
  turn(): Promise<void> {
    const mine = this.chain.then(async () => {
      const wait = this.next - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.next = this.clock.now() + this.intervalMs;
    });
    this.chain = mine.catch(() => {});
    return mine;
  }
}

/** The same DnsPort, every call taking its turn. */
export function pacedDns(dns: DnsPort, pacer: Pacer): DnsPort {
  const paced =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      await pacer.turn();
      return fn(...a);
    };
  return {
    findHostedZone: paced(dns.findHostedZone.bind(dns)),
    listRecordSets: paced(dns.listRecordSets.bind(dns)),
    changeRecordSets: paced(dns.changeRecordSets.bind(dns)),
    getChangeStatus: paced(dns.getChangeStatus.bind(dns)),
    testDnsAnswer: paced(dns.testDnsAnswer.bind(dns)),
  };
}
