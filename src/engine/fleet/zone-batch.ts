/**
 * Combining record changes of a fleet's applications that share a hosted zone into one
 * ChangeResourceRecordSets call. Route 53 applies a change batch atomically (all or
 * nothing), so apps flipped together move together, and N flips cost one request of the
 * account's 5/s. Each application still journals its own intent and snapshot, so its
 * rollback stays exact and its own.
 *
 * The batch is taken when the Route 53 pacer gives the zone its turn: whatever changes of
 * that zone are waiting then go out together. Nothing is held back waiting for company,
 * so combining never adds to an application's recovery time.
 *
 * All or nothing cuts both ways: one application's refused change (its record changed
 * since its snapshot) would refuse everyone's. So a refused combined batch is sent again
 * one application at a time, and each gets its own answer; when the combined batch had in
 * fact been applied (its answer was lost), each app's own submit reconciles it from the
 * live record sets (src/engine/steps/dns.ts).
 *
 * GetChange calls for one change id that wait for the same turn share one answer.
 */
import type { ChangeStatus, DnsPort, RecordChange } from '../../ports/dns.js';
import { type Pacer, pacedDns } from '../pace.js';

/** Route 53 allows 1,000 ResourceRecord elements a batch; a few changes an app is far under. */
const MAX_CHANGES_PER_BATCH = 100;
/** Route 53's limit on a change batch comment. */
const MAX_COMMENT = 256;

interface Waiting {
  changes: RecordChange[];
  comment: string;
  resolve(v: { changeId: string }): void;
  reject(e: unknown): void;
}

export interface CombinedBatchStats {
  /** ChangeResourceRecordSets requests sent (combined or single). */
  requests: number;
  /** Applications' batches that went out inside a combined request. */
  combined: number;
  /** Combined requests refused and sent again one app at a time. */
  splitAfterRefusal: number;
}

/**
 * One DnsPort for every application of a fleet: every call paced by the fleet's Route 53
 * pacer, and changes to the same zone that wait for the same turn sent as one batch.
 */
export function combiningDns(raw: DnsPort, pacer: Pacer, stats?: CombinedBatchStats): DnsPort {
  const paced = pacedDns(raw, pacer);
  const queues = new Map<string, Waiting[]>();
  const send = async (zoneId: string, group: Waiting[]) => {
    if (stats) stats.requests++;
    if (group.length === 1) {
      const [w] = group as [Waiting];
      await raw.changeRecordSets(zoneId, w.changes, w.comment).then(w.resolve, w.reject);
      return;
    }
    try {
      const comment = `drctl fleet: ${group.map((w) => w.comment).join('; ')}`.slice(0, MAX_COMMENT);
      const r = await raw.changeRecordSets(
        zoneId,
        group.flatMap((w) => w.changes),
        comment,
      );
      if (stats) stats.combined += group.length;
      for (const w of group) w.resolve(r);
    } catch {
      if (stats) stats.splitAfterRefusal++;
      for (const w of group) {
        await pacer.turn();
        if (stats) stats.requests++;
        await raw.changeRecordSets(zoneId, w.changes, w.comment).then(w.resolve, w.reject);
      }
    }
  };
  const flush = async (zoneId: string) => {
    await pacer.turn();
    const waiting = queues.get(zoneId) ?? [];
    queues.delete(zoneId);
    for (const [i, group] of groups(waiting).entries()) {
      if (i > 0) await pacer.turn();
      await send(zoneId, group);
    }
  };
  const asking = new Map<string, Promise<ChangeStatus>>();
  return {
    ...paced,
    // Apps flipped in one combined batch share its change id: while a GetChange for it
    // waits for its turn or its answer, the others take that answer rather than spend a
    // call each of the account's 5/s. The answer is never older than the join by more
    // than one call's latency, and INSYNC never goes back to PENDING.
    getChangeStatus: (changeId) => {
      let p = asking.get(changeId);
      if (!p) {
        p = paced.getChangeStatus(changeId).finally(() => asking.delete(changeId));
        asking.set(changeId, p);
      }
      return p;
    },
    changeRecordSets: (zoneId, changes, comment) =>
      new Promise((resolve, reject) => {
        const q = queues.get(zoneId);
        const w = { changes, comment, resolve, reject };
        if (q) q.push(w);
        else {
          queues.set(zoneId, [w]);
          flush(zoneId).catch((e) => reject(e));
        }
      }),
  };
}

/**
 * Groups of waiting batches to send together: under the size cap, and never two batches
 * touching the same record set (one app's DELETE and another's CREATE of one name would
 * make the combined batch mean something neither asked for).
 */
function groups(waiting: Waiting[]): Waiting[][] {
  const out: { items: Waiting[]; keys: Set<string>; size: number }[] = [];
  for (const w of waiting) {
    const keys = new Set(w.changes.map((c) => recordKey(c)));
    const fit = out.find(
      (g) => g.size + w.changes.length <= MAX_CHANGES_PER_BATCH && ![...keys].some((k) => g.keys.has(k)),
    );
    if (fit) {
      fit.items.push(w);
      fit.size += w.changes.length;
      for (const k of keys) fit.keys.add(k);
    } else out.push({ items: [w], keys, size: w.changes.length });
  }
  return out.map((g) => g.items);
}

function recordKey(c: RecordChange): string {
  const r = c.ResourceRecordSet;
  return `${r.Name.toLowerCase().replace(/\.?$/, '.')}|${r.Type}|${r.SetIdentifier ?? ''}`;
}
