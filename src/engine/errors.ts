/** Engine-specific typed errors: the ones that carry more than a message. */
import { DrctlError } from '../errors.js';
import type { RecordChange } from '../ports/dns.js';
import { manualApplyCommand, renderChangeBatch } from './dns-restore.js';

/**
 * The automatic rollback failed: DNS needs a human now. Carries the exact batch that
 * restores the snapshot, rendered for `aws route53 change-resource-record-sets`.
 */
export class RollbackFailedError extends DrctlError {
  readonly changes: RecordChange[];
  /** JSON for `--change-batch`. */
  readonly changeBatch: string;
  /** The command to run once the batch is saved as `restore-<run id>.json`. */
  readonly command: string;

  constructor(runId: string, zoneId: string, changes: RecordChange[], cause: unknown) {
    const file = `restore-${runId}.json`;
    const command = manualApplyCommand(zoneId, file);
    const why = cause instanceof Error ? cause.message : String(cause);
    super('ROLLBACK_FAILED', `ROLLBACK FAILED for run ${runId}: ${why}. DNS must be restored by hand.`, {
      source: 'aws',
      cause,
      hints: [
        `save the change batch below as ${file}, then run: ${command}`,
        `or retry: drctl rollback ${runId}`,
      ],
    });
    this.changes = changes;
    this.changeBatch = renderChangeBatch(changes, `drctl ${runId} manual restore`);
    this.command = command;
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
