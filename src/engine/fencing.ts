/**
 * Fencing between runs (safety invariant 9): a run records the record sets it found and
 * the ones it left; `rollback` and `resume` act only while the live sets are still one of
 * those, so an old run can never undo or replay over a later one. When the live sets moved
 * on, the refusal names the run that moved them, found in the journal folder.
 */
import { DrctlError } from '../errors.js';
import type { RecordChange, RecordSet } from '../ports/dns.js';
import type { JournalPort } from '../ports/journal.js';
import { applyChanges, sameRecordSets } from './dns-restore.js';
import { type FlipStep, flipNumber, type IntentOf, type RunHeader } from './journal-entries.js';
import { doneIn, loadRun, type RunState } from './run-journal.js';

/** Flip batches journaled (done, or intended and maybe applied), in step order. */
export function flipBatches(state: RunState): RecordChange[][] {
  return [...state.intents.entries()]
    .flatMap(([step, data]) => {
      const n = flipNumber(step);
      // loadRun checked every flip intent's shape (validStepData).
      return n === undefined ? [] : [{ n, changes: (data as IntentOf<FlipStep>).changes }];
    })
    .sort((a, b) => a.n - b.n)
    .map((f) => f.changes);
}

/**
 * Every state of the record sets that this run may have left live: what it found (or its
 * snapshot) before any change, what each of its flip batches made of it, and what it
 * recorded as left. A live state outside this list was made by someone else.
 */
export function statesOfRun(state: RunState): RecordSet[][] {
  const out: RecordSet[][] = [];
  const found = doneIn(state, 'found');
  const snapshot = doneIn(state, 'snapshot');
  if (found) out.push(found.records);
  if (snapshot) {
    out.push(snapshot.records);
    let sets = snapshot.records;
    for (const b of flipBatches(state)) {
      sets = applyChanges(sets, b);
      out.push(sets);
    }
  }
  const left = doneIn(state, 'left');
  if (left) out.push(left.records);
  return out;
}

/** The region a run found serving (journaled at preflight), when it could be told. */
function servedBy(state: RunState): string | undefined {
  return doneIn(state, 'found')?.serving;
}

/** Did this run (as journaled) send, or mean to send, a change to the record sets? */
function changedDns(state: RunState): boolean {
  return [...state.intents.keys()].some((k) => flipNumber(k) !== undefined || k === 'rollback');
}

interface OtherRun {
  runId: string;
  startedAt: string;
  header: RunHeader;
  state: RunState;
}

async function otherRuns(journal: JournalPort, runId: string): Promise<OtherRun[]> {
  const out: OtherRun[] = [];
  for (const s of await journal.list().catch(() => [])) {
    if (s.runId === runId) continue;
    const state = await loadRun(journal, s.runId).catch(() => undefined);
    // Failover runs only: a drill's record and lock are its own (its header has no lockKey).
    if (state?.header?.lockKey && state.header.command === 'failover') {
      out.push({ runId: s.runId, startedAt: s.startedAt, header: state.header, state });
    }
  }
  return out;
}

/**
 * The latest run of the same record that started after `runId` (or broke its lock) and
 * changed the record sets, from the journal folder; undefined when none is known here.
 */
async function laterRun(
  journal: JournalPort,
  runId: string,
  header: RunHeader,
  startedAt: string,
): Promise<OtherRun | undefined> {
  const later = (await otherRuns(journal, runId)).filter(
    (r) =>
      r.header.lockKey === header.lockKey &&
      changedDns(r.state) &&
      (r.startedAt > startedAt || r.state.lockBroken.includes(runId)),
  );
  return later.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}

/**
 * For `drctl runs`, offline: each run superseded by a later run of the same record that
 * changed DNS and was not itself rolled back, mapped to that later run's id.
 */
export async function supersededRuns(journal: JournalPort): Promise<Map<string, string>> {
  const runs = await otherRuns(journal, '');
  const out = new Map<string, string>();
  for (const r of runs) {
    const by = runs
      .filter(
        (o) =>
          o.runId !== r.runId &&
          o.header.lockKey === r.header.lockKey &&
          changedDns(o.state) &&
          o.state.finished !== 'rolled-back' &&
          (o.startedAt > r.startedAt || o.state.lockBroken.includes(r.runId)),
      )
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (by) out.set(r.runId, by.runId);
  }
  return out;
}

/**
 * Refuses (REFUSED, exit 5) unless the live record sets equal one of `states`, naming the
 * run that changed them since when the journal folder knows it. `force` skips the check.
 */
export async function checkFence(o: {
  journal: JournalPort;
  runId: string;
  state: RunState;
  live: RecordSet[];
  states: RecordSet[][];
  action: 'roll back' | 'resume';
  force?: boolean;
}): Promise<void> {
  const { state, runId } = o;
  if (o.force || !state.header || o.states.length === 0) return;
  if (o.states.some((s) => sameRecordSets(o.live, s))) return;
  const h = state.header;
  const other = await laterRun(o.journal, runId, h, state.startedAt ?? '');
  const since = other
    ? `run ${other.runId} (${other.header.command} ${servedBy(other.state) ?? other.header.from} -> ${other.header.to}, started ${other.startedAt}) changed them since`
    : 'they were changed since by something outside this journal folder (another machine, the console, or a script)';
  throw new DrctlError(
    'REFUSED',
    `Will not ${o.action} run ${runId}: the record sets of ${h.name} ${h.type} are no longer what that run left, because ${since}.`,
    {
      source: 'user',
      hints: [
        other
          ? `to undo the later change instead: drctl rollback ${other.runId}`
          : 'check the record with drctl status',
        `to ${o.action} anyway, over whatever serves now: add --force`,
      ],
    },
  );
}
