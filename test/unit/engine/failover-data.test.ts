/** The data step inside a failover: recovery feeds the data stack, refusals change nothing. */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import type { FailoverInput } from '../../../src/engine/input.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import { FakeDatabase, HOUR, MIN, snap } from '../data/fakes.js';
import { errorCode, expectLockReleased, expectNoDnsChange, expectWriteAhead, settle } from './helpers.js';

/** The network/ALB waves of the shared world plus a data stack in the second wave. */
function withData(recover: NonNullable<FailoverInput['data']>['recover']): FailoverInput {
  const base = inputFor('simple');
  return {
    ...base,
    waves: [
      base.waves[0]!,
      [...base.waves[1]!, { name: 'shop-data', templateBody: '{}', parameters: { DbClass: 'db.r6g.large' } }],
    ],
    data: { recover, stack: 'shop-data' },
  };
}

function world() {
  const w = createWorld('simple');
  w.stacks.script('shop-data', { outputs: { ClusterEndpoint: 'db.local' } });
  const log: string[] = [];
  const db = new FakeDatabase(log, w.clock as never);
  w.ports.db = db;
  return { w, db, log };
}

const snapshotStrategy = (over: Record<string, unknown> = {}) =>
  ({
    strategy: 'snapshot',
    sourceClusterId: 'shop-prod',
    sourceRegion: 'us-west-2',
    targetRegion: 'us-east-1',
    copyIfMissing: true,
    kmsKeyId: 'alias/shop-data',
    ...over,
  }) as const;

