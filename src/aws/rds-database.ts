/** DatabasePort on RDS (Aurora cluster snapshots, Global Database, clusters). */
import {
  CopyDBClusterSnapshotCommand,
  type DBCluster,
  type DBClusterSnapshot,
  DeleteDBClusterCommand,
  DescribeDBClusterSnapshotsCommand,
  type DescribeDBClusterSnapshotsMessage,
  DescribeDBClustersCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  type GlobalCluster as SdkGlobalCluster,
  SwitchoverGlobalClusterCommand,
} from '@aws-sdk/client-rds';
import {
  type ClusterSnapshot,
  type CopySnapshotRequest,
  type DatabasePort,
  type DbCluster,
  type DeleteClusterOptions,
  type GlobalCluster,
  regionOfArn,
} from '../ports/database.js';
import { named, orMissing, pages } from './call.js';
import type { ClientFactory } from './clients.js';

function toSnapshot(s: DBClusterSnapshot, region: string): ClusterSnapshot {
  const sourceRegion = s.SourceDBClusterSnapshotArn ? regionOfArn(s.SourceDBClusterSnapshotArn) : undefined;
  return {
    id: s.DBClusterSnapshotIdentifier ?? '',
    arn: s.DBClusterSnapshotArn ?? '',
    region,
    clusterId: s.DBClusterIdentifier ?? '',
    createdAt: s.SnapshotCreateTime ?? new Date(0),
    status: s.Status ?? 'unknown',
    type: s.SnapshotType ?? 'unknown',
    ...(s.PercentProgress !== undefined ? { percentProgress: s.PercentProgress } : {}),
    encrypted: Boolean(s.StorageEncrypted),
    ...(s.KmsKeyId ? { kmsKeyId: s.KmsKeyId } : {}),
    ...(s.SourceDBClusterSnapshotArn ? { sourceSnapshotArn: s.SourceDBClusterSnapshotArn } : {}),
    ...(sourceRegion && sourceRegion !== region ? { sourceRegion } : {}),
    ...(s.Engine ? { engine: s.Engine } : {}),
    ...(s.EngineVersion ? { engineVersion: s.EngineVersion } : {}),
  };
}

function toGlobal(g: SdkGlobalCluster): GlobalCluster {
  const f = g.FailoverState;
  return {
    id: g.GlobalClusterIdentifier ?? '',
    arn: g.GlobalClusterArn ?? '',
    status: g.Status ?? 'unknown',
    ...(g.Engine ? { engine: g.Engine } : {}),
    ...(g.EngineVersion ? { engineVersion: g.EngineVersion } : {}),
    members: (g.GlobalClusterMembers ?? []).map((m) => ({
      clusterArn: m.DBClusterArn ?? '',
      region: regionOfArn(m.DBClusterArn ?? '') ?? '',
      isWriter: Boolean(m.IsWriter),
      ...(m.SynchronizationStatus ? { synchronization: m.SynchronizationStatus } : {}),
    })),
    // RDS keeps an empty FailoverState object around after a change: only a status means one runs.
    ...(f?.Status
      ? {
          failover: {
            status: f.Status,
            ...(f.FromDbClusterArn ? { fromClusterArn: f.FromDbClusterArn } : {}),
            ...(f.ToDbClusterArn ? { toClusterArn: f.ToDbClusterArn } : {}),
            dataLossAllowed: Boolean(f.IsDataLossAllowed),
          },
        }
      : {}),
    ...(g.Endpoint ? { endpoint: g.Endpoint } : {}),
  };
}

function toCluster(c: DBCluster, region: string): DbCluster {
  return {
    id: c.DBClusterIdentifier ?? '',
    arn: c.DBClusterArn ?? '',
    region,
    status: c.Status ?? 'unknown',
    ...(c.Endpoint ? { endpoint: c.Endpoint } : {}),
    ...(c.ReaderEndpoint ? { readerEndpoint: c.ReaderEndpoint } : {}),
    members: (c.DBClusterMembers ?? []).map((m) => ({
      instanceId: m.DBInstanceIdentifier ?? '',
      isWriter: Boolean(m.IsClusterWriter),
    })),
    ...(c.GlobalClusterIdentifier ? { globalClusterId: c.GlobalClusterIdentifier } : {}),
  };
}

/** A copy's or a shared snapshot's `DBClusterIdentifier` may be the cluster's ARN. */
const fromCluster = (s: ClusterSnapshot, clusterId: string) =>
  s.clusterId === clusterId || s.clusterId.endsWith(`:cluster:${clusterId}`);

export class RdsDatabase implements DatabasePort {
  constructor(private readonly clients: ClientFactory) {}

  private async snapshots(
    region: string,
    query: DescribeDBClusterSnapshotsMessage,
  ): Promise<DBClusterSnapshot[]> {
    const client = this.clients.rds(region);
    const out: DBClusterSnapshot[] = [];
    const all = pages(
      (marker) =>
        this.clients.call(`RDS DescribeDBClusterSnapshots in ${region}`, () =>
          client.send(new DescribeDBClusterSnapshotsCommand({ ...query, MaxRecords: 100, Marker: marker })),
        ),
      (page) => page.Marker,
    );
    for await (const page of all) out.push(...(page.DBClusterSnapshots ?? []));
    return out;
  }

