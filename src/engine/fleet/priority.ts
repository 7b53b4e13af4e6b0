/**
 * Route 53 turns by priority. One pacer serves the whole account at 2/s in arrival order,
 * so with 200 apps at once each app's next call queues behind every other app's: the
 * slowest app (whose critical path decides when the fleet ends) waits minutes for its
 * preflight and lock at the start and for its final checks at the end, while quick apps
 * that have hours of slack take turns before it. `PriorityPacer` keeps the pacer's spacing
 * exactly (one of its turns per call, as before) but gives each turn, when it comes, to the
 * waiting call whose app is expected to take longest (`FleetApp.expectedMs`); equal ones in
 * arrival order. The fleet scheduler runs each app under its priority (`withPriority`), so
 * every port of the app, shared or not, asks with it without being told.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../../ports/clock.js';
import { ApiBudget, type PacedService, Pacer, ROUTE53_MIN_INTERVAL_MS } from '../pace.js';

const current = new AsyncLocalStorage<number>();

/** Runs `fn` (one app's run) with `priority`: its paced calls are served before lower ones. */
export function withPriority<T>(priority: number | undefined, fn: () => Promise<T>): Promise<T> {
  return priority === undefined ? fn() : current.run(priority, fn);
}

interface Waiter {
  priority: number;
  seq: number;
  go: () => void;
}

export class PriorityPacer extends Pacer {
  private readonly waiting: Waiter[] = [];
  private seq = 0;

  /** Resolves when the caller may make its call: as many turns as before, the highest priority served first. */
  override turn(): Promise<void> {
    const priority = current.getStore() ?? Number.NEGATIVE_INFINITY;
    return new Promise<void>((go, fail) => {
      this.waiting.push({ priority, seq: this.seq++, go });
      super.turn().then(() => this.grant(), fail);
    });
  }

  /** One turn came: the best waiter takes it (highest priority, then first come). */
  private grant(): void {
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      const w = this.waiting[i]!;
      const b = this.waiting[best]!;
      if (w.priority > b.priority || (w.priority === b.priority && w.seq < b.seq)) best = i;
    }
    const [w] = this.waiting.splice(best, 1);
    w?.go();
  }
}

/**
 * The fleet's API budget: as `ApiBudget`, with Route 53 (the account's one tight limit)
 * served by priority. Other services keep their first-come pacers: their limits are per
 * region and far from binding.
 */
export class FleetBudget extends ApiBudget {
  private readonly route53 = new Map<string, PriorityPacer>();

  constructor(
    private readonly fleetClock: Clock,
    private readonly fleetIntervals: Partial<Record<PacedService, number>> = {},
  ) {
    super(fleetClock, fleetIntervals);
  }

  override pacer(service: PacedService, region = 'global', account = 'default'): Pacer {
    if (service !== 'route53') return super.pacer(service, region, account);
    let p = this.route53.get(account);
    if (!p) {
      p = new PriorityPacer(this.fleetClock, this.fleetIntervals.route53 ?? ROUTE53_MIN_INTERVAL_MS);
      this.route53.set(account, p);
    }
    return p;
  }
}
