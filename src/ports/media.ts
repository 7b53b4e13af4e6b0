/**
 * Media port: read-only looks at the S3 media bucket, its replication rules and its
 * replica in the recovery region. Nothing here mutates: these back preflight checks.
 */

export interface BucketLocation {
  exists: boolean;
  /** Region the bucket lives in (from HeadBucket's `x-amz-bucket-region`). */
  region?: string;
}

export interface ReplicationRule {
  id?: string;
  /** `Enabled` or `Disabled`, as S3 says. */
  status: string;
  priority?: number;
  /** Key prefix the rule replicates; `''` for the whole bucket. */
  prefix: string;
  /** Destination bucket ARN: `arn:aws:s3:::<name>`. */
  destinationBucketArn: string;
  /** KMS key the replica is encrypted with in the destination region. */
  replicaKmsKeyId?: string;
  /** Does the rule replicate SSE-KMS encrypted objects (off by default in S3)? */
  replicatesKmsObjects: boolean;
  /** S3 Replication Time Control (15-minute SLA) enabled. */
  replicationTimeControl: boolean;
  /** Replication metrics enabled (CloudWatch ReplicationLatency and friends). */
  metrics: boolean;
  /** Delete markers replicated. */
  deleteMarkers: boolean;
}

export interface ReplicationConfig {
  /** IAM role S3 assumes to replicate. */
  role: string;
  rules: ReplicationRule[];
}

export interface ObjectInfo {
  lastModified: Date;
  /** `COMPLETED`/`PENDING`/`FAILED` on a source object, `REPLICA` on a replica. */
  replicationStatus?: string;
  etag?: string;
}

export interface MediaPort {
  locateBucket(region: string, bucket: string): Promise<BucketLocation>;
  /** `undefined` when the bucket has no replication configuration. */
  replication(region: string, bucket: string): Promise<ReplicationConfig | undefined>;
  /** HeadObject; `undefined` when the key does not exist. */
  headObject(region: string, bucket: string, key: string): Promise<ObjectInfo | undefined>;
  /**
   * Newest LastModified among the first `maxKeys` keys under `prefix` (one ListObjectsV2
   * page). A sample, not the bucket's newest: S3 lists by key, never by time.
   */
  newestInSample(region: string, bucket: string, prefix: string, maxKeys: number): Promise<Date | undefined>;
}
