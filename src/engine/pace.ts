/**
 * Route 53 allows 5 requests per second per account, shared by everything in it (other
 * tools, other teams failing over in the same outage). drctl keeps its own calls under
 * half of that by spacing them on the run's clock, so the spacing shows in the
 * benchmark's virtual time and costs fake-clock tests nothing. One pacer per run wraps the
 * Route 53 adapter where the run is wired (src/cli/context.ts), so the DNS steps, the lock
 * and a rollback all take their turns from it. A fleet shares one `ApiBudget` across all
 * its applications: one pacer per account and service (and region, for regional services).
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

/** The services a fleet's budget paces: the ones a failover calls most, and Route 53's tight limit. */
export type PacedService = 'route53' | 'cloudformation' | 'rds';

/**
 * Minimum spacing per service, ms, per account (and region for the regional ones).
 * - route53: 5 requests/s per account, all regions and callers together (Route 53
 *   Developer Guide, "Quotas on API requests"); drctl takes at most 2/s.
 * - rds: 12 requests/s sustained, bursts of 300, per account and region (RDS User Guide,
 *   "Request throttling for the Amazon RDS API"); drctl takes at most half, 6/s.
 * - cloudformation: AWS publishes no request rate (its quotas page counts stacks,
 *   resources and outputs; the "Rate exceeded" knowledge-center article says to back off
 *   and not to run many stack operations at once). drctl takes 5/s, Route 53's published
 *   figure, as a conservative stand-in; a fleet file can raise it.
 */
const DEFAULT_INTERVALS_MS: Record<PacedService, number> = {
  route53: ROUTE53_MIN_INTERVAL_MS,
  rds: 167,
  cloudformation: 200,
};

/**
 * One API budget: a pacer per account, service and region, shared by every application
 * of a fleet so that together they stay under each limit. Route 53 is global (one pacer
 * per account whatever the region).
 */
export class ApiBudget {
  private readonly pacers = new Map<string, Pacer>();
  private readonly intervals: Record<PacedService, number>;

  constructor(
    private readonly clock: Clock,
    intervals: Partial<Record<PacedService, number>> = {},
  ) {
    this.intervals = { ...DEFAULT_INTERVALS_MS, ...intervals };
  }

  /** The pacer of `service` in `region` for `account` (default: the fleet's one account). */
  pacer(service: PacedService, region = 'global', account = 'default'): Pacer {
    const key = `${account}/${service}/${service === 'route53' ? 'global' : region}`;
    let p = this.pacers.get(key);
    if (!p) {
      p = new Pacer(this.clock, this.intervals[service]);
      this.pacers.set(key, p);
    }
    return p;
  }

  /** Whether calls to this service name are paced (SDK clients are named by service). */
  static paces(service: string): service is PacedService {
    return service === 'route53' || service === 'cloudformation' || service === 'rds';
  }
}

/**
 * The same port, every method taking a turn first from the pacer of the region it is
 * given (its first argument, or a request's `targetRegion`). For ports whose methods
 * make one call each (the benchmark's timed fakes); the CLI paces each SDK request instead
 * (src/aws/clients.ts), which also counts pages and retries.
 */
export function pacedPort<T extends object>(port: T, budget: ApiBudget, service: PacedService): T {
  return new Proxy(port, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        const first = args[0];
        const region =
          typeof first === 'string'
            ? first
            : ((first as { targetRegion?: string } | undefined)?.targetRegion ?? 'global');
        await budget.pacer(service, region).turn();
        return v.apply(target, args);
      };
    },
  });
}
