/**
 * `drctl fleet plan <region>`: `drctl plan` for every app of the fleet (reads only, zero
 * mutations), one line each: verdict, estimated recovery time, what is wrong. The fleet's
 * own estimate is its waves in order, each as long as its slowest app (concurrency
 * permitting). Exit 0 when every app is ready, 5 when any is refused, 1 otherwise.
 */
import type { PlanDocument } from '../../engine/plan/types.js';
import { ExitCode } from '../../errors.js';
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';
import { seconds } from '../presenters/format.js';
import { plainTable } from '../table.js';
import { appContext, type FleetOptions, loadFleetFor } from './setup.js';

interface AppPlan {
  app: string;
  wave: number;
  verdict: PlanDocument['verdict'] | 'error';
  estimateSeconds?: number;
  problems: string[];
}

export async function fleetPlanCommand(ctx: Context, region: string, opts: FleetOptions): Promise<number> {
  const f = await loadFleetFor(region, opts);
  const [{ preparePlan }, { buildPlan }] = await Promise.all([
    import('../plan/setup.js'),
    import('../../engine/plan/index.js'),
  ]);
  const plans: AppPlan[] = [];
  for (const m of f.members) {
    const base = { app: m.name, wave: m.wave };
    try {
      const p = await preparePlan(appContext(ctx, m), m.loaded, { targetRegion: region, env: m.env });
      try {
        const doc = await buildPlan(p.request, p.ports);
        plans.push({
          ...base,
          verdict: doc.verdict,
          estimateSeconds: doc.estimate.totalSeconds,
          problems: [
            ...doc.refusals.map((r) => `refused: ${r.reason}`),
            ...doc.checks.filter((c) => c.status === 'failed').map((c) => `${c.title}: ${c.reason}`),
          ],
        });
      } finally {
        p.close();
      }
    } catch (e) {
      plans.push({ ...base, verdict: 'error', problems: [e instanceof Error ? e.message : String(e)] });
    }
  }
  const code = plans.some((p) => p.verdict === 'refused')
    ? ExitCode.Refused
    : plans.every((p) => p.verdict === 'ready')
      ? ExitCode.Success
      : ExitCode.Failure;
  const estimate = fleetEstimate(plans, f.fleet.concurrency);
  if (ctx.globals.json)
    return printResult(ctx.io, 'fleet-plan', { region, estimateSeconds: estimate, apps: plans }, code);
  const t = plainTable(['APP', 'WAVE', 'VERDICT', 'ESTIMATE', 'PROBLEMS']);
  for (const p of plans) {
    const est = p.estimateSeconds === undefined ? '-' : seconds(p.estimateSeconds * 1000);
    t.push([p.app, String(p.wave), p.verdict, est, p.problems.join('; ') || '-']);
  }
  ctx.io.out(t.toString());
  ctx.io.out(
    `\n${plans.filter((p) => p.verdict === 'ready').length} of ${plans.length} app(s) ready to fail over to ${region}; the fleet would take about ${seconds(estimate * 1000)} (${f.fleet.concurrency} at a time). Nothing was changed.`,
  );
  return code;
}

/** Waves in order; within one, apps in batches of `concurrency`, each batch as long as its slowest. */
function fleetEstimate(plans: AppPlan[], concurrency: number): number {
  const waves = [...new Set(plans.map((p) => p.wave))].sort((a, b) => a - b);
  let total = 0;
  for (const w of waves) {
    const times = plans
      .filter((p) => p.wave === w)
      .map((p) => p.estimateSeconds ?? 0)
      .sort((a, b) => b - a);
    for (let i = 0; i < times.length; i += concurrency) total += times[i] ?? 0;
  }
  return total;
}
