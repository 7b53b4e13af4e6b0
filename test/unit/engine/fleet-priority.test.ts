import { describe, expect, it } from 'vitest';
import {
  type FleetApp,
  FleetBudget,
  PriorityPacer,
  runFleet,
  withPriority,
} from '../../../src/engine/fleet/index.js';
import { startOrder } from '../../../src/engine/fleet/run.js';
import type { FailoverOutcome } from '../../../src/engine/input.js';
import { Pacer } from '../../../src/engine/pace.js';
import { FakeClock } from '../../fakes/clock.js';

const done = (runId: string): FailoverOutcome => ({
  kind: 'no-op',
  reason: 'already',
  runId,
  timings: [],
  totalMs: 0,
  journal: '',
});

describe('PriorityPacer: Route 53 turns to the longest app first', () => {
  it('keeps the spacing and serves waiting calls highest priority first, equal ones in arrival order', async () => {
    const clock = new FakeClock(0);
    const pacer = new PriorityPacer(clock, 550);
    const at: string[] = [];
    const call = (name: string, priority?: number) =>
      withPriority(priority, async () => {
        await pacer.turn();
        at.push(`${name}:${clock.now()}`);
      });
    await Promise.all([
      call('quick', 100),
      call('none'),
      call('slow', 900),
      call('mid', 500),
      call('slow2', 900),
    ]);
    expect(at).toEqual(['slow:0', 'slow2:550', 'mid:1100', 'quick:1650', 'none:2200']);
  });

  it('without priorities it is the plain first-come pacer', async () => {
    const clock = new FakeClock(0);
    const pacer = new PriorityPacer(clock, 550);
    const at: number[] = [];
    await Promise.all([1, 2, 3].map(async (i) => pacer.turn().then(() => at.push(i * 10_000 + clock.now()))));
    expect(at).toEqual([10_000, 20_550, 31_100]);
  });

  it("FleetBudget: one priority pacer for the account's Route 53, the regional services as before", () => {
    const b = new FleetBudget(new FakeClock(0), { route53: 600 });
    expect(b.pacer('route53')).toBeInstanceOf(PriorityPacer);
    expect(b.pacer('route53', 'us-east-1')).toBe(b.pacer('route53', 'eu-west-1'));
    expect(b.pacer('route53', 'global', 'acct-2')).not.toBe(b.pacer('route53'));
    expect(b.pacer('cloudformation', 'us-east-1')).not.toBeInstanceOf(PriorityPacer);
    expect(b.pacer('cloudformation', 'us-east-1')).toBeInstanceOf(Pacer);
  });
});

describe('runFleet: the slowest app never waits behind quick ones', () => {
  const app = (name: string, expectedMs?: number): FleetApp => ({
    name,
    wave: 1,
    runId: `run-${name}`,
    ...(expectedMs !== undefined ? { expectedMs } : {}),
  });

  it('starts a wave longest expected first, unknown last, ties in file order', () => {
    const order = startOrder([app('a'), app('b', 10), app('c', 30), app('d'), app('e', 30)]).map(
      (a) => a.name,
    );
    expect(order).toEqual(['c', 'e', 'b', 'a', 'd']);
  });

  it("gives every Route 53 turn of the fleet to the slowest app's calls before the quick apps'", async () => {
    const clock = new FakeClock(0);
    const budget = new FleetBudget(clock);
    const turns: string[] = [];
    const apps = [app('quick1', 600_000), app('slow', 3_300_000), app('quick2', 600_000), app('new')];
    const r = await runFleet(
      apps,
      { concurrency: 4 },
      async (a) => {
        // Preflight, lock, flip: three Route 53 calls, each after some work of its own.
        for (const step of ['preflight', 'lock', 'flip']) {
          await Promise.resolve();
          await budget.pacer('route53').turn();
          turns.push(`${a.name} ${step}`);
        }
        return done(a.runId);
      },
      { clock, sink: { emit: () => {} } },
    );
    expect(r.allMoved).toBe(true);
    expect(turns.slice(0, 3)).toEqual(['slow preflight', 'slow lock', 'slow flip']);
    // Every app still gets all its turns, at the pacer's spacing.
    expect(turns).toHaveLength(12);
    expect(clock.now()).toBe(11 * 550);
    expect(turns.filter((t) => t.startsWith('new'))).toEqual(['new preflight', 'new lock', 'new flip']);
    expect(turns.slice(-3)).toEqual(['new preflight', 'new lock', 'new flip']);
  });
});
