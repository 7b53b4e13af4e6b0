/**
 * The S3 lock and the s3-object switch against the emulator's S3 (moto), which enforces
 * PutObject If-None-Match and DeleteObject If-Match as S3 does
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html,
 * .../conditional-deletes.html): the adapters' conditional requests, over the wire.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { S3Lock } from '../../src/aws/s3-lock.js';
import { S3ObjectSwitch } from '../../src/aws/s3-object-switch.js';
import { type Emulator, startEmulator } from '../harness/emulator.js';

const REGION = 'us-west-2';
const holder = (runId: string) => ({ runId, startedAt: '2026-12-01T07:00:00.000Z', holder: 'op', host: 'h' });

describe('S3 lock and s3-object switch on the emulator', () => {
  let emulator: Emulator;
  let factory: ClientFactory;
  let s3: S3Client;
  const key = 'Z/www.example.com/A';

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    emulator = await startEmulator();
    factory = new ClientFactory({ endpointUrl: emulator.endpoint });
    s3 = factory.s3(REGION);
    for (const Bucket of ['acme-dr-locks', 'acme-dr-switch']) {
      await s3.send(
        new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
      );
    }
  });
  afterAll(async () => {
    factory?.destroy();
    await emulator?.stop();
  });

  it('of concurrent takers exactly one wins; the others learn who holds it; the body is runId and startedAt', async () => {
    const lock = new S3Lock(factory, { bucket: 'acme-dr-locks', region: REGION, prefix: 'drctl/locks/' });
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((id) => lock.acquire(key, holder(`run-${id}`))),
    );
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    const now = await lock.read(key);
    for (const r of results) if (!r.acquired) expect(r.heldBy).toEqual(now);
    const raw = await s3.send(
      new GetObjectCommand({ Bucket: 'acme-dr-locks', Key: 'drctl/locks/www.example.com.json' }),
    );
    expect(JSON.parse(await raw.Body!.transformToString())).toEqual(now);
    expect(Object.keys(now!)).toEqual(['runId', 'startedAt']);
  });

  it('is released only by its holder, and broken only if still held by the run inspected', async () => {
    const lock = new S3Lock(factory, { bucket: 'acme-dr-locks', region: REGION, prefix: 'drctl/locks/' });
    const current = (await lock.read(key))!;
    await lock.release(key, 'run-someone-else');
    expect(await lock.read(key)).toEqual(current);
    await expect(lock.breakLock(key, { ...current, runId: 'run-stale-view' })).rejects.toThrow(
      /changed hands/,
    );
    await lock.breakLock(key, current);
    expect(await lock.read(key)).toBeUndefined();
    expect(await lock.acquire(key, holder('run-next'))).toEqual({ acquired: true });
    await lock.release(key, 'run-next');
    expect(await lock.read(key)).toBeUndefined();
  });

  it('the switch flips by object bodies and reads them back', async () => {
    const keys = { 'us-east-1': 'switch/us-east-1', 'ap-southeast-1': 'switch/ap-southeast-1' };
    for (const [r, Key] of Object.entries(keys)) {
      await s3.send(
        new PutObjectCommand({ Bucket: 'acme-dr-switch', Key, Body: r === 'us-east-1' ? 'on' : 'off' }),
      );
    }
    const sw = new S3ObjectSwitch(factory, { bucket: 'acme-dr-switch', region: REGION, keys });
    expect(await sw.read(['us-east-1', 'ap-southeast-1'])).toEqual({
      'us-east-1': 'On',
      'ap-southeast-1': 'Off',
    });
    await sw.set({ 'us-east-1': 'Off', 'ap-southeast-1': 'On' });
    expect(await sw.read(['us-east-1', 'ap-southeast-1'])).toEqual({
      'us-east-1': 'Off',
      'ap-southeast-1': 'On',
    });
  });
});
