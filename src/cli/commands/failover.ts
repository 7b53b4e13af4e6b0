/** `drctl failover <region>`: the main job. `--dry-run` is `drctl plan`; `--plan` runs a reviewed plan. */
import { readFileSync } from 'node:fs';
import type { AfterFlipPolicy, FailoverFlags } from '../../engine/input.js';
import { DrctlError } from '../../errors.js';
import type { Context } from '../context.js';
import { checkCanConfirm, checkEnv, checkTarget, executeRun, prepareRun } from '../run-setup.js';

export interface FailoverOptions {
  env?: string;
  yes?: boolean;
  dryRun?: boolean;
  breakLock?: boolean;
  force?: boolean;
  acceptRpo?: boolean;
  allowDataLoss?: boolean;
  /** A plan written by `drctl plan --out`: run exactly it, or refuse if the world changed. */
  plan?: string;
  /** What a failed check after the flip does. Default: the config's failover.afterFlip. */
  afterFlip?: AfterFlipPolicy;
}

function readPlan(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new DrctlError(
      'USAGE',
      `Cannot read the plan ${path}; write one with drctl plan <region> --out ${path}.`,
    );
  }
}

export async function failoverCommand(ctx: Context, region: string, opts: FailoverOptions): Promise<number> {
  if (opts.dryRun) {
    if (opts.plan)
      throw new DrctlError('USAGE', '--dry-run and --plan do not go together: a dry run makes a plan.');
    const { planCommand } = await import('./plan.js');
    return planCommand(ctx, region, { ...(opts.env ? { env: opts.env } : {}), force: Boolean(opts.force) });
  }
  const loaded = await ctx.loadConfig();
  const [engine, planApi] = await Promise.all([
    import('../../engine/index.js'),
    opts.plan ? import('../../engine/plan/index.js') : undefined,
  ]);
  const reviewed = opts.plan && planApi ? planApi.parsePlanFile(readPlan(opts.plan), opts.plan) : undefined;
  // A plan fixes the environment; --env may repeat it but not contradict it.
  const env = opts.env ?? reviewed?.env ?? loaded.config.defaultEnvironment;
  checkTarget(loaded.config, region);
  checkEnv(env);
  const flags: FailoverFlags = {
    yes: Boolean(opts.yes),
    breakLock: Boolean(opts.breakLock),
    force: Boolean(opts.force),
  };
  checkCanConfirm(ctx, flags, 'failover');
  const [{ newRunId }] = await Promise.all([import('../run-id.js')]);
  const runId = newRunId(region);
  const run = await prepareRun(ctx, loaded, {
    targetRegion: region,
    env,
    runId,
    flags,
    dataFlags: { acceptRpo: Boolean(opts.acceptRpo), allowDataLoss: Boolean(opts.allowDataLoss) },
    ...(opts.afterFlip ? { afterFlip: opts.afterFlip } : {}),
  });
  if (reviewed && planApi) {
    try {
      planApi.checkPlanMatches(reviewed, run.input, flags.force ?? false);
      await planApi.checkPlanCurrent(reviewed, run.input, run.wired.ports);
    } catch (e) {
      run.presenter.stop();
      run.wired.close();
      throw e;
    }
  }
  return executeRun(ctx, run, (signal) => engine.failover(run.input, run.wired.ports, run.presenter, signal));
}
