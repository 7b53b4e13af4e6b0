/**
 * Runs the real engine (`failover()` with the real wait profiles and jitter from a seeded
 * PRNG) against the timed world of a scenario, and the baseline a team would script by
 * hand against a fresh world of the same scenario, both on virtual time.
 */
import { failover } from '../../src/engine/failover.js';
import type { WaitOverrides, WaitProfile } from '../../src/engine/wait-profiles.js';
import { MemoryJournal } from '../../test/fakes/memory.js';
import { RecordingSink } from '../../test/fakes/sink.js';
import type { CallLog } from './api-calls.js';
import { runBaselineScript } from './baseline.js';
import { noticeDelays } from './notice.js';
import type { Scenario } from './scenario.js';
import { createWorld, seededRandom } from './world.js';

interface PhaseSeconds {
  phase: string;
  seconds: number;
}

export interface DrctlRun {
  /** `flipped` on success; otherwise the outcome kind or the error code. */
  outcome: string;
  error?: string;
  /** The engine's own total (outcome.totalMs), seconds; NaN when it threw. */
  seconds: number;
  phases: PhaseSeconds[];
  calls: CallLog;
  probes: number;
  warnings: string[];
  /** Per wait, seconds between the awaited thing happening and drctl noticing it. */
  notice: Record<string, number>;
}

export interface RunOptions {
  /** Seed of the jitter PRNG. */
  seed: number;
  /** Replaces the seeded PRNG (tests pin it). */
  random?: () => number;
  /** Wait profiles laid over drctl's defaults (what-if runs). Default: none. */
  waits?: WaitOverrides;
  /** Data-step wait profiles laid over its defaults. Default: none. */
  dataWaits?: Pick<WaitOverrides, 'snapshotCopy' | 'globalWriterChange'>;
  /** The journals of past runs this one learns its expected durations from. Default: none. */
  history?: MemoryJournal;
}

/** What-if overrides go through the engine input (`FailoverInput.waits`, `data.recover.waits`): src/ is not touched. */
function applyWaits(input: ReturnType<typeof createWorld>['input'], opts: RunOptions): void {
  if (opts.waits) input.waits = opts.waits;
  const recover = input.data?.recover;
  if (!opts.dataWaits || !recover || recover.strategy === 'none') return;
  const merged: typeof recover.waits = { ...recover.waits };
  for (const [k, v] of Object.entries(opts.dataWaits) as [keyof WaitOverrides, Partial<WaitProfile>][]) {
    merged[k] = { ...merged[k], ...v };
  }
  recover.waits = merged;
}

/** A copy, so runs of the same history do not learn from each other. */
function cloneJournal(j: MemoryJournal): MemoryJournal {
  const c = new MemoryJournal();
  for (const [id, entries] of j.runs) c.runs.set(id, [...entries]);
  return c;
}

/**
 * The journals of `runs` earlier failovers of the scenario, each learning from the ones
 * before it, as a team that drilled it would have: what later runs learn their expected
 * durations from. Seeds -1, -2...: never a seed of the measured runs.
 */
export async function pastRuns(s: Scenario, runs = 3): Promise<MemoryJournal> {
  const journal = new MemoryJournal();
  for (let i = 1; i <= runs; i++) {
    const w = createWorld(s, seededRandom(1000 + i), { journal, runId: `bench-past-${i}` });
    await w.clock.run(failover(w.input, w.ports, new RecordingSink()));
  }
  return journal;
}

export async function runDrctl(s: Scenario, opts: RunOptions): Promise<DrctlRun> {
  const w = createWorld(s, opts.random ?? seededRandom(opts.seed), {
    journal: opts.history ? cloneJournal(opts.history) : new MemoryJournal(),
    runId: `bench-${opts.seed}`,
  });
  applyWaits(w.input, opts);
  const sink = new RecordingSink();
  const started = w.clock.now();
  const warnings = () => sink.of('warning').map((x) => x.message);
  try {
    const outcome = await w.clock.run(failover(w.input, w.ports, sink));
    return {
      outcome: outcome.kind,
      ...(outcome.kind === 'rolled-back' ? { error: outcome.reason } : {}),
      seconds: outcome.totalMs / 1000,
      phases: outcome.timings.map((t) => ({
        phase: t.step ? `${t.phase}#${t.step}` : t.phase,
        seconds: t.durationMs / 1000,
      })),
      calls: w.log,
      probes: w.probe.requests,
      warnings: warnings(),
      notice: noticeDelays(s, w, sink.events, outcome.timings),
    };
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    return {
      outcome: code,
      error: e instanceof Error ? e.message : String(e),
      seconds: (w.clock.now() - started) / 1000,
      phases: [],
      calls: w.log,
      probes: w.probe.requests,
      warnings: warnings(),
      notice: noticeDelays(s, w, sink.events, []),
    };
  }
}

export interface BaselineRun {
  seconds: number;
  calls: CallLog;
  /** AWS CLI invocations the script makes (each pays the CLI's start-up). */
  invocations: number;
}

/**
 * The hand-written script on a fresh world of the same scenario.
 * @param cliStartSeconds what each `aws` invocation costs before its call (measured `aws --version`).
 */
export async function runBaseline(s: Scenario, cliStartSeconds: number): Promise<BaselineRun> {
  const w = createWorld(s, seededRandom(0));
  const started = w.clock.now();
  const invocations = await w.clock.run(runBaselineScript(s, w, cliStartSeconds));
  return { seconds: (w.clock.now() - started) / 1000, calls: w.log, invocations };
}
