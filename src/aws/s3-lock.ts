/**
 * LockPort on an S3 object (`lock.store: s3`), for runs that must not touch Route 53's
 * control plane: the bucket sits in a region the config names (neither the primary nor a
 * target), so the lock outlives the region that fails.
 *
 * Atomicity comes from S3's conditional requests
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html and
 * .../conditional-deletes.html):
 * - take: PutObject with `If-None-Match: *` writes only when no object has the key; S3
 *   answers 412 PreconditionFailed when one exists (the lock is held), and 409
 *   ConditionalRequestConflict when a concurrent write raced it ("retry the upload").
 * - release / break: DeleteObject with `If-Match: <ETag>`, supported by general purpose
 *   buckets: it deletes only the object whose body we read and found to be ours (or the
 *   holder being broken); 412 when the object changed meanwhile. There is no window in
 *   which another run's lock could be deleted.
 * The body publishes only `runId` and `startedAt`, as the Route 53 lock does.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DrctlError } from '../errors.js';
import type { LockAcquireResult, LockHolder, LockPort } from '../ports/lock.js';
import type { RetryPolicy } from '../ports/retry.js';
import { callAws } from './call.js';
import type { ClientFactory } from './clients.js';

export interface S3LockSettings {
  bucket: string;
  /** The bucket's region. */
  region: string;
  /** Key prefix of the lock objects, e.g. `drctl/locks/`. */
  prefix: string;
}

/**
 * The lock object's key. Lock keys are `zone/name/type` (the engine's lockKeyFor) or a bare
 * record name: one lock per record name whatever the type, as with the Route 53 lock.
 */
function lockObjectKey(prefix: string, key: string): string {
  const name = key.includes('/') ? (key.split('/')[1] ?? key) : key;
  return `${prefix}${name.toLowerCase().replace(/\.$/, '')}.json`;
}

/** Races a conditional request can lose, retried here (S3: 409 "retry the upload"). */
const RACE_ATTEMPTS = 3;

/** S3's answer to a conditional request, wherever it is in a wrapped error. */
function s3Outcome(e: unknown): 'held' | 'race' | 'missing' | undefined {
  for (
    let x = e as { name?: string; cause?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
    x;
  ) {
    const status = x.$metadata?.httpStatusCode;
    if (x.name === 'PreconditionFailed' || status === 412) return 'held';
    if (x.name === 'ConditionalRequestConflict' || status === 409) return 'race';
    if (x.name === 'NoSuchKey' || x.name === 'NotFound' || status === 404) return 'missing';
    x = x.cause as typeof x;
  }
  return undefined;
}

function decode(body: string): LockHolder | undefined {
  try {
    const v = JSON.parse(body) as Partial<LockHolder>;
    if (typeof v.runId === 'string' && typeof v.startedAt === 'string')
      return { runId: v.runId, startedAt: v.startedAt };
  } catch {
    // Not ours to interpret: reported as held by an unknown run.
  }
  return undefined;
}

export class S3Lock implements LockPort {
  private readonly client: S3Client;
  private readonly retry: RetryPolicy;

  constructor(
    factory: ClientFactory,
    private readonly settings: S3LockSettings,
  ) {
    this.client = factory.s3(settings.region);
    this.retry = factory.retry;
  }

  async acquire(key: string, holder: LockHolder): Promise<LockAcquireResult> {
    const Key = this.keyOf(key);
    const body = JSON.stringify({ runId: holder.runId, startedAt: holder.startedAt });
    for (let attempt = 1; ; attempt++) {
      try {
        await callAws(
          `S3 PutObject ${this.uri(Key)} (lock)`,
          () =>
            this.client.send(
              new PutObjectCommand({
                Bucket: this.settings.bucket,
                Key,
                Body: body,
                ContentType: 'application/json',
                IfNoneMatch: '*',
              }),
            ),
          this.retry,
        );
        return { acquired: true };
      } catch (e) {
        const outcome = s3Outcome(e);
        if (outcome === 'race' && attempt < RACE_ATTEMPTS) continue;
        if (outcome !== 'held') throw e;
        const cur = await this.current(Key);
        // A retried PutObject whose first attempt landed finds its own lock: it is ours.
        if (cur?.holder?.runId === holder.runId) return { acquired: true };
        // Released between our write and our read: try again rather than report no holder.
        if (!cur && attempt < RACE_ATTEMPTS) continue;
        return { acquired: false, heldBy: cur?.holder };
      }
    }
  }

  async read(key: string): Promise<LockHolder | undefined> {
    return (await this.current(this.keyOf(key)))?.holder;
  }

  async release(key: string, runId: string): Promise<void> {
    const Key = this.keyOf(key);
    const cur = await this.current(Key);
    if (!cur || cur.holder?.runId !== runId) return; // not ours (broken and re-taken): leave it
    await this.remove(key, Key, cur.etag);
  }

  async breakLock(key: string, expected: LockHolder): Promise<void> {
    const Key = this.keyOf(key);
    const cur = await this.current(Key);
    if (!cur) return;
    if (cur.holder?.runId !== expected.runId) {
      throw new DrctlError(
        'LOCK_HELD',
        `The lock on ${key} changed hands while it was being broken (now run ${cur.holder?.runId ?? 'unknown'}); check \`drctl runs\` again.`,
      );
    }
    await this.remove(key, Key, cur.etag);
  }

  /** DeleteObject only if the object is still the one read (its ETag). */
  private async remove(key: string, Key: string, etag: string | undefined): Promise<void> {
    // S3 always returns an ETag; without one the delete would be unconditional.
    if (!etag)
      throw new DrctlError(
        'INTERNAL',
        `S3 returned no ETag for ${this.uri(Key)}; the lock is left in place.`,
      );
    try {
      await callAws(
        `S3 DeleteObject ${this.uri(Key)} (lock)`,
        () => this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key, IfMatch: etag })),
        this.retry,
      );
    } catch (e) {
      const outcome = s3Outcome(e);
      if (outcome === undefined) throw e;
      // A delete applied whose answer was lost, then retried, finds nothing (or no match):
      // a lock that is gone is released, whoever removed it.
      if (!(await this.current(Key))) return;
      throw new DrctlError(
        'LOCK_HELD',
        `The lock on ${key} changed while it was being removed; check \`drctl runs\` and try again.`,
        { cause: e },
      );
    }
  }

  private async current(
    Key: string,
  ): Promise<{ holder: LockHolder | undefined; etag: string | undefined } | undefined> {
    try {
      return await callAws(
        `S3 GetObject ${this.uri(Key)} (lock)`,
        async () => {
          const r = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key }));
          return { holder: decode((await r.Body?.transformToString()) ?? ''), etag: r.ETag };
        },
        this.retry,
      );
    } catch (e) {
      if (s3Outcome(e) === 'missing') return undefined;
      throw e;
    }
  }

  private keyOf(key: string): string {
    return lockObjectKey(this.settings.prefix, key);
  }

  private uri(Key: string): string {
    return `s3://${this.settings.bucket}/${Key}`;
  }
}
