/** Media replication checked in the failover's preflight: refuse when not ready, unless --force. */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import type { MediaPort } from '../../../src/ports/media.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import { errorCode, expectLockReleased, expectNoDnsChange, settle } from './helpers.js';

const media = {
  sourceRegion: 'us-west-2',
  sourceBucket: 'shop-media',
  targetRegion: 'us-east-1',
  replicaBucket: 'shop-media-use1',
};

function port(replicaExists: boolean): MediaPort {
  return {
    locateBucket: async (region) => (replicaExists ? { exists: true, region } : { exists: false }),
    replication: async () => ({
      role: 'arn:aws:iam::1:role/r',
      rules: [
        {
          id: 'dr',
          status: 'Enabled',
          prefix: '',
          destinationBucketArn: 'arn:aws:s3:::shop-media-use1',
          replicatesKmsObjects: true,
          replicationTimeControl: true,
          metrics: true,
          deleteMarkers: false,
        },
      ],
    }),
    headObject: async () => undefined,
    newestInSample: async () => undefined,
  } as MediaPort;
}

describe('failover preflight: media', () => {
  it('refuses (exit 5) before any stack or DNS change when the replica bucket is missing', async () => {
    const w = createWorld('simple');
    w.ports.media = port(false);
    const r = await settle(failover(inputFor('simple', { media }), w.ports, w.sink));
    expect(errorCode(r)).toBe('REFUSED');
    expect(r.exit).toBe(5);
    expect((r.error as Error).message).toMatch(/^media is not ready in us-east-1: /);
    expect(w.stacks.stacks.size).toBe(0);
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('goes on with a warning under --force', async () => {
    const w = createWorld('simple');
    w.ports.media = port(false);
    const r = await settle(
      failover(inputFor('simple', { media, flags: { yes: true, force: true } }), w.ports, w.sink),
    );
    expect(r.outcome?.kind).toBe('flipped');
    expect(w.sink.of('warning').some((x) => x.message.startsWith('media (ignored with --force)'))).toBe(true);
  });

  it('passes when the replica exists and replication is enabled', async () => {
    const w = createWorld('simple');
    w.ports.media = port(true);
    const r = await settle(failover(inputFor('simple', { media }), w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
  });
});
