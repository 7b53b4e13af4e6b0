/**
 * `drctl rollback <run-id>`: restore the DNS snapshot a run journaled, exactly, and verify
 * it. Needs only the journal (and AWS access), so it works from any machine holding it; a
 * switch-mode run's (or an S3-locked run's) also needs the config, which names the switch
 * and the lock store.
 */
import { existsSync } from 'node:fs';
import { DrctlError, ExitCode } from '../../errors.js';
import { awsAdapters, type Context } from '../context.js';
import { printResult } from '../json-out.js';
import { checkCanConfirm, journalFolder, operator } from '../run-setup.js';

export async function rollbackCommand(
  ctx: Context,
  runId: string,
  opts: { yes?: boolean; breakLock?: boolean; journalDir?: string; force?: boolean },
): Promise<number> {
  checkCanConfirm(ctx, { yes: Boolean(opts.yes) }, 'rollback');
  const dir = await journalFolder(ctx, opts.journalDir);
  const [
    { FileJournal },
    engine,
    { wireEnginePorts },
    { choosePresenter },
    { withInterrupts, presenterInterrupts },
    { renderRollbackOutcome },
  ] = await Promise.all([
    import('../../local/file-journal.js'),
    import('../../engine/index.js'),
    import('../engine-ports.js'),
    import('../presenters/sinks.js'),
    import('../signals.js'),
    import('../outcome.js'),
  ]);
  const state = await engine.loadRun(new FileJournal(dir), runId);
  if (!state.header)
    throw new DrctlError(
      'USAGE',
      `The journal of run ${runId} has no run-started entry, so there is nothing to roll back.`,
    );
  // The switch and the lock store come from the config: a switch run cannot be undone without it.
  const config = existsSync(ctx.globals.config) ? (await ctx.loadConfig()).config : undefined;
  if (state.header.switch && config?.switch.mode !== state.header.switch) {
    throw new DrctlError(
      'USAGE',
      `Run ${runId} moved traffic with the ${state.header.switch} switch, so its rollback needs a config (--config) whose switch.mode is ${state.header.switch}${config ? `, not ${config.switch.mode}` : ''}.`,
    );
  }
  const wired = await wireEnginePorts(
    await awsAdapters(ctx.globals),
    { dir, warn: (m) => ctx.io.err(`warning: ${m}`) },
    state.header.hostedZoneId,
    {},
    config,
  );
  const presenter = await choosePresenter(ctx.io, ctx.globals.json);
  try {
    const outcome = await withInterrupts(
      ctx.io,
      runId,
      (signal) =>
        engine.rollbackRun(runId, wired.ports, presenter, {
          operator: operator(),
          breakLock: Boolean(opts.breakLock),
          yes: Boolean(opts.yes),
          force: Boolean(opts.force),
          signal,
        }),
      presenterInterrupts(presenter),
    );
    presenter.stop();
    const code = outcome.kind === 'aborted' ? ExitCode.Aborted : ExitCode.Success;
    if (ctx.globals.json) printResult(ctx.io, 'outcome', outcome, code);
    else renderRollbackOutcome(outcome, ctx.io);
    return code;
  } catch (e) {
    presenter.stop();
    (await import('../manual-batch.js')).saveManualBatch(e, dir, (m) => ctx.io.err(`warning: ${m}`));
    throw e;
  } finally {
    presenter.stop();
    wired.close();
  }
}
