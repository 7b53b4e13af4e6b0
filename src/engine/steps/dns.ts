/**
 * The Route 53 steps: snapshot, submit a batch (journaled first), wait for INSYNC, check
 * the authoritative answer (dns-verify.ts), and restore the snapshot exactly.
 */
import { DrctlError } from '../../errors.js';
import { type RecordChange, type RecordSet, typesOf } from '../../ports/dns.js';
import type { DnsContext } from '../context.js';
import { waitFor } from '../context.js';
import { applyChanges, restoreBatch, sameRecordSets } from '../dns-restore.js';
import { BatchNotAppliedError, RollbackFailedError } from '../errors.js';
import type { FlipStep, SnapshotData } from '../journal-entries.js';
import { poll } from '../poller.js';

export async function readRecordSets(ctx: DnsContext): Promise<RecordSet[]> {
  return ctx.ports.dns.listRecordSets(ctx.zoneId, ctx.name, ctx.type);
}

/**
 * Route 53's answer before the change (every type's), sorted: for the report, not for
 * later comparison.
 */
async function answer(ctx: DnsContext): Promise<string[] | undefined> {
  const answers = await Promise.all(
    typesOf(ctx.type).map((t) => ctx.ports.dns.testDnsAnswer(ctx.zoneId, ctx.name, t)),
  );
  if (answers.some((a) => a === undefined)) return undefined;
  return answers.flatMap((a) => a?.records ?? []).sort();
}

/** Every record set of the name and type, and the answer, journaled before anything changes. */
export async function takeSnapshot(ctx: DnsContext): Promise<SnapshotData> {
  const records = await readRecordSets(ctx);
  const now = await answer(ctx);
  const data: SnapshotData = now === undefined ? { records } : { records, answer: now };
  await ctx.journal.done('snapshot', data);
  ctx.em.emit('dns-snapshot', { records: records.length });
  return data;
}

/** Journals the batch as intent, submits it, journals the change id. */
export async function submitBatch(
  ctx: DnsContext,
  step: FlipStep | 'rollback',
  changes: RecordChange[],
  comment: string,
) {
  await ctx.journal.intent(step, { changes, comment });
  const { changeId } = await ctx.ports.dns.changeRecordSets(ctx.zoneId, changes, comment);
  ctx.em.emit('dns-change-submitted', { changeId, comment, changes });
  await ctx.journal.done(step, { changeId });
  return changeId;
}

/**
 * Submits a flip batch; when Route 53 refuses it, checks the live record sets before
 * calling it a failure. The SDK retries a request whose answer was lost (a reset
 * connection, a timeout), and when the first attempt was applied the retry of a batch
 * with a CREATE or DELETE meets InvalidChangeBatch. Live sets equal to `before` with the
 * batch applied (and not to `before`) mean the batch is ours and in place: journaled done
 * without a change id, as `resume` reconciles an unjournaled flip (and as the lock's
 * release does). Live sets without the batch: BatchNotAppliedError (this batch changed
 * nothing, so there is nothing of it to undo, and a set someone else changed since the
 * snapshot must not be "restored" over). Sets that cannot be read: the original error.
 */
export async function submitFlip(
  ctx: DnsContext,
  step: FlipStep,
  changes: RecordChange[],
  comment: string,
  before: RecordSet[],
): Promise<string | undefined> {
  try {
    return await submitBatch(ctx, step, changes, comment);
  } catch (e) {
    const live = await readRecordSets(ctx).catch(() => undefined);
    if (!live) throw e; // unknown whether it landed: the caller's rollback reads again
    const after = applyChanges(before, changes);
    if (sameRecordSets(live, before) || !sameRecordSets(live, after)) throw new BatchNotAppliedError(e);
    ctx.em.warn(
      `Route 53 refused ${step} (${e instanceof Error ? e.message : String(e)}), but the live record sets are exactly the batch applied: its first answer was lost, so it is taken as applied`,
    );
    await ctx.journal.done(step, { reconciled: 'applied' });
    return undefined;
  }
}

/** `honourSignal` false for the rollback, which must finish even after Ctrl-C. */
export async function awaitInsync(ctx: DnsContext, changeId: string, honourSignal = true): Promise<void> {
  let last = '';
  await poll({
    ...waitFor(
      ctx,
      ctx.waits.dnsInsync,
      `Route 53 change ${changeId} to be INSYNC`,
      honourSignal,
      ctx.expect?.insync(),
    ),
    check: async () => {
      const status = await ctx.ports.dns.getChangeStatus(changeId);
      if (status !== last) ctx.em.emit('dns-change-status', { changeId, status });
      last = status;
      return status === 'INSYNC' ? { done: true, value: undefined } : { done: false, seen: status };
    },
  });
}

/**
 * Puts the record sets back exactly as snapshotted and proves it by the sets read back,
 * field for field. Not by the answer recorded before the flip: an alias answers with the
 * load balancer's addresses, which AWS changes as it replaces nodes.
 * Ignores Ctrl-C on purpose (a half-done rollback is the worst state). Returns the batch
 * applied (empty when nothing differed); throws RollbackFailedError with the batch to
 * apply by hand.
 */
export async function restoreSnapshot(
  ctx: DnsContext,
  snapshot: SnapshotData,
  expectedLive: RecordSet[],
): Promise<RecordChange[]> {
  let batch = restoreBatch(snapshot.records, expectedLive);
  try {
    batch = restoreBatch(snapshot.records, await readRecordSets(ctx));
    if (batch.length > 0) {
      const changeId = await submitBatch(ctx, 'rollback', batch, `drctl ${ctx.runId} rollback`);
      await awaitInsync(ctx, changeId, false);
    }
    const after = await readRecordSets(ctx);
    if (!sameRecordSets(after, snapshot.records)) {
      throw new DrctlError(
        'VERIFY_FAILED',
        'the record sets read back after the restore differ from the snapshot',
      );
    }
    return batch;
  } catch (e) {
    throw new RollbackFailedError(ctx.runId, ctx.zoneId, batch, e);
  }
}
