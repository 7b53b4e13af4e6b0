/**
 * Cleanup port: the few mutations a drill's teardown needs beyond CloudFormation, for the
 * resources the blueprint retains on purpose (media bucket and KMS keys: `Retain`; Aurora:
 * a final snapshot) and the snapshot copies a drill makes. Real failovers never call it.
 */

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable' | string;

export interface StackResource {
  logicalId: string;
  /** CloudFormation type, e.g. `AWS::S3::Bucket`. */
  type: string;
  /** Bucket name, key id, cluster identifier...; absent before the resource exists. */
  physicalId?: string;
}

export interface DrillCleanupPort {
  /**
   * The resources of a stack (DescribeStackResources), whatever its status: unlike the
   * outputs, they name what a half-created stack made too. `[]` when there is no stack.
   */
  stackResources(region: string, stack: string): Promise<StackResource[]>;
  /** Whether the bucket still exists (HeadBucket). */
  bucketExists(region: string, bucket: string): Promise<boolean>;
  /**
   * Deletes every object version and delete marker (the media bucket is versioned), then
   * the bucket. Resolves `absent` when there was no bucket.
   */
  emptyAndDeleteBucket(region: string, bucket: string): Promise<'deleted' | 'absent'>;
  /** `undefined` when the key does not exist (or was deleted already). */
  keyState(region: string, keyId: string): Promise<KeyState | undefined>;
  /**
   * Schedules deletion after `pendingWindowDays` (KMS allows 7–30; a key cannot be deleted
   * at once). Resolves with the date it will be deleted.
   */
  scheduleKeyDeletion(region: string, keyId: string, pendingWindowDays: number): Promise<Date | undefined>;
  /** Deletes a manual cluster snapshot by identifier. */
  deleteClusterSnapshot(region: string, snapshotId: string): Promise<void>;
}
