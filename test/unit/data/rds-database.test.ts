import {
  CopyDBClusterSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  RDSClient,
  SwitchoverGlobalClusterCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { RdsDatabase } from '../../../src/aws/rds-database.js';
import { noWait } from '../../helpers/retry.js';

const rds = mockClient(RDSClient);
const factory = new ClientFactory({ endpointUrl: 'http://127.0.0.1:1', retry: noWait });
const db = () => new RdsDatabase(factory);
const err = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });
const arn = (region: string, id: string) => `arn:aws:rds:${region}:123456789012:cluster-snapshot:${id}`;

beforeEach(() => rds.reset());

describe('RdsDatabase snapshots', () => {
  it('pages through snapshots (shared included) and keeps only the cluster’s, newest first', async () => {
    const s = (id: string, cluster: string, t: string, extra = {}) => ({
      DBClusterSnapshotIdentifier: id,
      DBClusterSnapshotArn: arn('us-west-2', id),
      DBClusterIdentifier: cluster,
      SnapshotCreateTime: new Date(t),
      Status: 'available',
      SnapshotType: 'manual',
      StorageEncrypted: true,
      KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/k',
      ...extra,
    });
    rds
      .on(DescribeDBClusterSnapshotsCommand)
      .resolvesOnce({
        DBClusterSnapshots: [
          s('a', 'shop-prod', '2026-11-29T00:00:00Z'),
          s('x', 'blog', '2026-11-30T00:00:00Z'),
        ],
        Marker: 'm1',
      })
      .resolvesOnce({
        DBClusterSnapshots: [
          s('b', 'arn:aws:rds:us-east-1:999999999999:cluster:shop-prod', '2026-11-30T00:00:00Z', {
            SnapshotType: 'shared',
            SourceDBClusterSnapshotArn: arn('us-east-1', 'b0'),
          }),
        ],
      });
    const list = await db().listClusterSnapshots('us-west-2', 'shop-prod');
    expect(list.map((x) => [x.id, x.type, x.sourceRegion])).toEqual([
      ['b', 'shared', 'us-east-1'],
      ['a', 'manual', undefined],
    ]);
    const calls = rds.commandCalls(DescribeDBClusterSnapshotsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { IncludeShared: true, MaxRecords: 100, Marker: undefined },
      { IncludeShared: true, MaxRecords: 100, Marker: 'm1' },
    ]);
  });

  it('retries throttling, then succeeds', async () => {
    rds
      .on(DescribeDBClusterSnapshotsCommand)
      .rejectsOnce(err('Throttling', 'Rate exceeded'))
      .resolves({ DBClusterSnapshots: [] });
    expect(await db().listClusterSnapshots('us-west-2', 'shop-prod')).toEqual([]);
    expect(rds.commandCalls(DescribeDBClusterSnapshotsCommand)).toHaveLength(2);
  });

  it('returns undefined for a snapshot that does not exist, and translates other errors', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand).rejectsOnce(err('DBClusterSnapshotNotFoundFault', 'not found'));
    expect(await db().describeClusterSnapshot('us-west-2', 'nope')).toBeUndefined();
    rds.on(DescribeDBClusterSnapshotsCommand).rejects(err('AccessDenied', 'no rds:Describe*'));
    const e = await db()
      .describeClusterSnapshot('us-west-2', 'x')
      .catch((x) => x);
    expect(e.message).toBe('RDS DescribeDBClusterSnapshots in us-west-2 was denied: no rds:Describe*');
  });

  it('copies by source ARN with the target region’s KMS key and tags', async () => {
    rds.on(CopyDBClusterSnapshotCommand).resolves({
      DBClusterSnapshot: {
        DBClusterSnapshotIdentifier: 'drctl-shop-prod-1',
        DBClusterSnapshotArn: arn('us-west-2', 'drctl-shop-prod-1'),
        Status: 'copying',
        PercentProgress: 0,
        SourceDBClusterSnapshotArn: arn('us-east-1', 'rds:shop-prod-1'),
      },
    });
    const copy = await db().copyClusterSnapshot({
      sourceArn: arn('us-east-1', 'rds:shop-prod-1'),
      targetRegion: 'us-west-2',
      targetId: 'drctl-shop-prod-1',
      kmsKeyId: 'alias/dr',
      tags: { 'drctl:run': 'r1' },
    });
    expect(copy).toMatchObject({
      id: 'drctl-shop-prod-1',
      status: 'copying',
      sourceRegion: 'us-east-1',
      region: 'us-west-2',
    });
    expect(rds.commandCalls(CopyDBClusterSnapshotCommand)[0]!.args[0].input).toEqual({
      SourceDBClusterSnapshotIdentifier: arn('us-east-1', 'rds:shop-prod-1'),
      TargetDBClusterSnapshotIdentifier: 'drctl-shop-prod-1',
      KmsKeyId: 'alias/dr',
      CopyTags: true,
      Tags: [{ Key: 'drctl:run', Value: 'r1' }],
    });
  });
});

