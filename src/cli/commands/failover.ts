/** `drctl failover <region>`: the main job. */
import type { FailoverFlags } from '../../engine/input.js';
import type { Context } from '../context.js';
import { checkCanConfirm, checkEnv, checkTarget, prepareRun } from '../run-setup.js';

export interface FailoverOptions {
  env?: string;
  yes?: boolean;
  dryRun?: boolean;
  breakLock?: boolean;
  force?: boolean;
  acceptRpo?: boolean;
  allowDataLoss?: boolean;
}

export async function failoverCommand(ctx: Context, region: string, opts: FailoverOptions): Promise<number> {
  const loaded = await ctx.loadConfig();
  const env = opts.env ?? loaded.config.defaultEnvironment;
  checkTarget(loaded.config, region);
  checkEnv(env);
  const flags: FailoverFlags = {
    yes: Boolean(opts.yes),
    dryRun: Boolean(opts.dryRun),
    breakLock: Boolean(opts.breakLock),
    force: Boolean(opts.force),
  };
  checkCanConfirm(ctx, flags, 'failover');
  const [{ newRunId }, { withInterrupts }, { failover, exitCodeOfOutcome }, { renderFailoverOutcome }] =
    await Promise.all([
      import('../run-id.js'),
      import('../signals.js'),
      import('../../engine/index.js'),
      import('../outcome.js'),
    ]);
  const runId = newRunId(region);
  const run = await prepareRun(ctx, loaded, {
    targetRegion: region,
    env,
    runId,
    flags,
    dataFlags: { acceptRpo: Boolean(opts.acceptRpo), allowDataLoss: Boolean(opts.allowDataLoss) },
  });
  try {
    const outcome = await withInterrupts(ctx.io, runId, (signal) =>
      failover(run.input, run.wired.ports, run.presenter, signal),
    );
    run.presenter.stop();
    if (ctx.globals.json) ctx.io.out(JSON.stringify({ type: 'outcome', ...outcome }));
    else renderFailoverOutcome(outcome, ctx.io);
    return exitCodeOfOutcome(outcome);
  } finally {
    run.presenter.stop();
    run.wired.close();
  }
}
