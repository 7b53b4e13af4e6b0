/**
 * What-if runs: the same scenarios with tighter wait profiles, laid over drctl's defaults
 * through the engine input (FailoverInput.waits; drctl.yaml does not expose them), to put a price in API calls on a smaller overhead.
 */
import { peakInWindow } from './api-calls.js';
import type { Bounds } from './bounds.js';
import type { Scenario } from './scenario.js';
import { type RunOptions, runDrctl } from './scenario-runner.js';
import { median } from './stats.js';

export interface WhatIfProfile {
  name: string;
  description: string;
  options: Pick<RunOptions, 'waits' | 'dataWaits'>;
}

const s = (min: number, max: number) => ({ minDelayMs: min * 1000, maxDelayMs: max * 1000 });

export const PROFILES: WhatIfProfile[] = [
  { name: 'default', description: "drctl's wait profiles as shipped", options: {} },
  {
    name: '2–5 s',
    description: 'stack and target health 2–5 s, INSYNC 1–3 s, snapshot copy and global switchover 5–10 s',
    options: {
      waits: { stack: s(2, 5), targetHealth: s(2, 5), dnsInsync: s(1, 3) },
      dataWaits: { snapshotCopy: s(5, 10), globalWriterChange: s(5, 10) },
    },
  },
  {
    name: '1.5–2.5 s',
    description: 'stack and target health 1.5–2.5 s, INSYNC 1–2 s, snapshot copy and global switchover 2–3 s',
    options: {
      waits: { stack: s(1.5, 2.5), targetHealth: s(1.5, 2.5), dnsInsync: s(1, 2) },
      dataWaits: { snapshotCopy: s(2, 3), globalWriterChange: s(2, 3) },
    },
  },
];

export interface WhatIfRow {
  scenario: string;
  profile: string;
  overheadSeconds: number;
  overheadPercent: number;
  calls: number;
  /** CloudFormation calls in the busiest minute, per second (a sustained rate). */
  cfnPerSecondBusiestMinute: number;
}

export async function whatIf(sc: Scenario, b: Bounds, seeds: number): Promise<WhatIfRow[]> {
  const rows: WhatIfRow[] = [];
  for (const p of PROFILES) {
    const runs = [];
    for (let seed = 1; seed <= seeds; seed++) runs.push(await runDrctl(sc, { seed, ...p.options }));
    const ok = runs.filter((r) => r.outcome === 'flipped');
    const over = median(ok.map((r) => r.seconds)) - b.criticalPathSeconds;
    rows.push({
      scenario: sc.name,
      profile: p.name,
      overheadSeconds: over,
      overheadPercent: (100 * over) / b.criticalPathSeconds,
      calls: median(ok.map((r) => r.calls.calls.length)),
      cfnPerSecondBusiestMinute: Math.max(
        0,
        ...ok.map(
          (r) =>
            peakInWindow(
              r.calls.times((c) => c.service === 'cloudformation'),
              60_000,
            ) / 60,
        ),
      ),
    });
  }
  return rows;
}
