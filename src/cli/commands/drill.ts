/**
 * `drctl drill <region>`: a rehearsal of the failover in drill resources, torn down and
 * proven clean, with reports. Non-interactive by design (`--yes` is implied): it is meant
 * for schedulers. `drctl drill --sweep` is in drill-sweep.ts.
 */
import type { LoadedConfig } from '../../config/load.js';
import type { DrillResult } from '../../engine/drill/types.js';
import { DrctlError, ExitCode } from '../../errors.js';
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';
import { checkNotifyUrl } from '../notify.js';
import { checkEnv, checkTarget } from '../run-setup.js';

export interface DrillCommandOptions {
  /** Environment whose parameters to deploy. Default: config defaultEnvironment. */
  env?: string;
  /** Leave the drill up for inspection. Default: false. */
  keep?: boolean;
  /** Find and remove leftovers of earlier drills instead of drilling. Default: false. */
  sweep?: boolean;
  /** Accepted for symmetry with failover; a drill never asks. With --sweep: delete, not only list. */
  yes?: boolean;
  /** Folder for the JSON, Markdown, JUnit and HTML reports. Default: none written. */
  reportDir?: string;
  /** Webhook the JSON result is POSTed to. Default: none. */
  notify?: string;
  /** RTO target in minutes, over the config's drill.rtoTargetMinutes. Default: the config's. */
  rtoTarget?: string;
  /** Sweep: leave drills younger than this alone, minutes. Default: config lock.staleAfterMinutes. */
  minAge?: string;
  /** Restore a snapshot older than data.maxRpoMinutes. Default: false. */
  acceptRpo?: boolean;
}

export function exitCodeOfDrill(r: DrillResult): number {
  if (r.verdict === 'passed') return ExitCode.Success;
  return r.verdict === 'rto-exceeded' ? ExitCode.RtoExceeded : ExitCode.Failure;
}

function minutes(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new DrctlError('USAGE', `${flag} ${v} is not a number of minutes (for example ${flag} 30).`);
  return n;
}

function checkDrillConfig(loaded: LoadedConfig): void {
  const d = loaded.config.drill;
  // With controlPlane avoid the drill record is skipped anyway (src/cli/drill-input.ts).
  if (d.dns && !d.record && loaded.config.switch.controlPlane !== 'avoid') {
    throw new DrctlError(
      'USAGE',
      'drill.record is not set: name the record a drill may create (for example `drill: {record: dr-drill.example.com}`), or set `drill: {dns: false}`.',
    );
  }
}

export async function drillCommand(
  ctx: Context,
  region: string | undefined,
  opts: DrillCommandOptions,
): Promise<number> {
  const problem = checkNotifyUrl(opts.notify);
  if (problem) throw new DrctlError('USAGE', problem);
  const loaded = await ctx.loadConfig();
  if (opts.sweep) {
    const { sweepCommand } = await import('./drill-sweep.js');
    return sweepCommand(ctx, loaded, region, {
      yes: Boolean(opts.yes),
      minAgeMinutes: minutes('--min-age', opts.minAge),
    });
  }
  if (!region)
    throw new DrctlError(
      'USAGE',
      'drctl drill needs a region (for example `drctl drill us-east-1`), or --sweep.',
    );
  const env = opts.env ?? loaded.config.defaultEnvironment;
  checkTarget(loaded.config, region);
  checkEnv(env);
  checkDrillConfig(loaded);
  const rtoTarget = minutes('--rto-target', opts.rtoTarget);
  const result = await runDrillFromConfig(ctx, loaded, region, env, opts, rtoTarget);
  return finishDrill(ctx, result, opts);
}

async function runDrillFromConfig(
  ctx: Context,
  loaded: LoadedConfig,
  region: string,
  env: string,
  opts: DrillCommandOptions,
  rtoTargetMinutes: number | undefined,
): Promise<DrillResult> {
  const [
    { newRunId },
    { withInterrupts, presenterInterrupts },
    { runDrill },
    { newDrillId, toDrillInput },
    { prepareRun },
    { AwsDrillCleanup },
  ] = await Promise.all([
    import('../run-id.js'),
    import('../signals.js'),
    import('../../engine/drill/index.js'),
    import('../drill-input.js'),
    import('../run-setup.js'),
    import('../../aws/drill-cleanup.js'),
  ]);
  const drillId = newDrillId();
  const runId = `${newRunId(region).replace(/-[0-9a-f]{4}$/, '')}-drill-${drillId}`;
  const run = await prepareRun(ctx, loaded, {
    targetRegion: region,
    env,
    runId,
    flags: { yes: true },
    dataFlags: { acceptRpo: Boolean(opts.acceptRpo) },
  });
  try {
    const input = toDrillInput(run.input, {
      config: loaded.config,
      drillId,
      startedAt: new Date().toISOString(),
      keep: Boolean(opts.keep),
      ...(rtoTargetMinutes !== undefined ? { rtoTargetMinutes } : {}),
    });
    const ports = { ...run.wired.ports, cleanup: new AwsDrillCleanup(run.wired.factory) };
    return await withInterrupts(
      ctx.io,
      runId,
      (signal) => runDrill(input, ports, run.presenter, signal),
      presenterInterrupts(run.presenter),
    );
  } finally {
    run.presenter.stop();
    run.wired.close();
  }
}

export async function finishDrill(ctx: Context, r: DrillResult, opts: DrillCommandOptions): Promise<number> {
  const { renderDrillSummary } = await import('../drill-report/summary.js');
  const files = opts.reportDir
    ? (await import('../drill-report/write.js')).writeReports(opts.reportDir, r)
    : [];
  let notifyError: string | undefined;
  if (opts.notify) notifyError = await (await import('../notify.js')).notifyWebhook(opts.notify, r);
  const code = exitCodeOfDrill(r);
  if (ctx.globals.json) {
    printResult(
      ctx.io,
      'outcome',
      { kind: 'drill', ...r, reports: files, ...(notifyError ? { notifyError } : {}) },
      code,
    );
  } else {
    renderDrillSummary(r, ctx.io);
    if (files.length) ctx.io.out(`Reports: ${files.join(', ')}`);
  }
  if (notifyError) ctx.io.err(`warning: --notify: ${notifyError}`);
  return code;
}
