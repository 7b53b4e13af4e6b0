import { describe, expect, it } from 'vitest';
import { describeDataPlan, recoverData } from '../../../src/engine/data/recover.js';
import type { RecoverDataInput } from '../../../src/engine/data/types.js';
import { DrctlError } from '../../../src/errors.js';
import type { GlobalCluster } from '../../../src/ports/database.js';
import { harness, journaledBeforeEachMutation, MIN } from './fakes.js';

const PRIMARY = 'arn:aws:rds:us-east-1:123456789012:cluster:shop-prod';
const SECONDARY = 'arn:aws:rds:us-west-2:123456789012:cluster:shop-dr';
const input = (over: Partial<RecoverDataInput> = {}): RecoverDataInput =>
  ({
    strategy: 'global',
    globalClusterId: 'shop-global',
    targetRegion: 'us-west-2',
    allowDataLoss: false,
    maxRpoMinutes: 5,
    ...over,
  }) as RecoverDataInput;

function setup(over: Partial<GlobalCluster> = {}, primaryUp = true) {
  const h = harness();
  h.db.global = {
    id: 'shop-global',
    arn: 'arn:aws:rds::123456789012:global-cluster:shop-global',
    status: 'available',
    members: [
      { clusterArn: PRIMARY, region: 'us-east-1', isWriter: true, synchronization: 'connected' },
      { clusterArn: SECONDARY, region: 'us-west-2', isWriter: false, synchronization: 'connected' },
    ],
    ...over,
  };
  h.db.clusters.set(SECONDARY, {
    id: 'shop-dr',
    arn: SECONDARY,
    region: 'us-west-2',
    status: 'available',
    members: [],
  });
  if (primaryUp) {
    h.db.clusters.set(PRIMARY, {
      id: 'shop-prod',
      arn: PRIMARY,
      region: 'us-east-1',
      status: 'available',
      members: [],
    });
  } else h.db.down.add('us-east-1');
  return h;
}

