/**
 * The Route 53 steps: snapshot, submit a batch (journaled first), wait for INSYNC, check
 * the authoritative answer (dns-verify.ts), and restore the snapshot exactly.
 */
import { DrctlError } from '../../errors.js';
import type { RecordChange, RecordSet } from '../../ports/dns.js';
import type { DnsContext } from '../context.js';
import { waitFor } from '../context.js';
import { restoreBatch, sameRecordSets } from '../dns-restore.js';
import { RollbackFailedError } from '../errors.js';
import { poll } from '../poller.js';
import type { SnapshotData } from '../run-journal.js';

export async function readRecordSets(ctx: DnsContext): Promise<RecordSet[]> {
  return ctx.ports.dns.listRecordSets(ctx.zoneId, ctx.name, ctx.type);
}

/** Route 53's answer before the change, sorted: for the report, not for later comparison. */
async function answer(ctx: DnsContext): Promise<string[] | undefined> {
  const a = await ctx.ports.dns.testDnsAnswer(ctx.zoneId, ctx.name, ctx.type);
  return a ? [...a.records].sort() : undefined;
}

/** Every record set of the name and type, and the answer, journaled before anything changes. */
export async function takeSnapshot(ctx: DnsContext): Promise<SnapshotData> {
  const records = await readRecordSets(ctx);
  const now = await answer(ctx);
  const data: SnapshotData = now === undefined ? { records } : { records, answer: now };
  await ctx.journal.done('snapshot', data as unknown as Record<string, unknown>);
  ctx.em.emit('dns-snapshot', { records: records.length });
  return data;
}

/** Journals the batch as intent, submits it, journals the change id. */
export async function submitBatch(ctx: DnsContext, step: string, changes: RecordChange[], comment: string) {
  await ctx.journal.intent(step, { changes, comment });
  const { changeId } = await ctx.ports.dns.changeRecordSets(ctx.zoneId, changes, comment);
  ctx.em.emit('dns-change-submitted', { changeId, comment, changes });
  await ctx.journal.done(step, { changeId });
  return changeId;
}

/** `honourSignal` false for the rollback, which must finish even after Ctrl-C. */
export async function awaitInsync(ctx: DnsContext, changeId: string, honourSignal = true): Promise<void> {
  let last = '';
  await poll({
    ...waitFor(ctx, ctx.waits.dnsInsync, `Route 53 change ${changeId} to be INSYNC`, honourSignal),
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
