import { describe, expect, it } from 'vitest';
import { checkMedia, type MediaCheckInput } from '../../../src/engine/data/media-check.js';
import type { MediaPort, ObjectInfo, ReplicationConfig, ReplicationRule } from '../../../src/ports/media.js';
import { FakeClock } from '../../fakes/clock.js';
import { MIN, T0 } from './fakes.js';

const input: MediaCheckInput = {
  sourceRegion: 'us-east-1',
  sourceBucket: 'shop-media',
  targetRegion: 'us-west-2',
  replicaBucket: 'shop-media-dr',
  heartbeatKey: 'drctl/heartbeat',
  maxLagMinutes: 30,
};

const rule = (over: Partial<ReplicationRule> = {}): ReplicationRule => ({
  id: 'to-dr',
  status: 'Enabled',
  prefix: '',
  destinationBucketArn: 'arn:aws:s3:::shop-media-dr',
  replicaKmsKeyId: 'arn:aws:kms:us-west-2:1:key/k',
  replicatesKmsObjects: true,
  replicationTimeControl: true,
  metrics: true,
  deleteMarkers: false,
  ...over,
});

/** A read-only fake: every method records its call; there is nothing to mutate. */
function fakeMedia(over: {
  exists?: boolean;
  replication?: ReplicationConfig | undefined | Error;
  replica?: ObjectInfo;
  source?: ObjectInfo;
  sample?: Date;
}): MediaPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async locateBucket(region, bucket) {
      calls.push(`locate ${region} ${bucket}`);
      return over.exists === false ? { exists: false } : { exists: true, region };
    },
    async replication(region, bucket) {
      calls.push(`replication ${region} ${bucket}`);
      if (over.replication instanceof Error) throw over.replication;
      return 'replication' in over ? over.replication : { role: 'r', rules: [rule()] };
    },
    async headObject(region) {
      calls.push(`head ${region}`);
      return region === input.targetRegion ? over.replica : over.source;
    },
    async newestInSample(region) {
      calls.push(`sample ${region}`);
      return over.sample;
    },
  };
}

const fresh: ObjectInfo = { lastModified: new Date(T0 - 5 * MIN), replicationStatus: 'REPLICA' };

describe('checkMedia', () => {
  it('passes with the replica present, an enabled rule, and a fresh heartbeat', async () => {
    const m = fakeMedia({
      replica: fresh,
      source: { lastModified: new Date(T0), replicationStatus: 'COMPLETED' },
    });
    const r = await checkMedia(input, m, new FakeClock(T0));
    expect(r.ok).toBe(true);
    expect(r.lastReplicatedAt).toEqual(fresh.lastModified);
    expect(r.findings.map((f) => f.message)).toEqual([
      'Replica bucket shop-media-dr exists in us-west-2.',
      'shop-media replicates every object to shop-media-dr with Replication Time Control.',
      'Heartbeat drctl/heartbeat in the replica is 5m old (limit 30m).',
    ]);
  });

  it('fails when the replica bucket is missing or replication is off', async () => {
    const r = await checkMedia(
      input,
      fakeMedia({ exists: false, replication: undefined, replica: fresh }),
      new FakeClock(T0),
    );
    expect(r.ok).toBe(false);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([
      'Replica bucket shop-media-dr does not exist.',
      'Bucket shop-media has no replication rule toward shop-media-dr.',
    ]);
    const d = await checkMedia(
      input,
      fakeMedia({ replication: { role: 'r', rules: [rule({ status: 'Disabled' })] }, replica: fresh }),
      new FakeClock(T0),
    );
    expect(d.findings.find((f) => f.severity === 'error')?.message).toBe(
      'The replication rule to-dr toward shop-media-dr is Disabled.',
    );
  });

  it('flags a stale heartbeat, a FAILED source object, and KMS objects left out', async () => {
    const m = fakeMedia({
      replication: { role: 'r', rules: [rule({ replicatesKmsObjects: false })] },
      replica: { lastModified: new Date(T0 - 2 * 60 * MIN) },
      source: { lastModified: new Date(T0), replicationStatus: 'FAILED' },
    });
    const r = await checkMedia(input, m, new FakeClock(T0));
    expect(r.ok).toBe(false);
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => [f.severity, f.message])).toEqual([
      ['warning', 'The rule does not replicate SSE-KMS encrypted objects.'],
      ['error', 'Heartbeat drctl/heartbeat in the replica is 2h old (limit 30m).'],
      ['error', 'S3 reports replication of drctl/heartbeat FAILED.'],
    ]);
  });

  it('only warns when the source region does not answer (the outage itself)', async () => {
    const m = fakeMedia({ replication: new Error('connect ETIMEDOUT'), replica: fresh });
    const r = await checkMedia(input, m, new FakeClock(T0));
    expect(r.ok).toBe(true);
    expect(r.findings[1]).toEqual({
      check: 'replication-rule',
      severity: 'warning',
      message: 'Could not read the replication of shop-media: connect ETIMEDOUT',
    });
  });

  it('without a heartbeat key, samples the replica and never fails on the sample alone', async () => {
    const { heartbeatKey: _, ...noHeartbeat } = input;
    const m = fakeMedia({ sample: new Date(T0 - 3 * 60 * MIN) });
    const r = await checkMedia(noHeartbeat, m, new FakeClock(T0));
    expect(r.ok).toBe(true);
    expect(r.findings.at(-1)).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/3h old \(a sample/),
    });
    expect(m.calls).toContain('sample us-west-2');
  });
});
