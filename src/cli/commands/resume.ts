/** `drctl resume <run-id>`: continue an interrupted failover from its last completed step. */
import { DrctlError } from '../../errors.js';
import type { Context } from '../context.js';
import { checkCanConfirm, executeRun, journalDir, prepareRun } from '../run-setup.js';

export async function resumeCommand(
  ctx: Context,
  runId: string,
  opts: { yes?: boolean; breakLock?: boolean; acceptRpo?: boolean; allowDataLoss?: boolean },
): Promise<number> {
  const loaded = await ctx.loadConfig();
  const [{ FileJournal }, engine] = await Promise.all([
    import('../../local/file-journal.js'),
    import('../../engine/index.js'),
  ]);
  const state = await engine.loadRun(new FileJournal(journalDir(loaded)), runId);
  if (!state.header)
    throw new DrctlError(
      'JOURNAL',
      `The journal of run ${runId} has no run-started entry, so it cannot be resumed.`,
    );
  const flags = { yes: Boolean(opts.yes), breakLock: Boolean(opts.breakLock) };
  checkCanConfirm(ctx, flags, 'resume');
  const run = await prepareRun(ctx, loaded, {
    targetRegion: state.header.to,
    env: state.header.env,
    runId,
    flags,
    dataFlags: { acceptRpo: Boolean(opts.acceptRpo), allowDataLoss: Boolean(opts.allowDataLoss) },
  });
  return executeRun(ctx, run, (signal) =>
    engine.resumeRun(runId, run.input, run.wired.ports, run.presenter, signal),
  );
}
