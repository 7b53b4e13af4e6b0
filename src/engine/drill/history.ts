/**
 * Drill history, kept with the run journal: every drill ends its journal with a
 * `drill-result` entry. `drctl drills` lists them; `drctl plan` can estimate a recovery
 * time from the median of recent drills, phase by phase (`recentPhaseMedians`).
 */
import type { JournalPort } from '../../ports/journal.js';
import type { Phase } from '../events.js';
import { lastOf } from '../journal-entries.js';
import type { DrillResult } from './types.js';

export interface HistoryOptions {
  /** Only drills into this region. Default: every region. */
  region?: string;
  /** Only drills of this environment. Default: every environment. */
  env?: string;
  /** Newest first, at most this many. Default: all. */
  limit?: number;
}

/** Past drills with a result, newest first. A journal that cannot be read is skipped. */
export async function drillHistory(journal: JournalPort, o: HistoryOptions = {}): Promise<DrillResult[]> {
  const runs = (await journal.list()).filter((r) => r.command === 'drill');
  const out: DrillResult[] = [];
  for (const run of runs) {
    const entries = await journal.read(run.runId).catch(() => []);
    const result = lastOf(entries, 'drill-result');
    if (!result) continue;
    if (o.region && result.region !== o.region) continue;
    if (o.env && result.env !== o.env) continue;
    out.push(result);
  }
  out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return o.limit === undefined ? out : out.slice(0, o.limit);
}

export function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

export interface PhaseMedians {
  /** Median duration per phase, ms (repeated steps of one drill summed first). */
  phases: Partial<Record<Phase, number>>;
  /** Median recovery time of the drills that passed their rehearsal, ms. */
  rtoMs?: number;
  /** How many drills the medians come from. */
  drills: number;
}

/** Medians over drills whose rehearsal succeeded (a failed drill's phases say little about a recovery). */
export function phaseMedians(drills: DrillResult[]): PhaseMedians {
  const ok = drills.filter((d) => d.rehearsal === 'ok');
  const per = new Map<Phase, number[]>();
  for (const d of ok) {
    const sums = new Map<Phase, number>();
    for (const b of d.phases) {
      if (b.result !== 'ok') continue;
      sums.set(b.phase, (sums.get(b.phase) ?? 0) + b.durationMs);
    }
    for (const [phase, ms] of sums) per.set(phase, [...(per.get(phase) ?? []), ms]);
  }
  const phases: Partial<Record<Phase, number>> = {};
  for (const [phase, xs] of per) phases[phase] = median(xs)!;
  const rto = median(ok.flatMap((d) => (d.rtoMs === undefined ? [] : [d.rtoMs])));
  return { phases, ...(rto === undefined ? {} : { rtoMs: rto }), drills: ok.length };
}

/**
 * For `drctl plan`: the median of the last `last` successful drills into `region` (and
 * `env`), per phase. `last` defaults to 5: recent enough to follow template changes,
 * enough that one slow drill does not move the estimate.
 */
export async function recentPhaseMedians(
  journal: JournalPort,
  o: { region: string; env?: string; last?: number },
): Promise<PhaseMedians> {
  const all = await drillHistory(journal, { region: o.region, ...(o.env ? { env: o.env } : {}) });
  return phaseMedians(all.filter((d) => d.rehearsal === 'ok').slice(0, o.last ?? 5));
}
