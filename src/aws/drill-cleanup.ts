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
import { callAws } from './call.js';
import type { ClientFactory } from './clients.js';

/** callAws keeps the SDK error as `cause`: its name or HTTP status says "not there". */
function isMissing(e: unknown, ...names: string[]): boolean {
  const c = ((e as { cause?: unknown }).cause ?? e) as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return (
    c.$metadata?.httpStatusCode === 404 ||
    names.includes(c.name ?? '') ||
    /does not exist/i.test(c.message ?? '')
  );
}

export class AwsDrillCleanup implements DrillCleanupPort {
  constructor(private readonly clients: ClientFactory) {}

  async stackResources(region: string, stack: string): Promise<StackResource[]> {
    try {
      const out = await callAws(
        `CloudFormation DescribeStackResources ${stack} in ${region}`,
        () =>
          this.clients.cloudFormation(region).send(new DescribeStackResourcesCommand({ StackName: stack })),
        this.clients.retry,
      );
      return (out.StackResources ?? []).map((r) => ({
        logicalId: r.LogicalResourceId ?? '',
        type: r.ResourceType ?? '',
        ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}),
      }));
    } catch (e) {
      if (isMissing(e, 'ValidationError')) return [];
      throw e;
    }
  }

  async bucketExists(region: string, bucket: string): Promise<boolean> {
    try {
      await callAws(
        `S3 HeadBucket ${bucket}`,
        () => this.clients.s3(region).send(new HeadBucketCommand({ Bucket: bucket })),
        this.clients.retry,
      );
      return true;
    } catch (e) {
      if (isMissing(e, 'NotFound', 'NoSuchBucket')) return false;
      throw e;
    }
  }

  async emptyAndDeleteBucket(region: string, bucket: string): Promise<'deleted' | 'absent'> {
    if (!(await this.bucketExists(region, bucket))) return 'absent';
    const s3 = this.clients.s3(region);
    // Versioned: every version and delete marker must go, 1000 per DeleteObjects call.
    for (;;) {
      const page = await callAws(
        `S3 ListObjectVersions ${bucket}`,
        () => s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 })),
        this.clients.retry,
      );
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key ?? '',
        ...(v.VersionId ? { VersionId: v.VersionId } : {}),
      }));
      if (objects.length === 0) break;
      await callAws(
        `S3 DeleteObjects ${bucket}`,
        () =>
          s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } })),
        this.clients.retry,
      );
    }
    await callAws(
      `S3 DeleteBucket ${bucket}`,
      () => s3.send(new DeleteBucketCommand({ Bucket: bucket })),
      this.clients.retry,
    );
    return 'deleted';
  }

  async keyState(region: string, keyId: string): Promise<KeyState | undefined> {
    try {
      const out = await callAws(
        `KMS DescribeKey ${keyId}`,
        () => this.clients.kms(region).send(new DescribeKeyCommand({ KeyId: keyId })),
        this.clients.retry,
      );
      return out.KeyMetadata?.KeyState;
    } catch (e) {
      if (isMissing(e, 'NotFoundException')) return undefined;
      throw e;
    }
  }

  async scheduleKeyDeletion(
    region: string,
    keyId: string,
    pendingWindowDays: number,
  ): Promise<Date | undefined> {
    const out = await callAws(
      `KMS ScheduleKeyDeletion ${keyId}`,
      () =>
        this.clients
          .kms(region)
          .send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: pendingWindowDays })),
      this.clients.retry,
    );
    return out.DeletionDate;
  }

  async deleteClusterSnapshot(region: string, snapshotId: string): Promise<void> {
    try {
      await callAws(
        `RDS DeleteDBClusterSnapshot ${snapshotId} in ${region}`,
        () =>
          this.clients
            .rds(region)
            .send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: snapshotId })),
        this.clients.retry,
      );
    } catch (e) {
      if (!isMissing(e, 'DBClusterSnapshotNotFoundFault')) throw e;
    }
  }
}
