/** `drctl runs`: the runs this machine's journal folder knows, newest first. */
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';
import { journalFolder } from '../run-setup.js';
import { runInWords } from '../run-words.js';

export async function runsCommand(ctx: Context, opts: { journalDir?: string }): Promise<number> {
  const dir = await journalFolder(ctx, opts.journalDir);
  const { FileJournal } = await import('../../local/file-journal.js');
  const journal = new FileJournal(dir);
  const runs = await journal.list();
  if (ctx.globals.json) {
    return printResult(ctx.io, 'runs', { dir: journal.dir, runs }, 0);
  }
  if (runs.length === 0) {
    ctx.io.out(`No runs in ${journal.dir}.`);
    return 0;
  }
  ctx.io.out(`Runs in ${journal.dir} (newest first):`);
  for (const r of runs) {
    ctx.io.out(`  ${r.runId}  ${r.command.padEnd(8)}  ${runInWords(r).padEnd(40)}  ${r.startedAt}`);
  }
  const open = runs.filter((r) => !r.outcome && r.lastKind !== 'damaged');
  if (open.length > 0)
    ctx.io.out(
      `\nUnfinished runs can be continued with \`drctl resume <run-id>\` or undone with \`drctl rollback <run-id>\`.`,
    );
  return 0;
}
