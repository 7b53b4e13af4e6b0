/**
 * The s3-object switch and the S3 lock against a scripted bucket (aws-sdk-client-mock) that
 * keeps S3's conditional-request rules: PutObject If-None-Match '*' fails 412 when the key
 * exists; DeleteObject If-Match fails 412 when the ETag differs and 404 when the key is gone
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html).
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { S3Lock } from '../../../src/aws/s3-lock.js';
import { S3ObjectSwitch } from '../../../src/aws/s3-object-switch.js';
import { noWait } from '../../helpers/retry.js';

const s3 = mockClient(S3Client);
const factory = new ClientFactory({ retry: noWait });
const s3err = (name: string, status: number) =>
  Object.assign(new Error(`${name} (${status})`), { name, $metadata: { httpStatusCode: status } });

/** key -> body and ETag; `log` lists each call as S3 saw it. */
let bucket: Map<string, { body: string; etag: string }>;
let log: string[];
let version: number;
/** Runs once before the next write reaches the bucket (a concurrent run's write). */
let beforeWrite: (() => void) | undefined;

beforeEach(() => {
  s3.reset();
  bucket = new Map();
  log = [];
  version = 0;
  beforeWrite = undefined;
  s3.on(GetObjectCommand).callsFake(async (i) => {
    log.push(`get ${i.Key}`);
    const o = bucket.get(i.Key);
    if (!o) throw s3err('NoSuchKey', 404);
    return { Body: { transformToString: async () => o.body }, ETag: o.etag };
  });
  s3.on(PutObjectCommand).callsFake(async (i) => {
    log.push(`put ${i.Key} ${i.Body}${i.IfNoneMatch ? ` if-none-match ${i.IfNoneMatch}` : ''}`);
    const race = beforeWrite;
    beforeWrite = undefined;
    race?.();
    if (i.IfNoneMatch === '*' && bucket.has(i.Key)) throw s3err('PreconditionFailed', 412);
    bucket.set(i.Key, { body: String(i.Body), etag: `"etag-${++version}"` });
    return { ETag: bucket.get(i.Key)!.etag };
  });
  s3.on(DeleteObjectCommand).callsFake(async (i) => {
    log.push(`delete ${i.Key}${i.IfMatch ? ` if-match ${i.IfMatch}` : ''}`);
    const o = bucket.get(i.Key);
    if (!o) throw s3err('NoSuchKey', 404);
    if (i.IfMatch && i.IfMatch !== o.etag) throw s3err('PreconditionFailed', 412);
    bucket.delete(i.Key);
    return {};
  });
});

describe('s3-object switch', () => {
  const settings = {
    bucket: 'acme-dr-switch',
    region: 'us-west-2',
    keys: { 'us-east-1': 'switch/us-east-1', 'ap-southeast-1': 'switch/ap-southeast-1' },
  };

  it('reads each region from its object body', async () => {
    bucket.set('switch/us-east-1', { body: 'on\n', etag: '"a"' });
    bucket.set('switch/ap-southeast-1', { body: 'off', etag: '"b"' });
    const sw = new S3ObjectSwitch(factory, settings);
    expect(await sw.read(['us-east-1', 'ap-southeast-1'])).toEqual({
      'us-east-1': 'On',
      'ap-southeast-1': 'Off',
    });
  });

  it('writes the target On before the old region Off, whatever order it was given', async () => {
    await new S3ObjectSwitch(factory, settings).set({ 'us-east-1': 'Off', 'ap-southeast-1': 'On' });
    expect(log).toEqual(['put switch/ap-southeast-1 on', 'put switch/us-east-1 off']);
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Bucket: 'acme-dr-switch', ContentType: 'text/plain' });
  });

  it('a missing object, a body neither on nor off, and an unknown region are one sentence each', async () => {
    const sw = new S3ObjectSwitch(factory, settings);
    await expect(sw.read(['us-east-1'])).rejects.toThrow(
      /^The switch object s3:\/\/acme-dr-switch\/switch\/us-east-1 for us-east-1 does not exist; deploy/,
    );
    bucket.set('switch/us-east-1', { body: '<html>', etag: '"a"' });
    await expect(sw.read(['us-east-1'])).rejects.toThrow('holds "<html>", neither "on" nor "off"');
    log = [];
    await expect(sw.set({ 'ap-southeast-1': 'On', 'eu-west-1': 'Off' })).rejects.toThrow(
      'switch.s3Object.keys names no object for eu-west-1.',
    );
    expect(log).toEqual([]);
  });
});

