/** Input, ports and results of the data step. */
import type { CopySnapshotRequest, DatabasePort } from '../../ports/database.js';
import type { WaitOverrides } from '../wait-profiles.js';

interface NoneStrategy {
  strategy: 'none';
}

export interface SnapshotStrategy {
  strategy: 'snapshot';
  /** Identifier of the production cluster the snapshots were taken from. */
  sourceClusterId: string;
  /** The failed (primary) region, where the cluster lives. */
  sourceRegion: string;
  /** The recovery region, where the snapshot must be. */
  targetRegion: string;
  /** KMS key in the target region for a copy; required to copy an encrypted snapshot. */
  kmsKeyId?: string;
  /** Refuse a snapshot older than this (unless `acceptRpo`). Default: no limit. */
  maxRpoMinutes?: number;
  /** Copy the newest snapshot from the source region when the target has none fresh enough. */
  copyIfMissing: boolean;
}

export interface GlobalStrategy {
  strategy: 'global';
  globalClusterId: string;
  /** The recovery region; its member becomes the writer. */
  targetRegion: string;
  /** The member to promote; default: the member whose ARN is in `targetRegion`. */
  targetClusterArn?: string;
  /** Allow a failover that may lose unreplicated writes when the primary does not answer. */
  allowDataLoss: boolean;
  /** Refuse a failover whose known replication lag exceeds this (unless `acceptRpo`). */
  maxRpoMinutes?: number;
}

type DataStrategy = NoneStrategy | SnapshotStrategy | GlobalStrategy;

export interface DataRunOptions {
  /** Go ahead although the RPO exceeds `maxRpoMinutes` (`--accept-rpo`). Default: false. */
  acceptRpo?: boolean;
  /** Overrides of the wait profiles (`snapshotCopy`, `globalWriterChange`), field by field. */
  waits?: WaitOverrides;
  /** Tags put on a snapshot copy (e.g. `drctl:run`). Default: none. */
  tags?: Record<string, string>;
}

export type RecoverDataInput = DataStrategy & DataRunOptions;

/** What the data step journals before a mutation (the `recover-data` step's intent). */
export type DataIntent =
  | ({ kind: 'data-copy-intent'; sourceRegion: string } & CopySnapshotRequest)
  | {
      kind: 'data-global-intent';
      action: 'switchover' | 'failover';
      globalClusterId: string;
      targetClusterArn: string;
      fromClusterArn?: string;
      region: string;
    };

/** What the data step journals once a mutation has taken effect (the step's done). */
export type DataDone =
  | { kind: 'data-copy-done'; targetId: string; arn: string; region: string }
  | { kind: 'data-global-done'; action: 'switchover' | 'failover'; targetClusterArn: string };

/** Write-ahead journal hooks: `intent` is called (and awaited) before every mutating call. */
interface DataJournal {
  intent(entry: DataIntent): Promise<void>;
  done(entry: DataDone): Promise<void>;
}

export interface DataPorts {
  db: DatabasePort;
  journal: DataJournal;
  /** Jitter source; default `Math.random`. */
  random?: () => number;
}

export interface DataPortsRead {
  db: DatabasePort;
}

type NoneResult = { kind: 'none'; parameters: Record<string, string> };

export interface SnapshotResult {
  kind: 'snapshot';
  /** `use-existing`: a snapshot already in the target region; `copy`: copied by this run. */
  action: 'use-existing' | 'copy';
  /** Made a copy in this run. */
  copied: boolean;
  snapshotId: string;
  snapshotArn: string;
  region: string;
  /** When the data was captured: the RPO is measured from here. */
  snapshotTime: Date;
  rpoSeconds: number;
  /** The RPO exceeded the maximum and `acceptRpo` let it through. */
  rpoAccepted: boolean;
  /** For the data stack: `{ SnapshotIdentifier, EngineVersion }` (the snapshot's version). */
  parameters: Record<string, string>;
}

export interface GlobalResult {
  kind: 'global';
  /** `already-primary`: the target already is the writer (a resumed run); nothing done. */
  action: 'switchover' | 'failover' | 'already-primary';
  globalClusterId: string;
  targetClusterArn: string;
  previousWriterArn?: string;
  /** 0 for a switchover; the last known lag for a failover; null when unknown. */
  rpoSeconds: number | null;
  rpoAccepted: boolean;
  /** A writer change started by an earlier run was awaited instead of started. */
  resumed: boolean;
  /**
   * For the data stack: `{ GlobalClusterIdentifier, EngineVersion }` (the global cluster's
   * version), unchanged so CloudFormation keeps the cluster.
   */
  parameters: Record<string, string>;
}

export type DataRecoveryResult = NoneResult | SnapshotResult | GlobalResult;

/**
 * The data stack's `EngineVersion` for a cluster made from a source of `version`. Without
 * one, RDS restores a snapshot at "the default version for the database engine in the AWS
 * Region", not the snapshot's ([RestoreDBClusterFromSnapshot](https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html),
 * EngineVersion): older than the snapshot fails, newer is an upgrade nobody asked for. A
 * Global Database secondary must run its primary's version for a managed switchover or
 * failover ([upgrading a global database](https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-upgrade.html)).
 * So drctl passes the source's version whenever RDS reports it; the template pins none.
 */
export function engineVersionParameter(version: string | undefined): Record<string, string> {
  return version ? { EngineVersion: version } : {};
}
