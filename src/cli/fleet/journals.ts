/**
 * Each app of a fleet keeps its own journal (its config's journal.dir). `fleet status`,
 * `resume` and `rollback` find, per app, its newest failover run to the region there.
 */
import type { LoadedFleet } from '../../config/fleet.js';
import type { RunState } from '../../engine/run-journal.js';
import type { RunSummary } from '../../ports/journal.js';
import { appJournalDir } from './setup.js';

export interface AppRun {
  member: LoadedFleet['members'][number];
  /** The newest failover of this app to the region; absent when it has none. */
  run?: RunSummary;
  state?: RunState;
  location?: string;
}

/** Journals damaged or unreadable are skipped: `drctl runs` shows them. */
export async function latestRuns(f: LoadedFleet, region: string): Promise<AppRun[]> {
  const [{ FileJournal }, { loadRun }] = await Promise.all([
    import('../../local/file-journal.js'),
    import('../../engine/run-journal.js'),
  ]);
  const out: AppRun[] = [];
  for (const member of f.members) {
    const journal = new FileJournal(appJournalDir(member));
    const runs = await journal.list().catch(() => [] as RunSummary[]);
    let found: AppRun = { member };
    for (const run of runs) {
      if (run.command !== 'failover' || run.lastKind === 'damaged') continue;
      const state = await loadRun(journal, run.runId).catch(() => undefined);
      const h = state?.header;
      if (h && h.app === member.name && h.env === member.env && h.to === region) {
        found = { member, run, state, location: journal.locate(run.runId) };
        break;
      }
    }
    out.push(found);
  }
  return out;
}

/** A run whose journal is not finished: `drctl resume` continues it. */
export function isUnfinished(a: AppRun): boolean {
  return Boolean(a.run && !a.run.outcome);
}

/**
 * A run `fleet rollback` undoes: finished flipped or held (DNS may be on the target), or
 * unfinished (restored if it flipped, else closed and its lock released). `drctl rollback`
 * refuses, as for one app, a run a later change superseded.
 */
export function toRollBack(a: AppRun): boolean {
  if (!a.run) return false;
  return !a.run.outcome || a.run.outcome === 'flipped' || a.run.outcome === 'held';
}
