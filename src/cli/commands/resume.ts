/** `drctl resume <run-id>`: continue an interrupted failover from its last completed step. */

import type { Config } from '../../config/schema.js';
import type { AfterFlipPolicy } from '../../engine/input.js';
import type { RunHeader } from '../../engine/journal-entries.js';
import { DrctlError } from '../../errors.js';
import type { Context } from '../context.js';
import { checkCanConfirm, executeRun, journalDir, prepareRun } from '../run-setup.js';

/**
 * The journal's record and regions must still be the config's, checked offline so a
 * mismatch is refused before any AWS call (the engine checks the zone id again later).
 */
function checkSameRecord(config: Config, runId: string, h: RunHeader): void {
  const now = {
    name: config.dns.record.name,
    type: config.dns.record.type,
    routing: config.dns.record.routing,
    from: config.primaryRegion,
  };
  const changed = (Object.keys(now) as (keyof typeof now)[]).filter((k) => h[k] !== now[k]);
  if (changed.length) {
    throw new DrctlError(
      'USAGE',
      `The config no longer matches run ${runId} (${changed.join(', ')} differ).`,
      {
        hints: [`roll it back instead: drctl rollback ${runId}`],
      },
    );
  }
}

export async function resumeCommand(
  ctx: Context,
  runId: string,
  opts: {
    yes?: boolean;
    breakLock?: boolean;
    acceptRpo?: boolean;
    allowDataLoss?: boolean;
    /** Resume although a later change superseded the run. */
    force?: boolean;
    afterFlip?: AfterFlipPolicy;
  },
): Promise<number> {
  const loaded = await ctx.loadConfig();
  const [{ FileJournal }, engine] = await Promise.all([
    import('../../local/file-journal.js'),
    import('../../engine/index.js'),
  ]);
  const state = await engine.loadRun(new FileJournal(journalDir(loaded)), runId);
  if (!state.header)
    throw new DrctlError(
      'USAGE',
      `The journal of run ${runId} has no run-started entry, so it cannot be resumed.`,
    );
  checkSameRecord(loaded.config, runId, state.header);
  const flags = { yes: Boolean(opts.yes), breakLock: Boolean(opts.breakLock) };
  checkCanConfirm(ctx, flags, 'resume');
  const run = await prepareRun(ctx, loaded, {
    targetRegion: state.header.to,
    env: state.header.env,
    runId,
    flags,
    dataFlags: { acceptRpo: Boolean(opts.acceptRpo), allowDataLoss: Boolean(opts.allowDataLoss) },
    ...(opts.afterFlip ? { afterFlip: opts.afterFlip } : {}),
  });
  return executeRun(ctx, run, (signal) =>
    engine.resumeRun(runId, run.input, run.wired.ports, run.presenter, signal, {
      force: Boolean(opts.force),
    }),
  );
}
