/**
 * After teardown, look again at everything the inventory names and list what is still
 * there. A KMS key pending deletion counts as gone (KMS cannot delete a key at once; its
 * deletion date is in the cleanup list), and so does a snapshot already `deleting`.
 */

import { stackStatus } from '../../ports/stack-status.js';
import type { TeardownContext } from './teardown.js';
import type { DrillInventory, Leftover } from './types.js';

export async function verifyClean(ctx: TeardownContext, inv: DrillInventory): Promise<Leftover[]> {
  const out: Leftover[] = [];
  const region = inv.region;
  const left = (kind: Leftover['kind'], id: string, why: string) => {
    out.push({ kind, id, region, why });
    ctx.em.emit('drill-leftover', { kind, id, region, why });
  };
  /** `why` says why the resource still counts as there, or undefined when it is gone. */
  const check = async (kind: Leftover['kind'], id: string, why: () => Promise<string | undefined>) => {
    try {
      const reason = await why();
      if (reason) left(kind, id, reason);
    } catch (e) {
      left(kind, id, `could not check: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const name of inv.stacks.flat()) {
    await check('stack', name, async () => {
      const s = await ctx.ports.stacks.describe(region, name);
      return s && !stackStatus.isDeleted(s.status) ? `stack is ${s.status}` : undefined;
    });
  }
  const r = inv.record;
  if (r) {
    await check('record', r.name, async () => {
      const sets = await ctx.ports.dns.listRecordSets(r.zoneId, r.name, r.type);
      return sets.length ? `${sets.length} record set(s) still answer for ${r.name} ${r.type}` : undefined;
    });
  }
  for (const b of inv.buckets) {
    await check('bucket', b, async () =>
      (await ctx.cleanup.bucketExists(region, b)) ? 'bucket exists' : undefined,
    );
  }
  for (const k of inv.keys) {
    await check('kms-key', k, async () => {
      const state = await ctx.cleanup.keyState(region, k);
      return state === undefined || state === 'PendingDeletion' ? undefined : `key is ${state}`;
    });
  }
  const db = ctx.ports.db;
  for (const id of inv.snapshots) {
    await check('snapshot', id, async () => {
      const s = await db?.describeClusterSnapshot(region, id);
      return s && s.status !== 'deleting' ? `snapshot is ${s.status}` : undefined;
    });
  }
  for (const c of inv.clusters) {
    const snaps = (await db?.listClusterSnapshots(region, c).catch(() => [])) ?? [];
    for (const s of snaps.filter((x) => x.status !== 'deleting')) {
      left('snapshot', s.id, `snapshot of drill cluster ${c} is ${s.status}`);
    }
  }
  return out;
}