describe('global strategy', () => {
  it('switches over when the primary answers: no data loss, journaled first, waits for the new writer', async () => {
    const h = setup({ engineVersion: '8.0.mysql_aurora.3.08.0' });
    const r = await recoverData(input(), h.ports, h.emit, h.clock);
    expect(r).toEqual({
      kind: 'global',
      action: 'switchover',
      globalClusterId: 'shop-global',
      targetClusterArn: SECONDARY,
      previousWriterArn: PRIMARY,
      rpoSeconds: 0,
      rpoAccepted: false,
      resumed: false,
      // A secondary the data stack creates must run the global cluster's version.
      parameters: { GlobalClusterIdentifier: 'shop-global', EngineVersion: '8.0.mysql_aurora.3.08.0' },
    });
    expect(h.db.mutations).toEqual([`switchoverGlobalCluster us-west-2 ${SECONDARY}`]);
    expect(journaledBeforeEachMutation(h.log)).toBe(true);
    expect(h.journal.map((j) => j.kind)).toEqual(['data-global-intent', 'data-global-done']);
    expect(h.journal[0]?.data).toMatchObject({
      action: 'switchover',
      fromClusterArn: PRIMARY,
      targetClusterArn: SECONDARY,
    });
    expect(h.db.global?.members.find((m) => m.isWriter)?.clusterArn).toBe(SECONDARY);
    expect(h.of('data-global-state')[0]).toMatchObject({ writerRegion: 'us-east-1', primaryAnswers: true });
    expect(h.of('data-switchover-status').at(-1)).toMatchObject({
      globalStatus: 'available',
      writerArn: SECONDARY,
    });
  });

  it('refuses a failover without allowDataLoss when the primary does not answer, naming the flag', async () => {
    const h = setup({}, false);
    const e = await recoverData(input(), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.code).toBe('REFUSED');
    expect(e.message).toBe(
      'The primary (us-east-1) does not answer, so shop-global can only fail over to us-west-2 with possible loss of the writes not yet replicated (last known lag: unknown); pass --allow-data-loss to accept that.',
    );
    expect(h.db.mutations).toEqual([]);
    expect(h.journal).toEqual([]);
  });

  it('fails over with allowDataLoss, journaled first; the RPO is unknown without a lag reading', async () => {
    const h = setup({}, false);
    const r = await recoverData(input({ allowDataLoss: true }), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({ action: 'failover', rpoSeconds: null, resumed: false });
    expect(h.db.mutations).toEqual([`failoverGlobalCluster us-west-2 ${SECONDARY}`]);
    expect(journaledBeforeEachMutation(h.log)).toBe(true);
    expect(h.of('data-rpo')[0]).toMatchObject({ rpoSeconds: null, basis: 'unknown', within: true });
  });

  it('fails over with the old primary region down: done once the target is the writer and available, although the global cluster still reports the failover', async () => {
    const h = setup({}, false);
    const r = await recoverData(
      input({ allowDataLoss: true, waits: { globalWriterChange: { deadlineMs: 10 * MIN } } }),
      h.ports,
      h.emit,
      h.clock,
    );
    expect(r).toMatchObject({ action: 'failover', targetClusterArn: SECONDARY });
    expect(h.db.global?.failover?.status).toBe('failing-over');
  });

  it('fails over even when the global cluster is not "available" because its primary region is down', async () => {
    const h = setup({ status: 'failing-over' as never }, false);
    const r = await recoverData(input({ allowDataLoss: true }), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({ action: 'failover' });
  });

  it('refuses a failover whose known lag exceeds the maximum RPO, unless accepted', async () => {
    const lagging = () => {
      const h = setup({}, false);
      const m = h.db.global?.members[1];
      if (m) m.lagSeconds = 10 * 60;
      return h;
    };
    const h = lagging();
    const e = await recoverData(input({ allowDataLoss: true }), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.code).toBe('REFUSED');
    expect(e.message).toBe(
      'Failing over shop-global would lose up to 10m of writes, over the maximum RPO of 5m.',
    );
    const h2 = lagging();
    const r = await recoverData(input({ allowDataLoss: true, acceptRpo: true }), h2.ports, h2.emit, h2.clock);
    expect(r).toMatchObject({ action: 'failover', rpoSeconds: 600, rpoAccepted: true });
  });

  it('treats a primary whose cluster is not available as not answering', async () => {
    const h = setup();
    h.db.clusters.set(PRIMARY, {
      id: 'shop-prod',
      arn: PRIMARY,
      region: 'us-east-1',
      status: 'inaccessible-encryption-credentials',
      members: [],
    });
    const e = await recoverData(input(), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.message).toMatch(/--allow-data-loss/);
  });

  it.each([
    [
      { status: 'modifying' },
      'Global cluster shop-global is modifying, not available; drctl changes the writer of a healthy global cluster only.',
    ],
    [
      {
        status: 'failing-over',
        failover: {
          status: 'failing-over',
          fromClusterArn: PRIMARY,
          toClusterArn: 'arn:aws:rds:eu-west-1:1:cluster:x',
          dataLossAllowed: true,
        },
      },
      `Global cluster shop-global is already failing-over (a failover from ${PRIMARY} to arn:aws:rds:eu-west-1:1:cluster:x); drctl will not start another writer change.`,
    ],
  ] as [Partial<GlobalCluster>, string][])(
    'refuses an unhealthy global cluster: %o',
    async (over, message) => {
      const h = setup(over);
      const e = await recoverData(input({ allowDataLoss: true }), h.ports, h.emit, h.clock).catch((x) => x);
      expect(e).toBeInstanceOf(DrctlError);
      expect(e.code).toBe('REFUSED');
      expect(e.message).toBe(message);
      expect(h.db.mutations).toEqual([]);
    },
  );

  it('refuses to promote a secondary that is pending-resync', async () => {
    const h = setup();
    const m = h.db.global?.members[1];
    if (m) m.synchronization = 'pending-resync';
    const e = await recoverData(input(), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.message).toMatch(/pending-resync: it does not hold a consistent copy to promote/);
  });

  it('when AWS refuses the switchover, stops there and never escalates to a failover', async () => {
    const h = setup();
    h.db.failWith.switchoverGlobalCluster = new DrctlError(
      'AWS_CALL_FAILED',
      'RDS SwitchoverGlobalCluster shop-global failed: InvalidGlobalClusterStateFault: engine versions differ',
    );
    const e = await recoverData(input({ allowDataLoss: true }), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.code).toBe('AWS_CALL_FAILED');
    expect(e.message).toMatch(/InvalidGlobalClusterStateFault/);
    expect(h.db.mutations).toEqual([`switchoverGlobalCluster us-west-2 ${SECONDARY}`]);
    expect(h.log.some((l) => l.startsWith('failoverGlobalCluster'))).toBe(false);
  });

  it('gives up at the deadline when the writer never changes', async () => {
    const h = setup();
    h.db.changeScript = { polls: Number.POSITIVE_INFINITY };
    const e = await recoverData(
      input({ waits: { globalWriterChange: { deadlineMs: 10 * MIN } } }),
      h.ports,
      h.emit,
      h.clock,
    ).catch((x) => x);
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(
      /switchover of shop-global .* after 600s and \d+ checks; last saw: switching-over \(pending\)/,
    );
  });

  it('does nothing when the target already is the writer (a resumed run)', async () => {
    const h = setup();
    for (const m of h.db.global?.members ?? []) m.isWriter = m.clusterArn === SECONDARY;
    const r = await recoverData(input(), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({ action: 'already-primary', rpoSeconds: 0 });
    expect(h.db.mutations).toEqual([]);
  });

  it('waits for a change toward the target that an earlier run started, without starting another', async () => {
    const h = setup({
      status: 'failing-over',
      failover: {
        status: 'failing-over',
        fromClusterArn: PRIMARY,
        toClusterArn: SECONDARY,
        dataLossAllowed: true,
      },
    });
    const r = await recoverData(input(), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({ action: 'failover', resumed: true });
    expect(h.db.mutations).toEqual([]);
  });

  it('plan shows the writer, the action and the refusal without throwing', async () => {
    const h = setup({}, false);
    const p = await describeDataPlan(input(), h.ports, h.clock);
    expect(p).toMatchObject({
      strategy: 'global',
      action: 'failover',
      globalStatus: 'available',
      writerRegion: 'us-east-1',
      targetClusterArn: SECONDARY,
      primaryAnswers: false,
      rpoSeconds: null,
      maxRpoSeconds: 300,
    });
    if (p.strategy === 'global') expect(p.problems[0]).toMatch(/--allow-data-loss/);
    expect(h.db.mutations).toEqual([]);
  });

  it('names the members when the target region has none', async () => {
    const h = setup();
    const e = await recoverData(input({ targetRegion: 'eu-west-1' }), h.ports, h.emit, h.clock).catch(
      (x) => x,
    );
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe(
      `Global cluster shop-global has no member in eu-west-1; its members are ${PRIMARY}, ${SECONDARY}.`,
    );
  });
});
