/** How a journaled run ended, in words for `drctl runs` and `drctl status` (JSON keeps the codes). */
import type { RunSummary } from '../ports/journal.js';

const OUTCOMES: Record<string, string> = {
  flipped: 'traffic moved, verified',
  'rolled-back': 'rolled back: DNS restored and verified',
  held: 'new record held after a failed check',
  aborted: 'stopped before any DNS change',
  'no-op': 'nothing to do',
  'nothing-to-do': 'nothing to roll back',
  closed: 'closed: never changed DNS',
  passed: 'drill passed',
  'rto-exceeded': 'drill over its RTO target',
  leftovers: 'drill left resources behind',
  ROLLBACK_FAILED: 'ROLLBACK FAILED: DNS needs a human',
  LOCK_HELD: 'refused: another run held the lock',
  REFUSED: 'refused by a safety check',
  ABORTED: 'interrupted',
  TIMEOUT: 'failed: a wait timed out',
  STACK_FAILED: 'failed: a stack did not deploy',
  PROBE_FAILED: 'failed: the new endpoint did not pass its probe',
  VERIFY_FAILED: 'failed: verification',
  AWS_CALL_FAILED: 'failed: an AWS call',
  AWS_CREDENTIALS: 'failed: no valid AWS credentials',
  JOURNAL: 'failed: the journal could not be written',
};

export function runInWords(r: Pick<RunSummary, 'outcome' | 'lastKind'>): string {
  if (r.lastKind === 'damaged') return 'journal damaged (cannot be read)';
  if (!r.outcome) return 'unfinished: resume or roll back';
  return OUTCOMES[r.outcome] ?? `failed (${r.outcome.toLowerCase().replace(/_/g, ' ')})`;
}
