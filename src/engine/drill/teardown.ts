/**
 * Teardown: delete everything a drill made, in the order that lets each deletion succeed
 * (the record first, so nothing resolves to a load balancer about to vanish; stacks in
 * reverse waves; then what the blueprint retains), and each deletion journaled first.
 * It never stops at the first failure: every resource is tried, every failure reported.
 * It ignores Ctrl-C on purpose: an interrupted drill must still clean up.
 */
import { DrctlError } from '../../errors.js';
import type { DatabasePort } from '../../ports/database.js';
import { snapshotStatus } from '../../ports/database.js';
import type { DrillCleanupPort } from '../../ports/drill-cleanup.js';
import { stackStatus } from '../../ports/stack-status.js';
import type { DnsContext } from '../context.js';
import { waitFor } from '../context.js';
import { poll } from '../poller.js';
import { awaitInsync } from '../steps/dns.js';
import { mergeInventory, retainedOf } from './inventory.js';
import type { CleanupItem, DrillInventory } from './types.js';

export interface TeardownContext extends DnsContext {
  cleanup: DrillCleanupPort;
  /** KMS pending window, days. */
  keyDeletionDays: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function teardown(ctx: TeardownContext, inv: DrillInventory): Promise<CleanupItem[]> {
  const items: CleanupItem[] = [];
  const did = (item: CleanupItem) => {
    items.push(item);
    ctx.em.emit('drill-cleanup', item);
  };
  const attempt = async (kind: CleanupItem['kind'], id: string, fn: () => Promise<CleanupItem['action']>) => {
    try {
      did({ kind, id, region: inv.region, action: await fn() });
    } catch (e) {
      did({ kind, id, region: inv.region, action: 'failed', detail: message(e) });
    }
  };
  if (inv.record) await attempt('record', inv.record.name, () => deleteRecord(ctx, inv));
  // Read first: once the stacks are gone nothing names the retained resources any more.
  if (mergeInventory(inv, await retainedOf(ctx.cleanup, inv.region, inv.stacks.flat()))) {
    await ctx.journal.write('drill-inventory', inv);
  }
  for (const wave of [...inv.stacks].reverse()) {
    await Promise.all(wave.map((name) => attempt('stack', name, () => deleteStack(ctx, inv.region, name))));
  }
  for (const b of inv.buckets) await attempt('bucket', b, () => deleteBucket(ctx, inv.region, b));
  for (const k of inv.keys) await attempt('kms-key', k, () => scheduleKey(ctx, inv.region, k));
  const db = ctx.ports.db;
  if ((inv.clusters.length || inv.snapshots.length) && !db) {
    ctx.em.warn('no database adapter: the drill cluster snapshots were not deleted');
    return items;
  }
  for (const c of inv.clusters) {
    for (const s of await db!.listClusterSnapshots(inv.region, c).catch(() => [])) {
      await attempt('snapshot', s.id, () => deleteSnapshot(ctx, db!, inv.region, s.id));
    }
  }
  for (const s of inv.snapshots) await attempt('snapshot', s, () => deleteSnapshot(ctx, db!, inv.region, s));
  return items;
}

async function deleteRecord(ctx: TeardownContext, inv: DrillInventory): Promise<CleanupItem['action']> {
  const r = inv.record!;
  const sets = await ctx.ports.dns.listRecordSets(r.zoneId, r.name, r.type);
  if (sets.length === 0) return 'absent';
  const changes = sets.map((rs) => ({ Action: 'DELETE' as const, ResourceRecordSet: rs }));
  await ctx.journal.intent('teardown:record', { changes });
  const { changeId } = await ctx.ports.dns.changeRecordSets(
    r.zoneId,
    changes,
    `drctl drill ${inv.drillId} teardown`,
  );
  await ctx.journal.done('teardown:record', { changeId });
  await awaitInsync({ ...ctx, zoneId: r.zoneId, name: r.name, type: r.type }, changeId, false);
  return 'deleted';
}

/** Deletes one stack (journaled first) and waits until it is gone; `drctl teardown` uses it too. */
export async function deleteStack(
  ctx: DnsContext,
  region: string,
  name: string,
): Promise<CleanupItem['action']> {
  const before = await ctx.ports.stacks.describe(region, name);
  if (!before || stackStatus.isDeleted(before.status)) return 'absent';
  await ctx.journal.intent(`teardown:stack:${name}`, { stack: name, region });
  // A teardown resumed by sweep may find the deletion already under way.
  if (!stackStatus.isDeleting(before.status)) await ctx.ports.stacks.delete(region, name);
  const end = await poll({
    ...waitFor(ctx, ctx.waits.stack, `stack ${name} in ${region} to be deleted`, false),
    check: async () => {
      const info = await ctx.ports.stacks.describe(region, name);
      if (!info || stackStatus.isDeleted(info.status)) return { done: true, value: undefined };
      return stackStatus.isInProgress(info.status)
        ? { done: false, seen: info.status }
        : { done: true, value: `${info.status}${info.statusReason ? `: ${info.statusReason}` : ''}` };
    },
  });
  if (end !== undefined) throw new DrctlError('STACK_FAILED', `stack ${name} ended ${end}`);
  await ctx.journal.done(`teardown:stack:${name}`);
  return 'deleted';
}

async function deleteBucket(ctx: TeardownContext, region: string, bucket: string) {
  await ctx.journal.intent(`teardown:bucket:${bucket}`, { bucket, region });
  const r = await ctx.cleanup.emptyAndDeleteBucket(region, bucket);
  await ctx.journal.done(`teardown:bucket:${bucket}`);
  return r;
}

async function scheduleKey(
  ctx: TeardownContext,
  region: string,
  key: string,
): Promise<CleanupItem['action']> {
  const state = await ctx.cleanup.keyState(region, key);
  if (state === undefined) return 'absent';
  if (state === 'PendingDeletion') return 'scheduled-deletion';
  await ctx.journal.intent(`teardown:key:${key}`, { key, region, days: ctx.keyDeletionDays });
  await ctx.cleanup.scheduleKeyDeletion(region, key, ctx.keyDeletionDays);
  await ctx.journal.done(`teardown:key:${key}`);
  return 'scheduled-deletion';
}

async function deleteSnapshot(ctx: TeardownContext, db: DatabasePort, region: string, id: string) {
  const snap = await poll({
    ...waitFor(
      ctx,
      ctx.waits.snapshotDeletable,
      `snapshot ${id} in ${region} to be available for deletion`,
      false,
    ),
    check: async () => {
      const s = await db.describeClusterSnapshot(region, id);
      if (s && snapshotStatus.isInProgress(s.status)) return { done: false, seen: s.status };
      return { done: true, value: s };
    },
  });
  if (!snap || snap.status === 'deleting') return 'absent' as const;
  await ctx.journal.intent(`teardown:snapshot:${id}`, { snapshot: id, region });
  await ctx.cleanup.deleteClusterSnapshot(region, id);
  await ctx.journal.done(`teardown:snapshot:${id}`);
  return 'deleted' as const;
}
