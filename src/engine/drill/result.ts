/**
 * The drill's result from what the run recorded: the spans (bars), the rehearsal's end,
 * teardown's list and verify-clean's leftovers. The recovery time (RTO) is the time from
 * the drill's start to the end of its last verification: what a real failover of the same
 * stacks would have taken before users were served. Teardown is timed but not part of it.
 */
import type { RunContext } from '../context.js';
import type { Rehearsal } from './drill.js';
import type { DrillRecorder } from './recorder.js';
import type {
  CleanupItem,
  DrillInput,
  DrillInventory,
  DrillResult,
  DrillVerdict,
  Leftover,
} from './types.js';

export interface ResultParts {
  input: DrillInput;
  ctx: RunContext;
  rec: DrillRecorder;
  rehearsal: Rehearsal;
  inv: DrillInventory;
  cleanup: { cleaned: CleanupItem[]; leftovers: Leftover[] } | undefined;
}

function drillVerdict(r: Pick<DrillResult, 'rehearsal' | 'cleanup' | 'rtoMs' | 'rtoTargetMs'>): DrillVerdict {
  if (r.rehearsal === 'failed') return 'failed';
  if (r.cleanup === 'leftovers') return 'leftovers';
  if (r.rtoTargetMs !== undefined && (r.rtoMs ?? Infinity) > r.rtoTargetMs) return 'rto-exceeded';
  return 'passed';
}

export function buildResult(p: ResultParts): DrillResult {
  const { input, ctx, rec, rehearsal, inv, cleanup } = p;
  const f = input.failover;
  const now = ctx.ports.clock.now();
  const base = {
    rehearsal: rehearsal.failure ? ('failed' as const) : ('ok' as const),
    cleanup: !cleanup
      ? ('kept' as const)
      : cleanup.leftovers.length
        ? ('leftovers' as const)
        : ('clean' as const),
    ...(rehearsal.endedAt !== undefined ? { rtoMs: rehearsal.endedAt - ctx.startedAt } : {}),
    ...(input.rtoTargetMs !== undefined ? { rtoTargetMs: input.rtoTargetMs } : {}),
  };
  return {
    drillId: input.drillId,
    runId: f.runId,
    app: f.app,
    env: f.env,
    primaryRegion: f.primaryRegion,
    region: f.targetRegion,
    startedAt: new Date(ctx.startedAt).toISOString(),
    finishedAt: new Date(now).toISOString(),
    verdict: drillVerdict(base),
    ...base,
    ...(rehearsal.failure ? { failure: rehearsal.failure } : {}),
    phases: rec.sorted(),
    cleaned: cleanup?.cleaned ?? [],
    leftovers: cleanup?.leftovers ?? [],
    inventory: inv,
    dns: input.dns,
    ...(input.dns ? { record: f.record.name } : {}),
    notes: rec.notes,
    warnings: rec.warnings,
    journal: ctx.journal.location,
  };
}
