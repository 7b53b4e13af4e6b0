/**
 * Putting record sets back exactly as they were, and printing that as a change batch an
 * operator can apply by hand. Pure: the snapshot and the live sets in, changes out.
 */
import type { RecordChange, RecordSet } from '../ports/dns.js';

/** Route 53 identifies a record set by name, type and set identifier (names case-insensitive). */
export function recordKey(rs: RecordSet): string {
  return `${rs.Name.toLowerCase().replace(/\.$/, '')}|${rs.Type}|${rs.SetIdentifier ?? ''}`;
}

/**
 * JSON with keys sorted and undefined dropped: equal values always give equal text, so
 * field order never matters (record sets compared here, the plan's checksum).
 */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, norm(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

export function sameRecordSet(a: RecordSet, b: RecordSet): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Two lists of record sets hold the same sets, field for field, in any order. */
export function sameRecordSets(a: RecordSet[], b: RecordSet[]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map(b.map((rs) => [recordKey(rs), rs]));
  return a.every((rs) => {
    const other = byKey.get(recordKey(rs));
    return other !== undefined && sameRecordSet(rs, other);
  });
}

/**
 * The one batch that returns `current` to `snapshot`: DELETE (exactly as they are now)
 * every set that differs or did not exist, then CREATE every snapshot set that is not
 * already identical. DELETE + CREATE rather than UPSERT because failover roles may swap
 * between sets (one PRIMARY per name and type) and a changed set identifier is a
 * different set. Empty when nothing differs: restoring is idempotent.
 */
export function restoreBatch(snapshot: RecordSet[], current: RecordSet[]): RecordChange[] {
  const wanted = new Map(snapshot.map((rs) => [recordKey(rs), rs]));
  const live = new Map(current.map((rs) => [recordKey(rs), rs]));
  const deletes: RecordChange[] = [];
  const creates: RecordChange[] = [];
  for (const [key, rs] of live) {
    const want = wanted.get(key);
    if (!want || !sameRecordSet(want, rs)) deletes.push({ Action: 'DELETE', ResourceRecordSet: rs });
  }
  for (const [key, rs] of wanted) {
    const have = live.get(key);
    if (!have || !sameRecordSet(have, rs)) creates.push({ Action: 'CREATE', ResourceRecordSet: rs });
  }
  return [...deletes, ...creates];
}

/**
 * What the record sets would be after `changes`, leniently (no validation): used to tell
 * whether a batch whose outcome was never journaled has been applied.
 */
export function applyChanges(records: RecordSet[], changes: RecordChange[]): RecordSet[] {
  const out = new Map(records.map((rs) => [recordKey(rs), rs]));
  for (const c of changes) {
    const key = recordKey(c.ResourceRecordSet);
    if (c.Action === 'DELETE') out.delete(key);
    else out.set(key, c.ResourceRecordSet);
  }
  return [...out.values()];
}

/** The JSON `aws route53 change-resource-record-sets --change-batch` accepts. */
export function renderChangeBatch(changes: RecordChange[], comment: string): string {
  return JSON.stringify({ Comment: comment, Changes: changes }, null, 2);
}

/** The command line that applies a rendered batch saved to `file`. */
export function manualApplyCommand(hostedZoneId: string, file: string): string {
  const zone = hostedZoneId.replace(/^\/hostedzone\//, '');
  return `aws route53 change-resource-record-sets --hosted-zone-id ${zone} --change-batch file://${file}`;
}
