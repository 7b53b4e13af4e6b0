/** `drctl runs`: the runs this machine's journal folder knows, newest first. */
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';
import { journalFolder } from '../run-setup.js';
import { runInWords } from '../run-words.js';

export async function runsCommand(ctx: Context, opts: { journalDir?: string }): Promise<number> {
  const dir = await journalFolder(ctx, opts.journalDir);
  const [{ FileJournal }, { supersededRuns }] = await Promise.all([
    import('../../local/file-journal.js'),
    import('../../engine/fencing.js'),
  ]);
  const journal = new FileJournal(dir);
  // A run a later run of the same record moved on from: never offered for resume or rollback.
  const superseded = await supersededRuns(journal);
  const runs = (await journal.list()).map((r) => {
    const by = superseded.get(r.runId);
    return by ? { ...r, supersededBy: by } : r;
  });
  if (ctx.globals.json) {
    return printResult(ctx.io, 'runs', { dir: journal.dir, runs }, 0);
  }
  if (runs.length === 0) {
    ctx.io.out(`No runs in ${journal.dir}.`);
    return 0;
  }
  ctx.io.out(`Runs in ${journal.dir} (newest first):`);
  for (const r of runs) {
    // An unfinished run a later run overtook is not resumable: say that, not "resume".
    const words =
      'supersededBy' in r && !r.outcome ? `superseded by ${r.supersededBy}, not resumable` : runInWords(r);
    const by = 'supersededBy' in r && r.outcome ? `  superseded by ${r.supersededBy}` : '';
    ctx.io.out(`  ${r.runId}  ${r.command.padEnd(8)}  ${words.padEnd(40)}  ${r.startedAt}${by}`);
  }
  const open = runs.filter((r) => !r.outcome && r.lastKind !== 'damaged' && !('supersededBy' in r));
  if (open.length > 0)
    ctx.io.out(
      `\nUnfinished runs can be continued with \`drctl resume <run-id>\` or undone with \`drctl rollback <run-id>\`.`,
    );
  if (superseded.size > 0)
    ctx.io.out(
      'Superseded runs were overtaken by a later run of the same record: resume and rollback refuse them (unless --force).',
    );
  return 0;
}
