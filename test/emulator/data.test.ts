/**
 * Data recovery through the real CLI against moto's RDS API: a failover with the snapshot
 * strategy copies the newest cluster snapshot from the primary region and restores the
 * data stack from it; with no snapshot anywhere it stops before any DNS change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { clientConfig } from '../harness/aws-clients.js';
import { type FailoverWorld, startFailoverWorld } from '../harness/failover-world.js';
import { jsonCall } from '../harness/raw-aws.js';
import { runCli } from '../helpers/run-cli.js';

describe('data recovery on the emulator', () => {
  let w: FailoverWorld;
  let kmsKeyArn: string;
  const primary = 'ap-southeast-1';
  /** Not the template's old pinned 3.08.2, nor the emulator's default for a restore. */
  const SOURCE_VERSION = '8.0.mysql_aurora.3.05.2';

  const setData = (data: Record<string, unknown>) => {
    const cfg = parse(readFileSync(w.configPath, 'utf8'));
    cfg.data = data;
    writeFileSync(w.configPath, stringify(cfg));
  };
  const records = async () => {
    const r53 = new Route53Client(clientConfig(w.emulator.endpoint, 'us-east-1'));
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.world.hostedZoneId }));
    r53.destroy();
    return JSON.stringify(out.ResourceRecordSets);
  };

  beforeAll(async () => {
    w = await startFailoverWorld();
    const rds = new RDSClient(clientConfig(w.emulator.endpoint, primary));
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'shop-prod-db',
        Engine: 'aurora-mysql',
        EngineVersion: SOURCE_VERSION,
        MasterUsername: 'admin',
        MasterUserPassword: 'not-a-real-password-1',
        StorageEncrypted: true,
      }),
    );
    await rds.send(
      new CreateDBClusterSnapshotCommand({
        DBClusterIdentifier: 'shop-prod-db',
        DBClusterSnapshotIdentifier: 'nightly-1',
      }),
    );
    rds.destroy();
    const key = await jsonCall(w.emulator.endpoint, 'us-east-1', 'kms', 'TrentService.CreateKey', {});
    kmsKeyArn = String((key.KeyMetadata as { Arn: string }).Arn);
  });
  afterAll(() => w?.stop());

  it('stops before any DNS change when no snapshot of the cluster exists anywhere', async () => {
    setData({
      strategy: 'snapshot',
      snapshot: { sourceClusterId: 'shop-missing-db', kmsKeyIds: { 'us-east-1': kmsKeyArn } },
    });
    const before = await records();
    const r = await runCli(['failover', 'us-east-1', '--yes', '-c', w.configPath], {
      env: w.env,
      timeoutMs: 120_000,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/shop-missing-db/);
    expect(await records()).toBe(before);
  });

  it('copies the newest snapshot to the target region and restores the data stack from it', async () => {
    setData({
      strategy: 'snapshot',
      maxRpoMinutes: 60,
      snapshot: { sourceClusterId: 'shop-prod-db', kmsKeyIds: { 'us-east-1': kmsKeyArn } },
    });
    const r = await runCli(['failover', 'us-east-1', '--yes', '--json', '-c', w.configPath], {
      env: w.env,
      timeoutMs: 180_000,
    });
    const events = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const outcome = events.at(-1);
    expect(outcome).toMatchObject({ type: 'outcome', kind: 'flipped' });
    const codes = events.filter((e) => e.type === 'event').map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['data-strategy', 'data-copy-started', 'data-rpo']));
    expect(outcome.timings.some((t: { phase: string }) => t.phase === 'recover-data')).toBe(true);

    const rds = new RDSClient(clientConfig(w.emulator.endpoint, 'us-east-1'));
    const copies = await rds.send(new DescribeDBClusterSnapshotsCommand({}));
    const clusters = await rds.send(new DescribeDBClustersCommand({}));
    rds.destroy();
    // The restore asked for the snapshot's version: without it RDS (and the emulator)
    // restores at the Region's default version.
    expect(clusters.DBClusters?.map((c) => c.EngineVersion)).toEqual([SOURCE_VERSION]);
    const copy = copies.DBClusterSnapshots?.find((s) =>
      s.DBClusterSnapshotIdentifier?.startsWith('drctl-shop-prod-db-'),
    );
    expect(copy?.Status).toBe('available');
    const cfn = new CloudFormationClient(clientConfig(w.emulator.endpoint, 'us-east-1'));
    const stack = await cfn.send(new DescribeStacksCommand({ StackName: 'shop-prod-data' }));
    cfn.destroy();
    const param = (key: string) =>
      stack.Stacks?.[0]?.Parameters?.find((p) => p.ParameterKey === key)?.ParameterValue;
    expect(param('SnapshotIdentifier')).toBe(copy?.DBClusterSnapshotArn);
    expect(param('EngineVersion')).toBe(SOURCE_VERSION);
  });
});