describe('RdsDatabase global clusters', () => {
  const member = (region: string, writer: boolean) => ({
    DBClusterArn: `arn:aws:rds:${region}:123456789012:cluster:c-${region}`,
    IsWriter: writer,
    SynchronizationStatus: 'connected' as const,
    Readers: [],
  });

  it('maps members and regions, and ignores an empty FailoverState', async () => {
    rds.on(DescribeGlobalClustersCommand).resolves({
      GlobalClusters: [
        {
          GlobalClusterIdentifier: 'g',
          GlobalClusterArn: 'arn:aws:rds::123456789012:global-cluster:g',
          Status: 'available',
          EngineVersion: '8.0.mysql_aurora.3.08.0',
          GlobalClusterMembers: [member('us-east-1', true), member('us-west-2', false)],
          FailoverState: {},
        },
      ],
    });
    const g = await db().describeGlobalCluster('us-west-2', 'g');
    expect(g?.failover).toBeUndefined();
    expect(g?.engineVersion).toBe('8.0.mysql_aurora.3.08.0');
    expect(g?.members.map((m) => [m.region, m.isWriter, m.synchronization])).toEqual([
      ['us-east-1', true, 'connected'],
      ['us-west-2', false, 'connected'],
    ]);
  });

  it('reads a running failover, and returns undefined for an unknown global cluster', async () => {
    rds.on(DescribeGlobalClustersCommand).resolvesOnce({
      GlobalClusters: [
        {
          GlobalClusterIdentifier: 'g',
          Status: 'failing-over',
          FailoverState: { Status: 'failing-over', ToDbClusterArn: 'arn:x', IsDataLossAllowed: true },
        },
      ],
    });
    expect((await db().describeGlobalCluster('us-west-2', 'g'))?.failover).toEqual({
      status: 'failing-over',
      toClusterArn: 'arn:x',
      dataLossAllowed: true,
    });
    rds.on(DescribeGlobalClustersCommand).rejects(err('GlobalClusterNotFoundFault', 'nope'));
    expect(await db().describeGlobalCluster('us-west-2', 'g')).toBeUndefined();
  });

  it('switches over without AllowDataLoss, and fails over with it (never with Switchover)', async () => {
    rds.on(SwitchoverGlobalClusterCommand).resolves({});
    rds.on(FailoverGlobalClusterCommand).resolves({});
    await db().switchoverGlobalCluster('us-west-2', 'g', 'arn:t');
    await db().failoverGlobalCluster('us-west-2', 'g', 'arn:t');
    expect(rds.commandCalls(SwitchoverGlobalClusterCommand)[0]!.args[0].input).toEqual({
      GlobalClusterIdentifier: 'g',
      TargetDbClusterIdentifier: 'arn:t',
    });
    expect(rds.commandCalls(FailoverGlobalClusterCommand)[0]!.args[0].input).toEqual({
      GlobalClusterIdentifier: 'g',
      TargetDbClusterIdentifier: 'arn:t',
      AllowDataLoss: true,
    });
  });

  it('translates a refused switchover into one sentence naming the operation', async () => {
    rds
      .on(SwitchoverGlobalClusterCommand)
      .rejects(err('InvalidGlobalClusterStateFault', 'Global cluster g is not available'));
    const e = await db()
      .switchoverGlobalCluster('us-west-2', 'g', 'arn:t')
      .catch((x) => x);
    expect(e.code).toBe('AWS_CALL_FAILED');
    expect(e.message).toBe(
      'RDS SwitchoverGlobalCluster g to arn:t failed: InvalidGlobalClusterStateFault: Global cluster g is not available',
    );
  });

  it('describes a cluster with its members, and undefined when it is gone', async () => {
    rds.on(DescribeDBClustersCommand).resolvesOnce({
      DBClusters: [
        {
          DBClusterIdentifier: 'c',
          DBClusterArn: 'arn:c',
          Status: 'available',
          Endpoint: 'c.cluster-x.us-west-2.rds.amazonaws.com',
          DBClusterMembers: [{ DBInstanceIdentifier: 'c-1', IsClusterWriter: true }],
        },
      ],
    });
    expect(await db().describeCluster('us-west-2', 'c')).toMatchObject({
      status: 'available',
      members: [{ instanceId: 'c-1', isWriter: true }],
    });
    rds.on(DescribeDBClustersCommand).rejects(err('DBClusterNotFoundFault', 'gone'));
    expect(await db().describeCluster('us-west-2', 'c')).toBeUndefined();
  });
});
