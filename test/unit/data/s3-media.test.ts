import {
  GetBucketReplicationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { S3Media } from '../../../src/aws/s3-media.js';
import { noWait } from '../../helpers/retry.js';

const s3 = mockClient(S3Client);
const media = () => new S3Media(new ClientFactory({ endpointUrl: 'http://127.0.0.1:1', retry: noWait }));
const err = (name: string, status: number, extra = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });

beforeEach(() => s3.reset());

describe('S3Media', () => {
  it('locates a bucket: here, missing, or in another region', async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-west-2' });
    expect(await media().locateBucket('us-west-2', 'b')).toEqual({ exists: true, region: 'us-west-2' });
    s3.on(HeadBucketCommand).rejects(err('NotFound', 404));
    expect(await media().locateBucket('us-west-2', 'b')).toEqual({ exists: false });
    s3.on(HeadBucketCommand).rejects(
      err('PermanentRedirect', 301, { $response: { headers: { 'x-amz-bucket-region': 'eu-west-1' } } }),
    );
    expect(await media().locateBucket('us-west-2', 'b')).toEqual({ exists: true, region: 'eu-west-1' });
  });

  it('reads replication rules, wherever S3 put the prefix', async () => {
    s3.on(GetBucketReplicationCommand).resolves({
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::1:role/r',
        Rules: [
          {
            ID: 'to-dr',
            Status: 'Enabled',
            Priority: 1,
            Filter: { And: { Prefix: 'media/' } },
            Destination: {
              Bucket: 'arn:aws:s3:::shop-media-dr',
              EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:1:key/k' },
              ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              Metrics: { Status: 'Enabled' },
            },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            DeleteMarkerReplication: { Status: 'Disabled' },
          },
        ],
      },
    });
    expect(await media().replication('us-east-1', 'shop-media')).toEqual({
      role: 'arn:aws:iam::1:role/r',
      rules: [
        {
          id: 'to-dr',
          status: 'Enabled',
          priority: 1,
          prefix: 'media/',
          destinationBucketArn: 'arn:aws:s3:::shop-media-dr',
          replicaKmsKeyId: 'arn:aws:kms:us-west-2:1:key/k',
          replicatesKmsObjects: true,
          replicationTimeControl: true,
          metrics: true,
          deleteMarkers: false,
        },
      ],
    });
  });

  it('says "no replication" as undefined, and retries throttling', async () => {
    s3.on(GetBucketReplicationCommand)
      .rejectsOnce(err('SlowDown', 503))
      .rejectsOnce(err('ReplicationConfigurationNotFoundError', 404));
    expect(await media().replication('us-east-1', 'b')).toBeUndefined();
    expect(s3.commandCalls(GetBucketReplicationCommand)).toHaveLength(2);
  });

  it('heads objects (undefined when missing) and samples the newest LastModified', async () => {
    s3.on(HeadObjectCommand).resolves({
      LastModified: new Date('2026-11-30T11:55:00Z'),
      ReplicationStatus: 'REPLICA',
    });
    expect(await media().headObject('us-west-2', 'b', 'hb')).toEqual({
      lastModified: new Date('2026-11-30T11:55:00Z'),
      replicationStatus: 'REPLICA',
    });
    s3.on(HeadObjectCommand).rejects(err('NotFound', 404));
    expect(await media().headObject('us-west-2', 'b', 'hb')).toBeUndefined();
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 'a', LastModified: new Date('2026-11-30T10:00:00Z') },
        { Key: 'b', LastModified: new Date('2026-11-30T11:00:00Z') },
      ],
    });
    expect(await media().newestInSample('us-west-2', 'b', '', 1000)).toEqual(
      new Date('2026-11-30T11:00:00Z'),
    );
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({
      Bucket: 'b',
      Prefix: '',
      MaxKeys: 1000,
    });
  });
});
