/**
 * Timed Route 53 and RDS for the benchmark. Route 53 keeps the unit tests' fake's record
 * semantics (atomic batches, exact DELETEs: the Route 53 lock relies on them) and only
 * makes INSYNC a matter of time; RDS plays a snapshot copy or a global switchover forward
 * on the virtual clock.
 */

import type {
  ClusterSnapshot,
  CopySnapshotRequest,
  DatabasePort,
  DbCluster,
  GlobalCluster,
} from '../../src/ports/database.js';
import type { ChangeStatus, DnsAnswer, HostedZone, RecordChange, RecordSet } from '../../src/ports/dns.js';
import { FakeRoute53 } from '../../test/fakes/route53.js';
import type { Api } from './timed-aws.js';

export class TimedRoute53 extends FakeRoute53 {
  private submitted = new Map<string, number>();
  override readonly zone: HostedZone;

  /** @param zoneId the hosted zone's id (a fleet has several). Default: `ZFAKE`. */
  constructor(
    private readonly api: Api,
    private readonly insyncMs: number,
    seed: RecordSet[],
    zoneId = 'ZFAKE',
  ) {
    super([], seed);
    this.zone = { id: zoneId, name: 'example.com.', privateZone: false };
  }

  override async findHostedZone(): Promise<HostedZone> {
    await this.api.call('route53', 'GetHostedZone');
    return this.zone;
  }

  override async listRecordSets(zone: string, name: string, type: string): Promise<RecordSet[]> {
    await this.api.call('route53', 'ListResourceRecordSets');
    return super.listRecordSets(zone, name, type);
  }

  override async changeRecordSets(zone: string, changes: RecordChange[], comment: string) {
    await this.api.call('route53', 'ChangeResourceRecordSets');
    const r = await super.changeRecordSets(zone, changes, comment);
    this.submitted.set(r.changeId, this.api.clock.now());
    return r;
  }

  override async getChangeStatus(changeId: string): Promise<ChangeStatus> {
    await this.api.call('route53', 'GetChange');
    const at = this.submitted.get(changeId);
    if (at === undefined) throw Object.assign(new Error(`no change ${changeId}`), { name: 'NoSuchChange' });
    return this.api.clock.now() >= at + this.insyncMs ? 'INSYNC' : 'PENDING';
  }

  override async testDnsAnswer(zone: string, name: string, type: string): Promise<DnsAnswer | undefined> {
    await this.api.call('route53', 'TestDNSAnswer');
    return super.testDnsAnswer(zone, name, type);
  }
}

const ACCOUNT = '111122223333';
const arnOf = (region: string, kind: string, id: string) => `arn:aws:rds:${region}:${ACCOUNT}:${kind}:${id}`;

export interface TimedDbPlan {
  primaryRegion: string;
  targetRegion: string;
  clusterId: string;
  /** Snapshot strategy: seconds a cross-region copy takes; 0 = a snapshot is already in the target. */
  copySeconds?: number;
  /** Global strategy: the global cluster id and the seconds a switchover takes. */
  global?: { id: string; switchoverSeconds: number };
}

export class TimedDatabase implements DatabasePort {
  private snapshots: ClusterSnapshot[] = [];
  private copyDoneAt = new Map<string, number>();
  private global: GlobalCluster | undefined;
  private changeDoneAt: number | undefined;

  constructor(
    private readonly api: Api,
    private readonly plan: TimedDbPlan,
  ) {
    const { primaryRegion, targetRegion, clusterId } = plan;
    const nightly = (region: string): ClusterSnapshot => ({
      id: 'nightly',
      arn: arnOf(region, 'cluster-snapshot', 'nightly'),
      region,
      clusterId,
      createdAt: new Date(api.clock.now() - 2 * 3_600_000),
      status: 'available',
      type: region === targetRegion ? 'awsbackup' : 'automated',
      encrypted: true,
    });
    this.snapshots.push(nightly(primaryRegion));
    if (!plan.copySeconds) this.snapshots.push(nightly(targetRegion));
    if (plan.global) {
      const member = (region: string, isWriter: boolean) => ({
        clusterArn: arnOf(region, 'cluster', `${clusterId}-${region}`),
        region,
        isWriter,
      });
      this.global = {
        id: plan.global.id,
        arn: `arn:aws:rds::${ACCOUNT}:global-cluster:${plan.global.id}`,
        status: 'available',
        members: [member(primaryRegion, true), member(targetRegion, false)],
      };
    }
  }

