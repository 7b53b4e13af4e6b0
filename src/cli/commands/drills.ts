/**
 * `drctl drills`: past drills from the journal folder, newest first, with their recovery
 * time and its trend (against the previous drill into the same region), and the median
 * of recent drills per region: the figure `drctl plan` can quote.
 */
import type { DrillResult } from '../../engine/drill/types.js';
import { DrctlError } from '../../errors.js';
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';
import { seconds } from '../presenters/format.js';
import { journalFolder } from '../run-setup.js';

export interface DrillsOptions {
  /** Where the journals are. Default: the config journal.dir, else ~/.drctl/runs. */
  journalDir?: string;
  /** Only drills into this region. Default: all. */
  region?: string;
  /** At most this many, newest first. Default: 20. */
  limit?: string;
}

/** `+12.0 s` slower or `-3.1 s` faster than the previous drill into the same region. */
export function trend(drills: DrillResult[]): Map<string, string> {
  const out = new Map<string, string>();
  const chronological = [...drills].reverse();
  const last = new Map<string, number>();
  for (const d of chronological) {
    if (d.rtoMs === undefined) continue;
    const prev = last.get(d.region);
    if (prev !== undefined) {
      const delta = d.rtoMs - prev;
      out.set(d.runId, delta === 0 ? '=' : `${delta > 0 ? '+' : '-'}${seconds(Math.abs(delta))}`);
    }
    last.set(d.region, d.rtoMs);
  }
  return out;
}

export async function drillsCommand(ctx: Context, opts: DrillsOptions): Promise<number> {
  const limit = opts.limit === undefined ? 20 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new DrctlError(
      'USAGE',
      `--limit ${opts.limit} is not a positive whole number (for example --limit 10).`,
    );
  const dir = await journalFolder(ctx, opts.journalDir);
  const [{ FileJournal }, { drillHistory, phaseMedians }] = await Promise.all([
    import('../../local/file-journal.js'),
    import('../../engine/drill/index.js'),
  ]);
  const journal = new FileJournal(dir);
  const all = await drillHistory(journal, opts.region ? { region: opts.region } : {});
  const shown = all.slice(0, limit);
  const regions = [...new Set(all.map((d) => d.region))].sort();
  const medians = Object.fromEntries(
    regions.map((r) => [r, phaseMedians(all.filter((d) => d.region === r).slice(0, 5))]),
  );
  if (ctx.globals.json) {
    return printResult(ctx.io, 'drills', { dir: journal.dir, drills: shown, medians }, 0);
  }
  if (shown.length === 0) {
    ctx.io.out(`No drills in ${journal.dir}.`);
    return 0;
  }
  const t = trend(all);
  ctx.io.out(`Drills in ${journal.dir} (newest first):`);
  for (const d of shown) {
    const rto = d.rtoMs === undefined ? '-' : seconds(d.rtoMs);
    ctx.io.out(
      `  ${d.startedAt}  ${d.drillId}  ${d.region.padEnd(15)} ${d.env.padEnd(5)} ${d.verdict.padEnd(13)} RTO ${rto.padStart(12)}  ${(t.get(d.runId) ?? '').padStart(10)}  cleanup ${d.cleanup}`,
    );
  }
  for (const r of regions) {
    const m = medians[r]!;
    if (m.rtoMs !== undefined)
      ctx.io.out(`Median RTO into ${r} over the last ${m.drills} passing drill(s): ${seconds(m.rtoMs)}`);
  }
  return 0;
}
