/**
 * When the automatic rollback fails, the batch that restores DNS by hand is written as
 * `restore-<run id>.json` beside the run's journal, where the operator (and a colleague
 * holding the journal folder) will look, so the printed command works as it stands.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RollbackFailedError } from '../engine/errors.js';
import { expandHome } from '../local/file-journal.js';

/** Saves the batch if `e` is a failed rollback; never throws (the batch is printed anyway). */
export function saveManualBatch(e: unknown, journalDir: string, warn: (m: string) => void): void {
  if (!(e instanceof RollbackFailedError)) return;
  const path = join(expandHome(journalDir), `restore-${e.runId}.json`);
  try {
    writeFileSync(path, `${e.changeBatch}\n`, { mode: 0o600 });
    e.savedAs(path);
  } catch (w) {
    warn(`could not write ${path} (${w instanceof Error ? w.message : String(w)}); copy the batch below`);
  }
}
