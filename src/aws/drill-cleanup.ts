/**
 * DrillCleanupPort on AWS: DescribeStackResources, S3 (empty a versioned bucket, delete
 * it), KMS (key state, schedule deletion) and RDS (delete a cluster snapshot).
 */
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { DeleteDBClusterSnapshotCommand } from '@aws-sdk/client-rds';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import type { DrillCleanupPort, KeyState, StackResource } from '../ports/drill-cleanup.js';
import { type AwsFault, orMissing } from './call.js';
import type { ClientFactory } from './clients.js';

/** Its HTTP status, its name or its text says "not there". */
const missing =
  (...names: string[]) =>
  (f: AwsFault): boolean =>
    f.$metadata?.httpStatusCode === 404 ||
    names.includes(f.name ?? '') ||
    /does not exist/i.test(f.message ?? '');

export class AwsDrillCleanup implements DrillCleanupPort {
  constructor(private readonly clients: ClientFactory) {}

  async stackResources(region: string, stack: string): Promise<StackResource[]> {
    const out = await orMissing(
      this.clients.call(`CloudFormation DescribeStackResources ${stack} in ${region}`, () =>
        this.clients.cloudFormation(region).send(new DescribeStackResourcesCommand({ StackName: stack })),
      ),
      missing('ValidationError'),
    );
    return (out?.StackResources ?? []).map((r) => ({
      logicalId: r.LogicalResourceId ?? '',
      type: r.ResourceType ?? '',
      ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}),
    }));
  }

  async bucketExists(region: string, bucket: string): Promise<boolean> {
    const found = await orMissing(
      this.clients.call(`S3 HeadBucket ${bucket}`, () =>
        this.clients.s3(region).send(new HeadBucketCommand({ Bucket: bucket })),
      ),
      missing('NotFound', 'NoSuchBucket'),
    );
    return found !== undefined;
  }

  async emptyAndDeleteBucket(region: string, bucket: string): Promise<'deleted' | 'absent'> {
    if (!(await this.bucketExists(region, bucket))) return 'absent';
    const s3 = this.clients.s3(region);
    // Versioned: every version and delete marker must go, 1000 per DeleteObjects call.
    for (;;) {
      const page = await this.clients.call(`S3 ListObjectVersions ${bucket}`, () =>
        s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 })),
      );
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key ?? '',
        ...(v.VersionId ? { VersionId: v.VersionId } : {}),
      }));
      if (objects.length === 0) break;
      await this.clients.call(`S3 DeleteObjects ${bucket}`, () =>
        s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } })),
      );
    }
    await this.clients.call(`S3 DeleteBucket ${bucket}`, () =>
      s3.send(new DeleteBucketCommand({ Bucket: bucket })),
    );
    return 'deleted';
  }

  async keyState(region: string, keyId: string): Promise<KeyState | undefined> {
    const out = await orMissing(
      this.clients.call(`KMS DescribeKey ${keyId}`, () =>
        this.clients.kms(region).send(new DescribeKeyCommand({ KeyId: keyId })),
      ),
      missing('NotFoundException'),
    );
    return out?.KeyMetadata?.KeyState;
  }

  async scheduleKeyDeletion(
    region: string,
    keyId: string,
    pendingWindowDays: number,
  ): Promise<Date | undefined> {
    const out = await this.clients.call(`KMS ScheduleKeyDeletion ${keyId}`, () =>
      this.clients
        .kms(region)
        .send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: pendingWindowDays })),
    );
    return out.DeletionDate;
  }

  async deleteClusterSnapshot(region: string, snapshotId: string): Promise<void> {
    await orMissing(
      this.clients.call(`RDS DeleteDBClusterSnapshot ${snapshotId} in ${region}`, () =>
        this.clients
          .rds(region)
          .send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: snapshotId })),
      ),
      missing('DBClusterSnapshotNotFoundFault'),
    );
  }
}
