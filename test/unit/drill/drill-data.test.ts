/**
 * Data in a drill: the snapshot strategy restores into the drill's own stack, and
 * teardown deletes the snapshot copy the drill made and the final snapshot Aurora's
 * `DeletionPolicy: Snapshot` leaves when the drill cluster's stack is deleted.
 */
import { describe, expect, it } from 'vitest';
import { runDrill } from '../../../src/engine/drill/index.js';
import { snap } from '../data/fakes.js';
import { ALB, drillInput, drillWorld, NETWORK, remains } from './world.js';

function world() {
  const w = drillWorld();
  w.db.copyScript = { kind: 'complete', polls: 2 };
  w.db.add(
    snap({
      id: 'rds:shop-prod-2026-01-01',
      region: 'us-west-2',
      ageMs: 0,
      createdAt: new Date(w.clock.now() - 3600_000),
    }),
  );
  w.cleanup.resources.set(ALB, [
    { logicalId: 'Cluster', type: 'AWS::RDS::DBCluster', physicalId: 'drill-cluster' },
  ]);
  const del = w.stacks.delete.bind(w.stacks);
  w.stacks.delete = async (region, name) => {
    // CloudFormation snapshots the cluster as it deletes it (DeletionPolicy: Snapshot).
    if (name === ALB)
      w.db.add(snap({ id: `${ALB}-cluster-final`, region, ageMs: 0, clusterId: 'drill-cluster' }));
    return del(region, name);
  };
  return w;
}

const input = () => {
  const i = drillInput();
  i.failover.data = {
    stack: NETWORK,
    recover: {
      strategy: 'snapshot',
      sourceClusterId: 'shop-prod',
      sourceRegion: 'us-west-2',
      targetRegion: 'us-east-1',
      copyIfMissing: true,
      kmsKeyId: 'alias/shop-data',
      waits: { snapshotCopy: { minDelayMs: 1000, maxDelayMs: 1000, deadlineMs: 60_000 } },
    },
  };
  return i;
};

describe('drill data recovery', () => {
  it('restores into the drill stack, then deletes the copy and the final snapshot', async () => {
    const w = world();
    const r = await runDrill(input(), w.ports, w.sink);
    expect(r.verdict).toBe('passed');
    const network = w.stacks.stacks.get(`us-east-1/${NETWORK}`)!;
    expect(network.spec.parameters.SnapshotIdentifier).toMatch(/:cluster-snapshot:drctl-shop-prod-/);
    expect(r.inventory.snapshots).toEqual([network.spec.parameters.SnapshotIdentifier!.split(':').at(-1)]);
    expect(r.inventory.clusters).toEqual(['drill-cluster']);
    expect(r.cleaned.filter((c) => c.kind === 'snapshot').map((c) => c.action)).toEqual([
      'deleted',
      'deleted',
    ]);
    expect(remains(w)).toEqual([]);
    // The production snapshot in the primary region is untouched.
    expect(w.db.snapshots.get('us-west-2')?.map((s) => s.id)).toEqual(['rds:shop-prod-2026-01-01']);
    expect(r.phases.map((p) => p.phase)).toContain('recover-data');
  });

  it('a snapshot that already was in the region is used, not deleted', async () => {
    const w = world();
    w.db.add(
      snap({ id: 'shop-prod-dr-copy', region: 'us-east-1', ageMs: 0, createdAt: new Date(w.clock.now()) }),
    );
    const r = await runDrill(input(), w.ports, w.sink);
    expect(r.inventory.snapshots).toEqual([]);
    expect(w.db.snapshots.get('us-east-1')?.map((s) => s.id)).toEqual(['shop-prod-dr-copy']);
  });
});
