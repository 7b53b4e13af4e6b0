/** How a fleet command ends: its exit code, and the summary (or one JSON result). */
import type { FleetResult } from '../../engine/fleet/index.js';
import { ExitCode } from '../../errors.js';
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';
import { renderFleetSummary } from './present.js';

export type FleetMode = 'failover' | 'resume' | 'rollback';

/**
 * 7 when any app's rollback failed (DNS needs a human first), 4 when interrupted, 0 when
 * every app ended as asked (moved; rolled back for `fleet rollback`), 10 otherwise.
 */
export function exitCodeOfFleet(r: FleetResult, mode: FleetMode = 'failover'): number {
  if (r.apps.some((a) => a.error?.code === 'ROLLBACK_FAILED')) return ExitCode.RollbackFailed;
  if (r.interrupted) return ExitCode.Aborted;
  const want = mode === 'rollback' ? 'rolled-back' : 'moved';
  return r.apps.every((a) => a.status === want) ? ExitCode.Success : ExitCode.FleetPartial;
}

/** Prints the summary table, or with --json one `fleet` result; returns the exit code. */
export function finishFleet(
  ctx: Context,
  result: FleetResult,
  region: string,
  configs: Map<string, string>,
  mode: FleetMode = 'failover',
): number {
  const code = exitCodeOfFleet(result, mode);
  if (ctx.globals.json) {
    const apps = result.apps.map(({ outcome, ...r }) => ({
      ...r,
      ...(outcome ? { outcome: outcome.kind } : {}),
      config: configs.get(r.app),
    }));
    return printResult(
      ctx.io,
      mode === 'failover' ? 'fleet' : `fleet-${mode}`,
      { region, ...result, apps },
      code,
    );
  }
  renderFleetSummary(ctx.io, result, region, configs, mode);
  return code;
}
