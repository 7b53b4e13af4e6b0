/**
 * Keeps the benchmark's own machinery honest: the critical-path arithmetic, the discrete-
 * event clock, the peak-rate counter, and a whole scenario small enough that drctl's time
 * (and the hand script's) can be worked out by hand. No wall time is asserted anywhere.
 */
import { describe, expect, it } from 'vitest';
import { peakInWindow } from '../../../bench/lib/api-calls.js';
import { bounds } from '../../../bench/lib/bounds.js';
import { criticalPath, criticalPathSeconds } from '../../../bench/lib/critical-path.js';
import { parseScenario, stackSeconds } from '../../../bench/lib/scenario.js';
import { runBaseline, runDrctl } from '../../../bench/lib/scenario-runner.js';
import { VirtualClock } from '../../../bench/lib/virtual-clock.js';
import { blueprint } from '../../../bench/lib/world.js';

const one = (seconds: number) => ({ resources: { Only: { seconds } } });

/** Every duration a multiple of drctl's minimum poll delays (5 s stacks and targets, 2 s INSYNC). */
function tiny(networkSeconds = 10) {
  return parseScenario({
    name: 'tiny',
    description: 'durations on the poll grid',
    data: { strategy: 'snapshot' },
    stacks: {
      network: one(networkSeconds),
      security: one(5),
      data: one(20),
      media: one(5),
      edge: one(15),
      compute: one(10),
    },
    targets: { afterStack: 'compute', healthySeconds: 10 },
    dns: { insyncSeconds: 4 },
    verification: { consecutiveSuccesses: 2, intervalSeconds: 1 },
  });
}

describe('critical path', () => {
  const graph = {
    a: { seconds: 3 },
    b: { seconds: 5, dependsOn: ['a'] },
    c: { seconds: 2, dependsOn: ['a'] },
    d: { seconds: 1, dependsOn: ['b', 'c'] },
  };

  it('is the longest chain of a small graph', () => {
    expect(criticalPathSeconds(graph)).toBe(9);
    expect(criticalPath(graph, 'd')).toEqual(['a', 'b', 'd']);
  });

  it('refuses cycles and unknown dependencies', () => {
    expect(() =>
      criticalPathSeconds({ a: { seconds: 1, dependsOn: ['b'] }, b: { seconds: 1, dependsOn: ['a'] } }),
    ).toThrow(/cycle/);
    expect(() => criticalPathSeconds({ a: { seconds: 1, dependsOn: ['x'] } })).toThrow(
      /x .*not in the graph/,
    );
  });

  it("takes a stack's own resources into account", () => {
    const stack = {
      exists: false,
      resources: {
        Vpc: { seconds: 60, dependsOn: [] },
        Nat: { seconds: 120, dependsOn: ['Vpc'] },
        Kms: { seconds: 30, dependsOn: [] },
      },
    };
    expect(stackSeconds(stack)).toBe(180);
  });

  it('follows the blueprint: waves, dependsOn, the data recovery beside the first wave', () => {
    const s = tiny();
    // network 10 -> data 20 -> compute 10 -> healthy 10 -> probe 1 -> flip -> INSYNC 4 -> verify 1
    expect(bounds(s, blueprint())).toMatchObject({ criticalPathSeconds: 56, waveScheduleSeconds: 56 });
    const copy = parseScenario({ ...s, data: { strategy: 'snapshot', copySeconds: 100 } });
    expect(bounds(copy, blueprint()).path.slice(0, 2)).toEqual(['recover-data', 'data']);
  });
});

describe('peak request rate', () => {
  it('counts the busiest one-second window, half-open', () => {
    expect(peakInWindow([0, 100, 900, 1000, 1999, 5000])).toBe(3);
    expect(peakInWindow([0, 1000, 2000])).toBe(1);
    expect(peakInWindow([7, 7, 7])).toBe(3);
    expect(peakInWindow([])).toBe(0);
  });
});

