/**
 * LockPort on a TXT record in the hosted zone itself: `_drctl-lock.<record>`.
 *
 * Why Route 53: a failover must reach Route 53's control plane anyway to move the record,
 * so a lock kept there adds no dependency - unlike a DynamoDB table or S3 object, which
 * live in one region (perhaps the one that is down). Atomicity comes from Route 53
 * itself: a CREATE of a record set that exists fails the whole batch, and a DELETE must
 * name the record's exact current value, so two runs can never both take the lock, and
 * breaking a lock removes only the holder that was inspected.
 */
import { DrctlError } from '../errors.js';
import type { DnsPort, RecordSet } from '../ports/dns.js';
import type { LockAcquireResult, LockHolder, LockPort } from '../ports/lock.js';

const LOCK_PREFIX = '_drctl-lock.';
/** Public: anyone can query the zone. No user or host name (they stay in the journal). */
const FIELDS = ['runId', 'startedAt'] as const;

/**
 * The lock record's name. Keys are `zone/name/type` (the engine's lockKeyFor) or a bare
 * record name. One lock per name, whatever the type: an A and an AAAA failover of the
 * same host at once would be a mistake too.
 */
export function lockRecordName(key: string): string {
  const name = key.includes('/') ? (key.split('/')[1] ?? key) : key;
  return `${LOCK_PREFIX}${name.toLowerCase().replace(/\.$/, '')}.`;
}

/** TXT values are quoted strings of at most 255 characters each; ours is one short string. */
export function encodeHolder(h: LockHolder): string {
  const text = FIELDS.map((k) => `${k}=${String(h[k]).replace(/[";\\\s]/g, '_')}`).join(';');
  return `"${text.slice(0, 250)}"`;
}

export function decodeHolder(value: string): LockHolder | undefined {
  const text = value.replace(/^"|"$/g, '');
  const pairs = Object.fromEntries(text.split(';').map((kv) => kv.split('=', 2) as [string, string]));
  if (!FIELDS.every((k) => typeof pairs[k] === 'string')) return undefined;
  return { runId: pairs.runId!, startedAt: pairs.startedAt! };
}

function lockSet(key: string, h: LockHolder): RecordSet {
  return { Name: lockRecordName(key), Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: encodeHolder(h) }] };
}

/** Route 53 refuses a CREATE of an existing set / DELETE of a changed one with InvalidChangeBatch. */
function isConflict(e: unknown): boolean {
  const cause = (e as { cause?: { name?: string } }).cause;
  return cause?.name === 'InvalidChangeBatch';
}

export class Route53Lock implements LockPort {
  constructor(
    private readonly dns: DnsPort,
    private readonly zoneId: string,
  ) {}

  private async current(
    key: string,
  ): Promise<{ set: RecordSet; holder: LockHolder | undefined } | undefined> {
    const [set] = await this.dns.listRecordSets(this.zoneId, lockRecordName(key), 'TXT');
    if (!set) return undefined;
    return { set, holder: decodeHolder(set.ResourceRecords?.[0]?.Value ?? '') };
  }

  async acquire(key: string, holder: LockHolder): Promise<LockAcquireResult> {
    try {
      await this.dns.changeRecordSets(
        this.zoneId,
        [{ Action: 'CREATE', ResourceRecordSet: lockSet(key, holder) }],
        `drctl lock ${holder.runId}`,
      );
      return { acquired: true };
    } catch (e) {
      if (!isConflict(e)) throw e;
      return { acquired: false, heldBy: (await this.current(key))?.holder };
    }
  }

  async read(key: string): Promise<LockHolder | undefined> {
    return (await this.current(key))?.holder;
  }

  async release(key: string, runId: string): Promise<void> {
    const cur = await this.current(key);
    if (!cur || cur.holder?.runId !== runId) return; // not ours (broken and re-taken): leave it
    await this.remove(key, cur.set, runId);
  }

  async breakLock(key: string, expected: LockHolder): Promise<void> {
    const cur = await this.current(key);
    if (!cur) return;
    if (cur.holder?.runId !== expected.runId) {
      throw new DrctlError(
        'LOCK_HELD',
        `The lock on ${key} changed hands while it was being broken (now run ${cur.holder?.runId ?? 'unknown'}); check \`drctl runs\` again.`,
      );
    }
    await this.remove(key, cur.set, expected.runId);
  }

  private async remove(key: string, set: RecordSet, runId: string): Promise<void> {
    try {
      await this.dns.changeRecordSets(
        this.zoneId,
        [{ Action: 'DELETE', ResourceRecordSet: set }],
        `drctl unlock ${runId}`,
      );
    } catch (e) {
      // The DELETE may have been applied and only its answer lost: the SDK's retry then
      // finds nothing to delete. A lock that is gone is released, whoever removed it.
      if (isConflict(e) && !(await this.current(key))) return;
      if (isConflict(e)) {
        throw new DrctlError(
          'LOCK_HELD',
          `The lock on ${key} changed while it was being removed; check \`drctl runs\` and try again.`,
          { cause: e },
        );
      }
      throw e;
    }
  }
}
