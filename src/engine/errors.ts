/** Engine-specific typed errors: the ones that carry more than a message. */
import { DrctlError } from '../errors.js';
import type { RecordChange } from '../ports/dns.js';
import { manualApplyCommand, renderChangeBatch } from './dns-restore.js';

/**
 * The automatic rollback failed: DNS needs a human now. Carries the exact batch that
 * restores the snapshot, rendered for `aws route53 change-resource-record-sets`. The CLI
 * saves it beside the journal (`savedAs`), prints it and puts it in `--json`.
 */
export class RollbackFailedError extends DrctlError {
  readonly runId: string;
  readonly zoneId: string;
  readonly changes: RecordChange[];
  /** JSON for `--change-batch`. */
  readonly changeBatch: string;
  /** Where the batch is saved: `restore-<run id>.json`, beside the journal once the CLI wrote it. */
  file: string;

  constructor(runId: string, zoneId: string, changes: RecordChange[], cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('ROLLBACK_FAILED', `ROLLBACK FAILED for run ${runId}: ${why}. DNS must be restored by hand.`, {
      source: 'aws',
      cause,
    });
    this.runId = runId;
    this.zoneId = zoneId;
    this.changes = changes;
    this.changeBatch = renderChangeBatch(changes, `drctl ${runId} manual restore`);
    this.file = `restore-${runId}.json`;
    this.setHints(false);
  }

  /** The command that applies the saved batch. */
  get command(): string {
    return manualApplyCommand(this.zoneId, this.file);
  }

  /** Records that the batch was written to `path`, so the hints name that file. */
  savedAs(path: string): void {
    this.file = path;
    this.setHints(true);
  }

  private setHints(saved: boolean): void {
    this.hints.length = 0;
    this.hints.push(
      saved
        ? `the change batch below is saved as ${this.file}; apply it with: ${this.command}`
        : `save the change batch below as ${this.file}, then run: ${this.command}`,
      `or retry: drctl rollback ${this.runId}`,
    );
  }
}

/**
 * Route 53 refused a flip batch and the live record sets show it is not in place: this
 * run changed nothing with it. Carries the refusal; never shown (the flow rethrows the
 * cause, or rolls back earlier batches).
 */
export class BatchNotAppliedError extends Error {
  constructor(readonly refusal: unknown) {
    super(refusal instanceof Error ? refusal.message : String(refusal));
    this.name = 'BatchNotAppliedError';
  }
}