describe('virtual clock', () => {
  it('overlaps concurrent sleeps instead of adding them up', async () => {
    const clock = new VirtualClock(0);
    const ends: number[] = [];
    const nap = async (ms: number) => {
      await clock.sleep(ms);
      ends.push(clock.now());
    };
    await clock.run(Promise.all([nap(5000), nap(5000), nap(7000)]));
    expect(ends).toEqual([5000, 5000, 7000]);
    expect(clock.now()).toBe(7000);
  });

  it('says so when the work can never finish', async () => {
    const clock = new VirtualClock(0);
    await expect(clock.run(new Promise(() => {}))).rejects.toThrow(/stuck/);
  });
});

/**
 * Fixed poll profiles, so the hand-worked times below do not move with drctl's defaults:
 * plain backoff (no near/far delays, so no polling by expectation).
 */
const plain = { nearDelayMs: undefined, farDelayMs: undefined };
const waits = {
  stack: { minDelayMs: 5000, maxDelayMs: 20_000, ...plain },
  albActive: { minDelayMs: 5000, maxDelayMs: 15_000 },
  targetHealth: { minDelayMs: 5000, maxDelayMs: 15_000, ...plain },
  dnsInsync: { minDelayMs: 2000, maxDelayMs: 10_000, ...plain },
};

describe('a scenario whose times can be worked out by hand', () => {
  it('drctl with every poll at its minimum delay notices each end on time: it takes the critical path', async () => {
    const r = await runDrctl(tiny(), { seed: 1, random: () => 0, waits });
    expect(r.outcome).toBe('flipped');
    // Plus Route 53 pacing (src/engine/pace.ts: 2 back to back, at most 2 in any second,
    // one per 550 ms sustained). The lock's two calls go at once; the snapshot's two reads
    // too, then the flip waits 1 s for the window; the first GetChange waits 0.1 s for the
    // sustained rate (three calls since 51 s: 51 + 2 x 0.55); after INSYNC the verification
    // reads the record set at once and its TestDNSAnswer waits 1 s: 2.1 s in all.
    expect(r.seconds).toBeCloseTo(56 + 2.1, 6);
    // Every end is noticed on time but INSYNC, whose first GetChange waits its pacing turn.
    expect(
      Object.entries(r.notice)
        .filter(([, d]) => d !== 0)
        .map(([k]) => k),
    ).toEqual(['insync']);
  });

  it('a stack ending between two polls is noticed at the next one, and everything after shifts', async () => {
    // network 11 s: polled at 0, 5, 10, 15 -> noticed 4 s late; the rest stays on the grid.
    const r = await runDrctl(tiny(11), { seed: 1, random: () => 0, waits });
    expect(bounds(tiny(11), blueprint()).criticalPathSeconds).toBe(57);
    expect(r.seconds).toBeCloseTo(61 + 2.1, 6);
    expect(r.notice['stack network']).toBe(4);
  });

  it('counts the calls drctl makes through the timed fakes', async () => {
    const r = await runDrctl(tiny(), { seed: 1, random: () => 0, waits });
    const counts = r.calls.counts();
    expect(counts.get('cloudformation CreateStack')).toBe(6);
    // Lock, flip, unlock: three change batches; INSYNC polled at 0, 2 and 4 s after the flip.
    expect(counts.get('route53 ChangeResourceRecordSets')).toBe(3);
    expect(counts.get('route53 GetChange')).toBe(3);
  });

  it('the hand script waits 30 s per stack, one after another, and 30 s for INSYNC', async () => {
    // Six stacks of at most 30 s: 180 s; targets healthy by then; 1 s of probes; INSYNC
    // seen on the second GetChange (+30 s); 1 s of probes.
    const b = await runBaseline(tiny(), 0);
    expect(b.seconds).toBe(212);
    expect(b.calls.counts().get('cloudformation DescribeStacks')).toBe(12);
  });
});
