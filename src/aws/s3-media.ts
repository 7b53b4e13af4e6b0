/** MediaPort on S3: read-only (HeadBucket, GetBucketReplication, HeadObject, ListObjectsV2). */
import {
  GetBucketReplicationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ReplicationRule as SdkRule,
} from '@aws-sdk/client-s3';
import type {
  BucketLocation,
  MediaPort,
  ObjectInfo,
  ReplicationConfig,
  ReplicationRule,
} from '../ports/media.js';
import { type AwsFault, awsFault, named, orMissing } from './call.js';
import type { ClientFactory } from './clients.js';

/** HEAD requests have no body, so only the status tells. */
const notFound =
  (...names: string[]) =>
  (f: AwsFault): boolean =>
    f.$metadata?.httpStatusCode === 404 || names.includes(f.name ?? '');

function toRule(r: SdkRule): ReplicationRule {
  const d = r.Destination;
  // The prefix sits in Filter.Prefix, Filter.And.Prefix, or the legacy top-level Prefix.
  const prefix = r.Filter?.Prefix ?? r.Filter?.And?.Prefix ?? r.Prefix ?? '';
  return {
    ...(r.ID ? { id: r.ID } : {}),
    status: r.Status ?? 'Disabled',
    ...(r.Priority !== undefined ? { priority: r.Priority } : {}),
    prefix,
    destinationBucketArn: d?.Bucket ?? '',
    ...(d?.EncryptionConfiguration?.ReplicaKmsKeyID
      ? { replicaKmsKeyId: d.EncryptionConfiguration.ReplicaKmsKeyID }
      : {}),
    replicatesKmsObjects: r.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled',
    replicationTimeControl: d?.ReplicationTime?.Status === 'Enabled',
    metrics: d?.Metrics?.Status === 'Enabled',
    deleteMarkers: r.DeleteMarkerReplication?.Status === 'Enabled',
  };
}

export class S3Media implements MediaPort {
  constructor(private readonly clients: ClientFactory) {}

  async locateBucket(region: string, bucket: string): Promise<BucketLocation> {
    try {
      const out = await this.clients.call(`S3 HeadBucket ${bucket} in ${region}`, () =>
        this.clients.s3(region).send(new HeadBucketCommand({ Bucket: bucket })),
      );
      return { exists: true, region: out.BucketRegion ?? region };
    } catch (e) {
      const f = awsFault(e);
      if (notFound('NotFound', 'NoSuchBucket')(f)) return { exists: false };
      // Asked in the wrong region, S3 answers 301 with the bucket's region in a header.
      if (f.$metadata?.httpStatusCode === 301) {
        return { exists: true, region: f.$response?.headers?.['x-amz-bucket-region'] ?? 'another region' };
      }
      throw e;
    }
  }

  async replication(region: string, bucket: string): Promise<ReplicationConfig | undefined> {
    const out = await orMissing(
      this.clients.call(`S3 GetBucketReplication ${bucket} in ${region}`, () =>
        this.clients.s3(region).send(new GetBucketReplicationCommand({ Bucket: bucket })),
      ),
      named('ReplicationConfigurationNotFoundError'),
    );
    const c = out?.ReplicationConfiguration;
    return c ? { role: c.Role ?? '', rules: (c.Rules ?? []).map(toRule) } : undefined;
  }

  async headObject(region: string, bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const out = await orMissing(
      this.clients.call(`S3 HeadObject s3://${bucket}/${key} in ${region}`, () =>
        this.clients.s3(region).send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      ),
      notFound('NotFound', 'NoSuchKey'),
    );
    if (!out) return undefined;
    return {
      lastModified: out.LastModified ?? new Date(0),
      ...(out.ReplicationStatus ? { replicationStatus: out.ReplicationStatus } : {}),
      ...(out.ETag ? { etag: out.ETag } : {}),
    };
  }

  async newestInSample(
    region: string,
    bucket: string,
    prefix: string,
    maxKeys: number,
  ): Promise<Date | undefined> {
    const out = await this.clients.call(`S3 ListObjectsV2 s3://${bucket}/${prefix} in ${region}`, () =>
      this.clients
        .s3(region)
        .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: maxKeys })),
    );
    let newest: Date | undefined;
    for (const o of out.Contents ?? []) {
      if (o.LastModified && (!newest || o.LastModified > newest)) newest = o.LastModified;
    }
    return newest;
  }
}
