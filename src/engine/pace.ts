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
 * 550 ms between calls on average: under half of Route 53's 5/s. Two calls may go back to
 * back when the pacer has been idle (the lock, the flip and the verification reads each
 * need two or three in a row on the critical path), but never more than 2 in any one-second
 * window: 450 ms spacing would average 2.2/s yet let 3 land in one window, and so would a
 * plain 2-token bucket refilled every 550 ms (0, 0, 550).
 */
export const ROUTE53_MIN_INTERVAL_MS = 550;
const ROUTE53_BURST = 2;

export interface PacerOptions {
  /** Calls that may go back to back after an idle spell (a token bucket's capacity); default 1. */
  burst?: number;
  /** And at most `burst` calls in any half-open window of this many ms; default none. */
  windowMs?: number;
}

/**
 * A token bucket in its GCRA form (a "theoretical arrival time" that advances one interval
 * per call: the long-run rate is one call per interval whatever the burst), plus a sliding
 * window over the last `burst` calls. With the defaults it is plain spacing, one call per
 * interval.
 */
export class Pacer {
  private tat = Number.NEGATIVE_INFINITY;
  private readonly recent: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly burst: number;
  private readonly windowMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    options: PacerOptions = {},
  ) {
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.windowMs = options.windowMs ?? 0;
  }

  /** Resolves when the caller may make its call; callers are served in order. */
  turn(): Promise<void> {
    const mine = this.chain.then(async () => {
      const byRate = this.tat - (this.burst - 1) * this.intervalMs;
      const oldest =
        this.recent.length >= this.burst ? this.recent[this.recent.length - this.burst] : undefined;
      const byWindow = oldest === undefined ? Number.NEGATIVE_INFINITY : oldest + this.windowMs;
      const wait = Math.max(byRate, byWindow) - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      const now = this.clock.now();
      this.tat = Math.max(this.tat, now) + this.intervalMs;
      this.recent.push(now);
      if (this.recent.length > this.burst) this.recent.shift();
    });
    this.chain = mine.catch(() => {});
    return mine;
  }
}

/** Route 53's pacer for one run (or one account of a fleet): 2 back to back, ≤ 2 in any second, 1 per 550 ms sustained. */
export function route53Pacer(clock: Clock, intervalMs = ROUTE53_MIN_INTERVAL_MS): Pacer {
  return new Pacer(clock, intervalMs, { burst: ROUTE53_BURST, windowMs: 1000 });
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
 *   Developer Guide, "Quotas on API requests"); drctl takes at most 2 in any second and
 *   one per 550 ms sustained (`route53Pacer`).
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
      p =
        service === 'route53'
          ? route53Pacer(this.clock, this.intervals.route53)
          : new Pacer(this.clock, this.intervals[service]);
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
