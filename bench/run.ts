/**
 * `npm run bench`: start-up, recovery-time overhead on every scenario in bench/scenarios,
 * and the end-to-end failover on the emulator; writes bench/results.md and prints it.
 * Environment: BENCH_SEEDS (default 21), BENCH_STARTUP_RUNS (30), BENCH_E2E_RUNS (3 per latency).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bounds } from './lib/bounds.js';
import { type E2eRun, runE2e } from './lib/e2e.js';
import { renderReport } from './lib/report.js';
import { loadScenario } from './lib/scenario.js';
import { pastRuns, runBaseline, runDrctl } from './lib/scenario-runner.js';
import { type ScenarioSummary, summarize } from './lib/scenario-summary.js';
import { machine, measureStartup } from './lib/startup.js';
import { type WhatIfRow, whatIf } from './lib/what-if.js';
import { blueprint } from './lib/world.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const started = performance.now();
const log = (msg: string) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${msg}\n`);

log('start-up times');
const startup = await measureStartup(num('BENCH_STARTUP_RUNS', 30), 10);
const aws = startup.find((s) => s.label.startsWith('aws --version'));
const awsStartSeconds = aws && !aws.missing ? aws.medianMs / 1000 : 0;

const seeds = num('BENCH_SEEDS', 21);
const scenarios: ScenarioSummary[] = [];
const whatIfs: WhatIfRow[] = [];
for (const file of readdirSync('bench/scenarios')
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const s = loadScenario(join('bench/scenarios', file));
  log(`scenario ${s.name}: ${seeds} seeds`);
  // As after a few drills: the measured runs learn each wait's duration from three earlier ones.
  const history = await pastRuns(s, 3);
  const runs = [];
  for (let seed = 1; seed <= seeds; seed++) runs.push({ seed, run: await runDrctl(s, { seed, history }) });
  const b = bounds(s, blueprint());
  scenarios.push(summarize(s, b, runs, await runBaseline(s, awsStartSeconds)));
  whatIfs.push(...(await whatIf(s, b, seeds, history)));
}

const e2e: E2eRun[] = [];
const e2eRuns = num('BENCH_E2E_RUNS', 3);
for (const delay of [
  [0, 0],
  [20, 80],
] as [number, number][]) {
  for (let i = 1; i <= e2eRuns; i++) {
    log(`emulator failover, added latency ${delay.join('-')} ms, run ${i}`);
    e2e.push(await runE2e(delay, i));
  }
}

const md = renderReport({
  generatedAt: new Date().toISOString(),
  durationSeconds: (performance.now() - started) / 1000,
  machine: machine(),
  scenarios,
  whatIfs,
  startup,
  e2e,
  awsStartSeconds,
});
writeFileSync('bench/results.md', md);
process.stdout.write(md);
