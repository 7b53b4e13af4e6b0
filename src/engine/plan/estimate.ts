/**
 * Estimated recovery time per phase: the median of past flipped runs' timings (their
 * journals' `run-finished` entries) where there are some, else the median of the recent
 * successful drills into the same region, else the model below, which
 * docs/plan.md explains. The RPO comes from the data check.
 */
import type { JournalPort } from '../../ports/journal.js';
import { DEFAULTS } from '../defaults.js';
import { recentPhaseMedians } from '../drill/history.js';
import type { Phase } from '../events.js';
import { INSYNC_SECONDS, median, STACK_SECONDS } from '../expectations.js';
import type { FailoverInput } from '../input.js';
import { lastOf } from '../journal-entries.js';
import type { Estimate, PhaseEstimate, StackPlan } from './types.js';

/** Seconds per data action: a cross-region snapshot copy depends on size; 30 min is a mid-size guess. */
const DATA_SECONDS: Record<string, number> = { copy: 1800, 'wait-copy': 900, switchover: 300, failover: 120 };
/** Past runs to read, newest first: enough for a median, few enough to stay quick. */
const HISTORY_RUNS = 10;

export interface EstimateInput {
  input: FailoverInput;
  stacks: StackPlan[];
  batches: number;
  /** The data plan's action (`use-existing`, `copy`, `switchover`...); undefined when stateless. */
  dataAction?: string;
  rpoSeconds: number | null;
  rpoNote: string;
}

function deploySeconds(e: EstimateInput): number {
  const waves = new Map<number, number>();
  // The stack holding an Aurora cluster is the slow create, whether restored or empty.
  const aurora = new Set(
    e.input.waves
      .flat()
      .filter((s) => s.templateBody.includes('AWS::RDS::DBCluster'))
      .map((s) => s.name),
  );
  for (const s of e.stacks) {
    const key = s.action === 'create' && aurora.has(s.name) ? 'create-data' : s.action;
    waves.set(s.wave, Math.max(waves.get(s.wave) ?? 0, STACK_SECONDS[key]));
  }
  return [...waves.values()].reduce((a, b) => a + b, 0);
}

/**
 * Health checks see a control change after their request interval times their failure
 * threshold (10-30 s with the switch templates), then the name servers answer the new region.
 */
const SWITCH_SETTLE_SECONDS = 30;

/** The model: what each phase takes given this plan's actions and the verification settings. */
function modelPhases(e: EstimateInput): Map<Phase, number> {
  const v = e.input.verification;
  const V = DEFAULTS.verification;
  const proof =
    ((v.consecutiveSuccesses ?? V.consecutiveSuccesses) * (v.intervalMs ?? V.intervalSeconds * 1000)) / 1000;
  const albCreated = e.stacks.some((s) => s.name === e.input.alb.stack && s.action === 'create');
  const steps = Math.max(1, e.batches);
  // A switch flips controls, then waits for the health checks to notice (docs/data-plane.md).
  const traffic: [Phase, number][] = e.input.switch
    ? [
        ['read-controls', 1],
        ['set-controls', 2],
        ['verify', Math.ceil(SWITCH_SETTLE_SECONDS + proof + 5)],
      ]
    : [
        ['snapshot', 2],
        ['flip', 2 * steps],
        ['await-insync', INSYNC_SECONDS * steps],
        ['verify', Math.ceil((proof + 5) * steps)],
      ];
  const m = new Map<Phase, number>([
    ['preflight', 10],
    ['lock', 3],
    ['deploy', deploySeconds(e)],
    ['await-alb', albCreated ? 180 : 30],
    ['pre-flip-probe', Math.ceil(proof + 2)],
    ...traffic,
    ['release-lock', 2],
  ]);
  const data = DATA_SECONDS[e.dataAction ?? ''] ?? 0;
  if (data) m.set('recover-data', data);
  return m;
}

/** Per phase, each past flipped run's total seconds (steps of one phase summed). */
async function pastPhaseSeconds(
  journal: JournalPort,
): Promise<{ runs: number; phases: Map<Phase, number[]> }> {
  const phases = new Map<Phase, number[]>();
  let runs = 0;
  const flipped = (await journal.list()).filter((r) => r.command === 'failover' && r.outcome === 'flipped');
  for (const run of flipped.slice(0, HISTORY_RUNS)) {
    const timings = lastOf(await journal.read(run.runId), 'run-finished')?.timings;
    if (!Array.isArray(timings) || timings.length === 0) continue;
    runs++;
    const perRun = new Map<Phase, number>();
    for (const t of timings) {
      if (t.result === 'ok') perRun.set(t.phase, (perRun.get(t.phase) ?? 0) + t.durationMs / 1000);
    }
    for (const [p, s] of perRun) phases.set(p, [...(phases.get(p) ?? []), s]);
  }
  return { runs, phases };
}

export async function estimate(e: EstimateInput, journal: JournalPort): Promise<Estimate> {
  const history = await pastPhaseSeconds(journal).catch(() => ({
    runs: 0,
    phases: new Map<Phase, number[]>(),
  }));
  // Drills rehearse the same phases into the same region: where no real failover has
  // been journaled, the median of the recent ones is a better guess than the model.
  const drills = await recentPhaseMedians(journal, { region: e.input.targetRegion, env: e.input.env }).catch(
    () => ({
      phases: {} as Partial<Record<Phase, number>>,
      drills: 0,
    }),
  );
  const phases: PhaseEstimate[] = [];
  for (const [phase, seconds] of modelPhases(e)) {
    const past = history.phases.get(phase);
    const drilled = drills.phases[phase];
    phases.push(
      past?.length
        ? { phase, seconds: Math.round(median(past)), source: 'history' }
        : drilled !== undefined
          ? { phase, seconds: Math.round(drilled / 1000), source: 'drills' }
          : { phase, seconds, source: 'model' },
    );
  }
  return {
    phases,
    // Conservative: data recovery runs beside the first wave but is counted in full.
    totalSeconds: phases.reduce((n, p) => n + p.seconds, 0),
    runsUsed: history.runs,
    rpoSeconds: e.rpoSeconds,
    rpoNote: e.rpoNote,
  };
}