describe('S3 lock', () => {
  const settings = { bucket: 'acme-dr-locks', region: 'us-west-2', prefix: 'drctl/locks/' };
  const KEY = 'Z123/www.example.com./A';
  const OBJ = 'drctl/locks/www.example.com.json';
  const a = { runId: 'run-a', startedAt: '2026-12-01T07:00:00Z', holder: 'alice', host: 'laptop' };
  const b = { runId: 'run-b', startedAt: '2026-12-01T07:00:01Z' };

  it('takes the lock with If-None-Match *, publishing runId and startedAt only', async () => {
    expect(await new S3Lock(factory, settings).acquire(KEY, a)).toEqual({ acquired: true });
    expect(log).toEqual([`put ${OBJ} {"runId":"run-a","startedAt":"2026-12-01T07:00:00Z"} if-none-match *`]);
  });

  it('two concurrent acquirers: exactly one wins, the other is told who holds it', async () => {
    const lock = new S3Lock(factory, settings);
    const [ra, rb] = await Promise.all([lock.acquire(KEY, a), lock.acquire(KEY, b)]);
    const results = [ra, rb];
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    const winner = ra.acquired ? 'run-a' : 'run-b';
    expect(results.find((r) => !r.acquired)).toEqual({
      acquired: false,
      heldBy: { runId: winner, startedAt: winner === 'run-a' ? a.startedAt : b.startedAt },
    });
    expect(await lock.read(KEY)).toMatchObject({ runId: winner });
  });

  it('retries a 409 ConditionalRequestConflict, then reports the run that got in first', async () => {
    let conflicts = 1;
    s3.on(PutObjectCommand).callsFake(async (i) => {
      if (conflicts-- > 0) {
        bucket.set(i.Key, { body: JSON.stringify(b), etag: '"other"' });
        throw s3err('ConditionalRequestConflict', 409);
      }
      if (bucket.has(i.Key)) throw s3err('PreconditionFailed', 412);
      bucket.set(i.Key, { body: String(i.Body), etag: '"x"' });
      return {};
    });
    expect(await new S3Lock(factory, settings).acquire(KEY, a)).toEqual({ acquired: false, heldBy: b });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('a retried PutObject that finds its own first attempt holds the lock', async () => {
    bucket.set(OBJ, { body: JSON.stringify({ runId: 'run-a', startedAt: a.startedAt }), etag: '"1"' });
    expect(await new S3Lock(factory, settings).acquire(KEY, a)).toEqual({ acquired: true });
  });

  it('release deletes our lock by its ETag, and refuses (keeps) another run’s lock', async () => {
    const lock = new S3Lock(factory, settings);
    await lock.acquire(KEY, b);
    await lock.release(KEY, 'run-a');
    expect(await lock.read(KEY)).toEqual(b);
    expect(log.filter((l) => l.startsWith('delete'))).toEqual([]);

    await lock.release(KEY, 'run-b');
    expect(log.filter((l) => l.startsWith('delete'))).toEqual([`delete ${OBJ} if-match "etag-1"`]);
    expect(await lock.read(KEY)).toBeUndefined();
  });

  it('a lock re-taken between the read and the delete is not deleted (If-Match fails)', async () => {
    const lock = new S3Lock(factory, settings);
    await lock.acquire(KEY, a);
    // Another run breaks ours and takes it again after release() read the object.
    s3.on(DeleteObjectCommand).callsFakeOnce(async (i) => {
      bucket.set(OBJ, { body: JSON.stringify(b), etag: '"etag-99"' });
      if (i.IfMatch && i.IfMatch !== '"etag-99"') throw s3err('PreconditionFailed', 412);
      bucket.delete(OBJ);
      return {};
    });
    await expect(lock.release(KEY, 'run-a')).rejects.toMatchObject({ code: 'LOCK_HELD' });
    expect(await lock.read(KEY)).toEqual(b);
  });

  it('breaks a stale lock held by the expected run only', async () => {
    const lock = new S3Lock(factory, settings);
    await lock.acquire(KEY, b);
    await expect(lock.breakLock(KEY, { runId: 'run-a', startedAt: a.startedAt })).rejects.toThrow(
      'The lock on Z123/www.example.com./A changed hands while it was being broken (now run run-b)',
    );
    expect(await lock.read(KEY)).toEqual(b);
    await lock.breakLock(KEY, b);
    expect(await lock.read(KEY)).toBeUndefined();
    expect(await lock.acquire(KEY, a)).toEqual({ acquired: true });
    log = [];
    await lock.breakLock('other.example.com', b); // nothing there: nothing deleted
    expect(log).toEqual(['get drctl/locks/other.example.com.json']);
  });

  it('a release whose delete landed but whose answer was lost counts as released', async () => {
    const lock = new S3Lock(factory, settings);
    await lock.acquire(KEY, a);
    s3.on(DeleteObjectCommand).callsFakeOnce(async () => {
      bucket.delete(OBJ);
      throw s3err('NoSuchKey', 404);
    });
    await lock.release(KEY, 'run-a');
    expect(await lock.read(KEY)).toBeUndefined();
  });

  it('a concurrent write landing just before ours: ours is refused, the holder reported', async () => {
    const lock = new S3Lock(factory, settings);
    beforeWrite = () => bucket.set(OBJ, { body: JSON.stringify(b), etag: '"b"' });
    expect(await lock.acquire(KEY, a)).toEqual({ acquired: false, heldBy: b });
  });
});
