/**
 * Database port: Aurora cluster snapshots, Aurora Global Database and DB clusters, in any
 * region. Names are camelCase; the AWS identifiers (snapshot ids, ARNs, statuses) are kept
 * verbatim because they are passed back to AWS (a template parameter, a copy source).
 */

/** How a snapshot came to be, as RDS reports it in `SnapshotType`. */
type SnapshotType = 'automated' | 'manual' | 'awsbackup' | 'shared' | 'public';

export interface ClusterSnapshot {
  /** `DBClusterSnapshotIdentifier`: a name, or `awsbackup:job-...` for AWS Backup. */
  id: string;
  /** `DBClusterSnapshotArn`: what a cross-region copy or a shared restore must name. */
  arn: string;
  /** The region the snapshot lives in (where it was listed). */
  region: string;
  /** `DBClusterIdentifier` of the cluster it was taken from. */
  clusterId: string;
  /** `SnapshotCreateTime`. */
  createdAt: Date;
  /** RDS status: `available`, `creating`, `copying`, `failed`... */
  status: string;
  type: SnapshotType | string;
  /** 0–100 while creating or copying. */
  percentProgress?: number;
  encrypted: boolean;
  kmsKeyId?: string;
  /** Set on copies: the snapshot this one was copied from. */
  sourceSnapshotArn?: string;
  /** Region of `sourceSnapshotArn`, when it is a copy from another region. */
  sourceRegion?: string;
  engine?: string;
  /** `EngineVersion`: what a restore from it must ask for (RDS otherwise uses the Region's default). */
  engineVersion?: string;
}

export interface CopySnapshotRequest {
  /** ARN of the snapshot in the source region (an ARN is what makes it cross-region). */
  sourceArn: string;
  /** Where the copy is made. */
  targetRegion: string;
  /** Name of the copy: 1–63 letters, digits, single hyphens, starting with a letter. */
  targetId: string;
  /** KMS key in the target region; required for an encrypted source. */
  kmsKeyId?: string;
  tags?: Record<string, string>;
}

type GlobalMemberSync = 'connected' | 'pending-resync';

export interface GlobalClusterMember {
  clusterArn: string;
  /** Parsed from `clusterArn`. */
  region: string;
  isWriter: boolean;
  /** `SynchronizationStatus`: `pending-resync` means this secondary cannot take over yet. */
  synchronization?: GlobalMemberSync | string;
  /**
   * Replication lag of this secondary, seconds, when the adapter can read it. RDS's own
   * API does not return it (it is the CloudWatch metric AuroraGlobalDBReplicationLag).
   */
  lagSeconds?: number;
}

interface GlobalClusterFailoverState {
  /** `pending`, `failing-over` or `cancelling`: a switchover or failover is under way. */
  status: string;
  fromClusterArn?: string;
  toClusterArn?: string;
  dataLossAllowed: boolean;
}

export interface GlobalCluster {
  id: string;
  arn: string;
  /** `available`, `failing-over`, `modifying`... */
  status: string;
  engine?: string;
  /** `EngineVersion`: what a new secondary must run (Aurora Global Database). */
  engineVersion?: string;
  members: GlobalClusterMember[];
  /** Present while a switchover or failover runs. */
  failover?: GlobalClusterFailoverState;
  /** The global writer endpoint, when the engine has one (it follows the writer). */
  endpoint?: string;
}

interface DbClusterMember {
  instanceId: string;
  isWriter: boolean;
}

export interface DbCluster {
  id: string;
  arn: string;
  region: string;
  /** `available`, `creating`, `backing-up`, `failing-over`, `inaccessible-encryption-credentials`... */
  status: string;
  endpoint?: string;
  readerEndpoint?: string;
  members: DbClusterMember[];
  globalClusterId?: string;
}

export interface DeleteClusterOptions {
  /** Skip the final snapshot; drills pass true so they leave nothing behind. */
  skipFinalSnapshot: boolean;
  /** Name of the final snapshot when one is taken. */
  finalSnapshotId?: string;
}

export interface DatabasePort {
  /** Every cluster snapshot in `region` taken from cluster `clusterId`: automated, manual, AWS Backup, shared. */
  listClusterSnapshots(region: string, clusterId: string): Promise<ClusterSnapshot[]>;
  /** One snapshot by id or ARN; `undefined` when it does not exist. */
  describeClusterSnapshot(region: string, idOrArn: string): Promise<ClusterSnapshot | undefined>;
  /** Starts a copy into `targetRegion`; resolves with the copy (usually `copying`). */
  copyClusterSnapshot(req: CopySnapshotRequest): Promise<ClusterSnapshot>;
  /** Read through `region` (any member's region answers for the whole global cluster). */
  describeGlobalCluster(region: string, globalClusterId: string): Promise<GlobalCluster | undefined>;
  /** Planned change of writer, no data loss; the old primary becomes a secondary. */
  switchoverGlobalCluster(region: string, globalClusterId: string, targetClusterArn: string): Promise<void>;
  /** Unplanned change of writer that may lose what was not yet replicated (AllowDataLoss). */
  failoverGlobalCluster(region: string, globalClusterId: string, targetClusterArn: string): Promise<void>;
  /** By identifier or ARN; `undefined` when it does not exist. */
  describeCluster(region: string, idOrArn: string): Promise<DbCluster | undefined>;
  /** Deletes a (drill) cluster; its instances must be deleted first, by its stack or by hand. */
  deleteCluster(region: string, clusterId: string, options: DeleteClusterOptions): Promise<void>;
}

/** `arn:aws:rds:<region>:<account>:...` -> region; `undefined` when it is not an ARN. */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts.length > 4 && parts[3] ? parts[3] : undefined;
}

/** Status as values. */
export const snapshotStatus = {
  isAvailable: (s: string) => s === 'available',
  /** Still being made: wait for it. */
  isInProgress: (s: string) => s === 'creating' || s === 'copying' || s === 'pending',
  /** Anything else (failed, error, deleting) will never become available. */
  isDead: (s: string) => !snapshotStatus.isAvailable(s) && !snapshotStatus.isInProgress(s),
};
