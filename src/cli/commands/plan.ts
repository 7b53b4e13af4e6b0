/** `drctl plan <region>` (and `failover --dry-run`): what a failover would do, checked, changing nothing. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DrctlError } from '../../errors.js';
import type { Context } from '../context.js';
import { checkEnv, checkTarget } from '../run-setup.js';

export interface PlanOptions {
  /** Environment whose parameters to plan. Default: the config's defaultEnvironment. */
  env?: string;
  /** `text` (default), `md` for change tickets, `json`. `--json` means `json`. */
  format?: string;
  /** Also write the plan (JSON, version 1) to this file. Default: none. */
  out?: string;
  /** List safety refusals without refusing. Default: false. */
  force?: boolean;
  /** Create and delete CloudFormation change sets for exact resource changes. Default: false. */
  changeSets?: boolean;
}

const FORMATS = ['text', 'md', 'json'];

export async function planCommand(ctx: Context, region: string, opts: PlanOptions): Promise<number> {
  const format = ctx.globals.json ? 'json' : (opts.format ?? 'text');
  if (!FORMATS.includes(format)) {
    throw new DrctlError('USAGE', `--format ${format} is not one of ${FORMATS.join(', ')}.`);
  }
  const loaded = await ctx.loadConfig();
  const env = opts.env ?? loaded.config.defaultEnvironment;
  checkTarget(loaded.config, region);
  checkEnv(env);
  const [{ preparePlan }, { buildPlan }, { exitCodeOfVerdict }] = await Promise.all([
    import('../plan/setup.js'),
    import('../../engine/plan/index.js'),
    import('../exit-codes.js'),
  ]);
  const plan = await preparePlan(ctx, loaded, {
    targetRegion: region,
    env,
    force: Boolean(opts.force),
    changeSets: Boolean(opts.changeSets),
  });
  try {
    // Only --change-sets creates anything; Ctrl-C must then stop the wait, not the cleanup.
    const doc = opts.changeSets
      ? await (await import('../signals.js')).withInterrupts(
          ctx.io,
          plan.request.planId ?? 'plan',
          (signal) => buildPlan({ ...plan.request, signal }, plan.ports),
        )
      : await buildPlan(plan.request, plan.ports);
    if (opts.out) writeFileSync(resolve(opts.out), `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
    const code = exitCodeOfVerdict(doc.verdict);
    // The plan file (--out) stays the reviewed document; what is printed is a result.
    if (format === 'json') ctx.io.out(JSON.stringify({ ...doc, exitCode: code }, null, 2));
    else if (format === 'md') ctx.io.out((await import('../plan/render-md.js')).renderPlanMarkdown(doc));
    else (await import('../plan/render-text.js')).renderPlanText(doc, ctx.io);
    if (opts.out && format !== 'json')
      ctx.io.err(`Plan written to ${opts.out}; run it with: drctl failover ${region} --plan ${opts.out}`);
    return code;
  } finally {
    plan.close();
  }
}