describe('failover with data recovery', () => {
  it('restores the data stack from the newest snapshot in the target region', async () => {
    const { w, db } = world();
    const now = w.clock.now();
    db.add(
      { ...snap({ id: 'old', region: 'us-east-1', ageMs: 5 * HOUR }), createdAt: new Date(now - 5 * HOUR) },
      {
        ...snap({ id: 'new', region: 'us-east-1', ageMs: 30 * MIN }),
        createdAt: new Date(now - 30 * MIN),
        engineVersion: '8.0.mysql_aurora.3.05.2',
      },
    );
    const r = await settle(failover(withData(snapshotStrategy()), w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
    // The snapshot's own version: without one RDS restores at the Region's default version.
    expect(w.stacks.stacks.get('us-east-1/shop-data')!.spec.parameters).toMatchObject({
      DbClass: 'db.r6g.large',
      SnapshotIdentifier: expect.stringContaining('new'),
      EngineVersion: '8.0.mysql_aurora.3.05.2',
    });
    expect(r.outcome?.timings.some((t) => t.phase === 'recover-data')).toBe(true);
    expect(w.sink.of('data-rpo')[0]).toMatchObject({ rpoSeconds: 30 * 60, within: true });
    expectWriteAhead(w);
    expectLockReleased(w);
  });

  it('copies the newest snapshot from the source region first, journaling before the copy', async () => {
    const { w, db, log } = world();
    db.add({
      ...snap({ id: 'src', region: 'us-west-2', ageMs: 0 }),
      createdAt: new Date(w.clock.now() - 20 * MIN),
    });
    const r = await settle(failover(withData(snapshotStrategy()), w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
    expect(log.some((l) => l.startsWith('copyClusterSnapshot'))).toBe(true);
    const journal = w.journal.runs.get('run-1')!;
    const intent = journal.findIndex((e) => e.kind === 'step-intent' && e.step === 'recover-data');
    expect(intent).toBeGreaterThanOrEqual(0);
    expect(w.stacks.stacks.get('us-east-1/shop-data')!.spec.parameters.SnapshotIdentifier).toMatch(
      /cluster-snapshot:drctl-shop-prod-/,
    );
  });

  it('refuses a snapshot older than the RPO limit: no data stack, no DNS change, lock released', async () => {
    const { w, db } = world();
    db.add({
      ...snap({ id: 'stale', region: 'us-east-1', ageMs: 0 }),
      createdAt: new Date(w.clock.now() - 10 * HOUR),
    });
    const r = await settle(
      failover(withData(snapshotStrategy({ maxRpoMinutes: 60, copyIfMissing: false })), w.ports, w.sink),
    );
    expect(errorCode(r)).toBe('REFUSED');
    expect(r.exit).toBe(5);
    expect(w.stacks.stacks.has('us-east-1/shop-data')).toBe(false);
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('accepts that RPO with acceptRpo', async () => {
    const { w, db } = world();
    db.add({
      ...snap({ id: 'stale', region: 'us-east-1', ageMs: 0 }),
      createdAt: new Date(w.clock.now() - 10 * HOUR),
    });
    const r = await settle(
      failover(
        withData({ ...snapshotStrategy({ maxRpoMinutes: 60, copyIfMissing: false }), acceptRpo: true }),
        w.ports,
        w.sink,
      ),
    );
    expect(r.outcome?.kind).toBe('flipped');
  });

  it('keeps the data source of a data stack that already exists (a new snapshot would replace the cluster)', async () => {
    const { w, db, log } = world();
    const spec = {
      name: 'shop-data',
      templateBody: '{}',
      parameters: { SnapshotIdentifier: 'kept' },
      tags: {},
    };
    w.stacks.stacks.set('us-east-1/shop-data', {
      spec,
      info: {
        name: 'shop-data',
        id: 'id-data',
        region: 'us-east-1',
        status: 'CREATE_COMPLETE',
        outputs: { ClusterEndpoint: 'db.local' },
        parameters: spec.parameters,
        tags: {},
      },
      events: [],
      left: 0,
      script: {},
    });
    db.add({ ...snap({ id: 'newer', region: 'us-east-1', ageMs: 0 }), createdAt: new Date(w.clock.now()) });
    await settle(failover(withData(snapshotStrategy()), w.ports, w.sink));
    expect(log).toEqual([]);
    expect(w.stacks.stacks.get('us-east-1/shop-data')!.spec.parameters.SnapshotIdentifier).toBe('kept');
    expect(w.sink.of('warning').some((x) => /already exists: keeping its data source/.test(x.message))).toBe(
      true,
    );
  });
});

describe('failover with a Global Database (pilot light)', () => {
  const WEST = 'arn:aws:rds:us-west-2:123456789012:cluster:shop-prod';
  const EAST = 'arn:aws:rds:us-east-1:123456789012:cluster:shop-dr';

  it('switches the writer over even though the data stack already stands in the target region', async () => {
    const { w, db, log } = world();
    db.global = {
      id: 'shop-global',
      arn: 'arn:aws:rds::123456789012:global-cluster:shop-global',
      status: 'available',
      engineVersion: '8.0.mysql_aurora.3.09.0',
      members: [
        { clusterArn: WEST, region: 'us-west-2', isWriter: true, synchronization: 'connected' },
        { clusterArn: EAST, region: 'us-east-1', isWriter: false, synchronization: 'connected' },
      ],
    };
    db.clusters.set(WEST, {
      id: 'shop-prod',
      arn: WEST,
      region: 'us-west-2',
      status: 'available',
      members: [],
    });
    const spec = {
      name: 'shop-data',
      templateBody: '{}',
      parameters: { GlobalClusterIdentifier: 'shop-global', EngineVersion: '8.0.mysql_aurora.3.08.2' },
      tags: {},
    };
    w.stacks.stacks.set('us-east-1/shop-data', {
      spec,
      info: {
        name: 'shop-data',
        id: 'id',
        region: 'us-east-1',
        status: 'CREATE_COMPLETE',
        outputs: {},
        parameters: spec.parameters,
        tags: {},
      },
      events: [],
      left: 0,
      script: {},
    });
    const input = withData({
      strategy: 'global',
      globalClusterId: 'shop-global',
      targetRegion: 'us-east-1',
      allowDataLoss: false,
    });
    const r = await settle(failover(input, w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
    expect(log.some((l) => l.startsWith('switchoverGlobalCluster'))).toBe(true);
    // The standing secondary keeps the version it runs: a new one would upgrade it mid-failover.
    expect(w.stacks.stacks.get('us-east-1/shop-data')!.spec.parameters).toMatchObject({
      GlobalClusterIdentifier: 'shop-global',
      EngineVersion: '8.0.mysql_aurora.3.08.2',
    });
    expectWriteAhead(w);
  });
});