  async listClusterSnapshots(region: string, clusterId: string): Promise<ClusterSnapshot[]> {
    await this.api.call('rds', 'DescribeDBClusterSnapshots');
    return this.snapshots
      .filter((s) => s.region === region && s.clusterId === clusterId)
      .map((s) => this.view(s));
  }

  private view(s: ClusterSnapshot): ClusterSnapshot {
    const done = this.copyDoneAt.get(s.arn);
    if (done !== undefined && this.api.clock.now() >= done) s.status = 'available';
    return { ...s };
  }

  async describeClusterSnapshot(region: string, idOrArn: string): Promise<ClusterSnapshot | undefined> {
    await this.api.call('rds', 'DescribeDBClusterSnapshots');
    const s = this.snapshots.find((x) => x.region === region && (x.id === idOrArn || x.arn === idOrArn));
    return s ? this.view(s) : undefined;
  }

  async copyClusterSnapshot(req: CopySnapshotRequest): Promise<ClusterSnapshot> {
    await this.api.call('rds', 'CopyDBClusterSnapshot');
    const source = this.snapshots.find((s) => s.arn === req.sourceArn);
    if (!source) throw new Error(`no snapshot ${req.sourceArn}`);
    const copy: ClusterSnapshot = {
      ...source,
      id: req.targetId,
      arn: arnOf(req.targetRegion, 'cluster-snapshot', req.targetId),
      region: req.targetRegion,
      createdAt: new Date(this.api.clock.now()),
      status: 'copying',
      sourceSnapshotArn: source.arn,
    };
    this.snapshots.push(copy);
    this.copyDoneAt.set(copy.arn, this.api.clock.now() + (this.plan.copySeconds ?? 0) * 1000);
    return { ...copy };
  }

  async describeGlobalCluster(_region: string, id: string): Promise<GlobalCluster | undefined> {
    await this.api.call('rds', 'DescribeGlobalClusters');
    const g = this.global;
    if (!g || g.id !== id) return undefined;
    if (g.failover && this.changeDoneAt !== undefined && this.api.clock.now() >= this.changeDoneAt) {
      for (const m of g.members) m.isWriter = m.clusterArn === g.failover.toClusterArn;
      g.failover = undefined;
      g.status = 'available';
    }
    return structuredClone(g);
  }

  private startChange(target: string, dataLossAllowed: boolean): void {
    const g = this.global;
    if (!g) throw new Error('no global cluster in this scenario');
    const from = g.members.find((m) => m.isWriter)?.clusterArn;
    g.status = 'switching-over';
    g.failover = {
      status: 'pending',
      toClusterArn: target,
      ...(from ? { fromClusterArn: from } : {}),
      dataLossAllowed,
    };
    this.changeDoneAt = this.api.clock.now() + (this.plan.global?.switchoverSeconds ?? 0) * 1000;
  }

  async switchoverGlobalCluster(_region: string, _id: string, target: string): Promise<void> {
    await this.api.call('rds', 'SwitchoverGlobalCluster');
    this.startChange(target, false);
  }

  async failoverGlobalCluster(_region: string, _id: string, target: string): Promise<void> {
    await this.api.call('rds', 'FailoverGlobalCluster');
    this.startChange(target, true);
  }

  async describeCluster(region: string, idOrArn: string): Promise<DbCluster | undefined> {
    await this.api.call('rds', 'DescribeDBClusters');
    return { id: idOrArn, arn: idOrArn, region, status: 'available', members: [] };
  }

  async deleteCluster(): Promise<void> {
    await this.api.call('rds', 'DeleteDBCluster');
  }
}
