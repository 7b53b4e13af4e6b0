/**
 * The fleet benchmark's machinery (bench/lib/fleet.ts), on small fleets of a small
 * scenario: every app really moves in each mode, the shared budget keeps Route 53 at its
 * pacing where independent processes add up, and one after another is the sum of each
 * alone. No wall time is asserted: virtual time only.
 */
import { describe, expect, it } from 'vitest';
import { runFleet } from '../../../bench/lib/fleet.js';
import { parseScenario } from '../../../bench/lib/scenario.js';

const one = (seconds: number) => ({ resources: { Only: { seconds } } });

function small(name: string, dataSeconds: number) {
  return parseScenario({
    name,
    description: 'a small scenario',
    apiLatencyMs: 50,
    data: { strategy: 'snapshot' },
    stacks: {
      network: one(30),
      security: one(10),
      data: one(dataSeconds),
      media: one(10),
      edge: one(40),
      compute: one(60),
    },
    targets: { afterStack: 'compute', healthySeconds: 20 },
    dns: { insyncSeconds: 20 },
  });
}

const scenarios = [small('slow', 600), small('fast', 120)];

describe('fleet benchmark', () => {
  it('the fleet moves every app, within its slowest critical path plus pacing, Route 53 at 2/s', async () => {
    const f = await runFleet(12, scenarios, 'fleet');
    expect(f.moved).toBe(12);
    expect(f.rtoSeconds).toBeGreaterThanOrEqual(f.slowestCriticalPathSeconds);
    expect(f.rtoSeconds).toBeLessThan(2 * f.slowestCriticalPathSeconds);
    expect(f.endSeconds).toBeGreaterThanOrEqual(f.rtoSeconds);
    expect(f.peakRoute53PerSecond).toBeLessThanOrEqual(2);
  });

  it('independent processes each pace themselves, so together they exceed 2/s', async () => {
    const f = await runFleet(12, scenarios, 'independent');
    expect(f.moved).toBe(12);
    expect(f.peakRoute53PerSecond).toBeGreaterThan(2);
  });

  it('one after another takes about the sum of the apps alone', async () => {
    const seq = await runFleet(2, scenarios, 'sequential');
    const slowAlone = await runFleet(1, [scenarios[0]!], 'sequential');
    const fastAlone = await runFleet(1, [scenarios[1]!], 'sequential');
    expect(seq.moved).toBe(2);
    // Jitter differs per app (its seed), so notice delays do too: within 5 % of the sum.
    const sum = slowAlone.endSeconds + fastAlone.endSeconds;
    expect(Math.abs(seq.endSeconds - sum)).toBeLessThan(0.05 * sum);
  });
});
