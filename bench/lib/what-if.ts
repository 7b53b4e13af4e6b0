/**
 * What-if runs: the same scenarios with and without past runs to learn from, and with the
 * plain backoff drctl used before it polled by expectation (laid over its defaults through
 * the engine input, FailoverInput.waits; drctl.yaml does not expose them): what polling by
 * expectation saves in API calls and costs, or saves, in overhead.
 */
import type { MemoryJournal } from '../../test/fakes/memory.js';
import { peakInWindow } from './api-calls.js';
import type { Bounds } from './bounds.js';
import type { Scenario } from './scenario.js';
import { type RunOptions, runDrctl } from './scenario-runner.js';
import { median } from './stats.js';

export interface WhatIfProfile {
  name: string;
  description: string;
  /** Runs learn from the scenario's past runs (`pastRuns`). */
  history: boolean;
  options: Pick<RunOptions, 'waits' | 'dataWaits'>;
}

export const PROFILES: WhatIfProfile[] = [
  {
    name: 'past runs',
    description:
      "drctl as shipped, with the journals of three earlier runs of the scenario to learn each wait's duration from (as after a few drills)",
    history: true,
    options: {},
  },
  {
    name: 'no history',
    description:
      'drctl as shipped on its first run: no past runs, so every wait polls by its plain backoff (stacks and target health 2–4 s, INSYNC 1–2 s), as before polling by expectation',
    history: false,
    options: {},
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

export async function whatIf(
  sc: Scenario,
  b: Bounds,
  seeds: number,
  history: MemoryJournal,
): Promise<WhatIfRow[]> {
  const rows: WhatIfRow[] = [];
  for (const p of PROFILES) {
    const runs = [];
    for (let seed = 1; seed <= seeds; seed++)
      runs.push(await runDrctl(sc, { seed, ...p.options, ...(p.history ? { history } : {}) }));
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
