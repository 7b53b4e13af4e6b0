/** Turns many seeded runs of one scenario into the figures the report quotes (medians, worst peaks). */
import { peakInWindow } from './api-calls.js';
import type { Bounds } from './bounds.js';
import { LIMITS } from './limits.js';
import type { Scenario } from './scenario.js';
import type { BaselineRun, DrctlRun } from './scenario-runner.js';
import { median, p90 } from './stats.js';

interface PeakRow {
  service: string;
  scope: string;
  drctl: number;
  script: number;
  limit?: number;
  /** Whether drctl's worst one-second count stays under half the limit (undefined: no limit). */
  underHalf?: boolean;
}

export interface ScenarioSummary {
  scenario: Scenario;
  bounds: Bounds;
  seeds: number;
  failures: { seed: number; outcome: string; error?: string }[];
  drctlMedian: number;
  drctlP90: number;
  overheadSeconds: number;
  overheadPercent: number;
  /** Seconds the waves cost over the pure dependency graph. */
  waveCost: number;
  baseline: BaselineRun;
  /** `service operation` -> [drctl median, script]. */
  calls: Map<string, [number, number]>;
  /** AWS calls per failover, median over the seeds. */
  apiCalls: number;
  /** Worst busiest second of any single operation, over all seeds. */
  opPeaks: Map<string, number>;
  peaks: PeakRow[];
  /** Wait -> median seconds noticed late. */
  notice: Map<string, number>;
  warnings: string[];
  /** Things the runs did not do that the scenario needs done (the data recovery itself). */
  missing: string[];
}

/** The data recovery the scenario needs must show up as a mutating RDS call in every run. */
function missingWork(s: Scenario, runs: DrctlRun[]): string[] {
  const need =
    s.data.strategy === 'global'
      ? ['rds SwitchoverGlobalCluster', 'rds FailoverGlobalCluster']
      : s.data.copySeconds > 0
        ? ['rds CopyDBClusterSnapshot']
        : [];
  if (need.length === 0) return [];
  const without = runs.filter((r) => !need.some((op) => (r.calls.counts().get(op) ?? 0) > 0)).length;
  return without ? [`${without} of ${runs.length} runs made no ${need.join(' or ')} call`] : [];
}

export function summarize(
  s: Scenario,
  b: Bounds,
  runs: { seed: number; run: DrctlRun }[],
  baseline: BaselineRun,
): ScenarioSummary {
  const ok = runs.filter((r) => r.run.outcome === 'flipped');
  const secs = ok.map((r) => r.run.seconds);
  const drctlMedian = median(secs);
  const ops = new Set([
    ...ok.flatMap((r) => [...r.run.calls.counts().keys()]),
    ...baseline.calls.counts().keys(),
  ]);
  const calls = new Map<string, [number, number]>();
  for (const op of [...ops].sort()) {
    calls.set(op, [
      median(ok.map((r) => r.run.calls.counts().get(op) ?? 0)),
      baseline.calls.counts().get(op) ?? 0,
    ]);
  }
  const opPeaks = new Map<string, number>();
  for (const op of ops) {
    const pick = (c: { service: string; operation: string }) => `${c.service} ${c.operation}` === op;
    opPeaks.set(op, Math.max(0, ...ok.map((r) => peakInWindow(r.run.calls.times(pick)))));
  }
  const peaks = LIMITS.map((l): PeakRow => {
    const pick = (c: { service: string; operation: string }) => l.counts(`${c.service} ${c.operation}`);
    const drctl = Math.max(0, ...ok.map((r) => peakInWindow(r.run.calls.times(pick))));
    return {
      service: l.service,
      scope: l.scope,
      drctl,
      script: peakInWindow(baseline.calls.times(pick)),
      ...(l.perSecond === undefined ? {} : { limit: l.perSecond, underHalf: drctl < l.perSecond / 2 }),
    };
  });
  const waits = new Set(ok.flatMap((r) => Object.keys(r.run.notice)));
  const notice = new Map([...waits].map((k) => [k, median(ok.map((r) => r.run.notice[k] ?? 0))]));
  return {
    scenario: s,
    bounds: b,
    seeds: runs.length,
    failures: runs
      .filter((r) => r.run.outcome !== 'flipped')
      .map((r) => ({ seed: r.seed, outcome: r.run.outcome, ...(r.run.error ? { error: r.run.error } : {}) })),
    drctlMedian,
    drctlP90: p90(secs),
    overheadSeconds: drctlMedian - b.criticalPathSeconds,
    overheadPercent: (100 * (drctlMedian - b.criticalPathSeconds)) / b.criticalPathSeconds,
    waveCost: b.waveScheduleSeconds - b.criticalPathSeconds,
    baseline,
    calls,
    apiCalls: median(ok.map((r) => r.run.calls.calls.length)),
    opPeaks,
    peaks,
    notice,
    warnings: [...new Set(runs.flatMap((r) => r.run.warnings))],
    missing: missingWork(
      s,
      ok.map((r) => r.run),
    ),
  };
}