  async listClusterSnapshots(region: string, clusterId: string): Promise<ClusterSnapshot[]> {
    // Without a SnapshotType RDS returns automated and manual snapshots (AWS Backup's
    // included, typed `awsbackup`); IncludeShared adds other accounts' shared ones.
    // Filtered here, not with DBClusterIdentifier: copies and shared snapshots can name
    // their cluster by ARN, in a region where that cluster does not exist.
    const all = await this.snapshots(region, { IncludeShared: true });
    const byArn = new Map<string, ClusterSnapshot>();
    for (const s of all.map((x) => toSnapshot(x, region))) {
      if (fromCluster(s, clusterId)) byArn.set(s.arn || s.id, s);
    }
    return [...byArn.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async describeClusterSnapshot(region: string, idOrArn: string): Promise<ClusterSnapshot | undefined> {
    const found = await orMissing(
      this.snapshots(region, { DBClusterSnapshotIdentifier: idOrArn }),
      named('DBClusterSnapshotNotFoundFault'),
    );
    return found?.[0] ? toSnapshot(found[0], region) : undefined;
  }

  async copyClusterSnapshot(req: CopySnapshotRequest): Promise<ClusterSnapshot> {
    // The SDK's RDS middleware sees an ARN from another region in
    // SourceDBClusterSnapshotIdentifier and adds the PreSignedUrl itself (v3 has no SourceRegion).
    const out = await this.clients.call(
      `RDS CopyDBClusterSnapshot ${req.sourceArn} to ${req.targetRegion}`,
      () =>
        this.clients.rds(req.targetRegion).send(
          new CopyDBClusterSnapshotCommand({
            SourceDBClusterSnapshotIdentifier: req.sourceArn,
            TargetDBClusterSnapshotIdentifier: req.targetId,
            ...(req.kmsKeyId ? { KmsKeyId: req.kmsKeyId } : {}),
            CopyTags: true,
            Tags: Object.entries(req.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
          }),
        ),
    );
    const s = out.DBClusterSnapshot;
    return s
      ? toSnapshot(s, req.targetRegion)
      : { ...placeholder(req.targetRegion), id: req.targetId, status: 'copying' };
  }

  async describeGlobalCluster(region: string, globalClusterId: string): Promise<GlobalCluster | undefined> {
    const out = await orMissing(
      this.clients.call(`RDS DescribeGlobalClusters ${globalClusterId} in ${region}`, () =>
        this.clients
          .rds(region)
          .send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: globalClusterId })),
      ),
      named('GlobalClusterNotFoundFault'),
    );
    const g = out?.GlobalClusters?.[0];
    return g ? toGlobal(g) : undefined;
  }

  async switchoverGlobalCluster(
    region: string,
    globalClusterId: string,
    targetClusterArn: string,
  ): Promise<void> {
    await this.clients.call(`RDS SwitchoverGlobalCluster ${globalClusterId} to ${targetClusterArn}`, () =>
      this.clients.rds(region).send(
        new SwitchoverGlobalClusterCommand({
          GlobalClusterIdentifier: globalClusterId,
          TargetDbClusterIdentifier: targetClusterArn,
        }),
      ),
    );
  }

  async failoverGlobalCluster(
    region: string,
    globalClusterId: string,
    targetClusterArn: string,
  ): Promise<void> {
    // AllowDataLoss makes it a failover; it must not be combined with Switchover.
    await this.clients.call(`RDS FailoverGlobalCluster ${globalClusterId} to ${targetClusterArn}`, () =>
      this.clients.rds(region).send(
        new FailoverGlobalClusterCommand({
          GlobalClusterIdentifier: globalClusterId,
          TargetDbClusterIdentifier: targetClusterArn,
          AllowDataLoss: true,
        }),
      ),
    );
  }

  async describeCluster(region: string, idOrArn: string): Promise<DbCluster | undefined> {
    const out = await orMissing(
      this.clients.call(`RDS DescribeDBClusters ${idOrArn} in ${region}`, () =>
        this.clients.rds(region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: idOrArn })),
      ),
      named('DBClusterNotFoundFault'),
    );
    const c = out?.DBClusters?.[0];
    return c ? toCluster(c, region) : undefined;
  }

  async deleteCluster(region: string, clusterId: string, options: DeleteClusterOptions): Promise<void> {
    await this.clients.call(`RDS DeleteDBCluster ${clusterId} in ${region}`, () =>
      this.clients.rds(region).send(
        new DeleteDBClusterCommand({
          DBClusterIdentifier: clusterId,
          SkipFinalSnapshot: options.skipFinalSnapshot,
          ...(options.finalSnapshotId ? { FinalDBSnapshotIdentifier: options.finalSnapshotId } : {}),
        }),
      ),
    );
  }
}

function placeholder(region: string): ClusterSnapshot {
  return {
    id: '',
    arn: '',
    region,
    clusterId: '',
    createdAt: new Date(0),
    status: 'unknown',
    type: 'manual',
    encrypted: false,
  };
}
