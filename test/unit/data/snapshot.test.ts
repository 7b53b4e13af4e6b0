import { describe, expect, it } from 'vitest';
import { describeDataPlan, recoverData } from '../../../src/engine/data/recover.js';
import { copyIdFor } from '../../../src/engine/data/snapshot.js';
import type { RecoverDataInput } from '../../../src/engine/data/types.js';
import { HOUR, harness, journaledBeforeEachMutation, MIN, snap, T0 } from './fakes.js';

const SRC = 'us-east-1';
const DR = 'us-west-2';
const input = (over: Partial<RecoverDataInput> = {}): RecoverDataInput =>
  ({
    strategy: 'snapshot',
    sourceClusterId: 'shop-prod',
    sourceRegion: SRC,
    targetRegion: DR,
    kmsKeyId: 'alias/drctl-data',
    maxRpoMinutes: 240,
    copyIfMissing: true,
    ...over,
  }) as RecoverDataInput;

describe('snapshot strategy: using what the recovery region has', () => {
  it('restores the newest available snapshot, ignoring one still being created', async () => {
    const h = harness();
    h.db.add(
      snap({ id: 'old', region: DR, ageMs: 5 * HOUR, type: 'awsbackup' }),
      snap({ id: 'newest-ok', region: DR, ageMs: 1 * HOUR, engineVersion: '8.0.mysql_aurora.3.04.3' }),
      snap({ id: 'in-progress', region: DR, ageMs: 10 * MIN, status: 'creating' }),
      snap({ id: 'other-cluster', region: DR, ageMs: 1 * MIN, clusterId: 'blog-prod' }),
    );
    const r = await recoverData(input(), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({
      kind: 'snapshot',
      action: 'use-existing',
      copied: false,
      snapshotId: 'newest-ok',
      rpoSeconds: 3600,
      rpoAccepted: false,
      // The snapshot's version, explicitly: RDS restores at the Region's default otherwise.
      parameters: {
        SnapshotIdentifier: `arn:aws:rds:${DR}:123456789012:cluster-snapshot:newest-ok`,
        EngineVersion: '8.0.mysql_aurora.3.04.3',
      },
    });
    expect(h.db.mutations).toEqual([]);
    // A fresh snapshot in the target: the (maybe dead) source region is not even asked.
    expect(h.log.some((l) => l.includes(SRC))).toBe(false);
    expect(h.of('data-rpo')).toEqual([
      { rpoSeconds: 3600, basis: 'snapshot-time', maxRpoSeconds: 14400, within: true, accepted: false },
    ]);
  });

  it('fails with one sentence when there is no snapshot anywhere', async () => {
    const h = harness();
    const e = await recoverData(input(), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('No available snapshot of cluster shop-prod in us-west-2, nor in us-east-1.');
    expect(e.hints[0]).toMatch(/AWS Backup copy rule/);
  });

  it('says the source region did not answer when the target has nothing', async () => {
    const h = harness();
    h.db.down.add(SRC);
    const e = await recoverData(input(), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(
      /^No available snapshot of cluster shop-prod in us-west-2, and us-east-1 did not answer \(.*ETIMEDOUT\)\.$/,
    );
    expect(h.of('data-region-unavailable')[0]?.region).toBe(SRC);
    expect(h.db.mutations).toEqual([]);
  });

  it('refuses a snapshot older than the maximum RPO, before any mutation, with exit code 5', async () => {
    const h = harness();
    h.db.add(snap({ id: 'stale', region: DR, ageMs: 7 * HOUR + 12 * MIN }));
    const e = await recoverData(
      input({ maxRpoMinutes: 60, copyIfMissing: false }),
      h.ports,
      h.emit,
      h.clock,
    ).catch((x) => x);
    expect(e.code).toBe('REFUSED');
    expect(e.exitCode).toBe(5);
    expect(e.message).toBe(
      'Restoring snapshot stale (taken 7h 12m ago) would lose up to 7h 12m of writes, over the maximum RPO of 1h.',
    );
    expect(e.hints[0]).toMatch(/--accept-rpo/);
    expect(h.db.mutations).toEqual([]);
  });

  it('restores the old snapshot anyway with acceptRpo, and says so', async () => {
    const h = harness();
    h.db.add(snap({ id: 'stale', region: DR, ageMs: 7 * HOUR }));
    const r = await recoverData(
      input({ maxRpoMinutes: 60, copyIfMissing: false, acceptRpo: true }),
      h.ports,
      h.emit,
      h.clock,
    );
    expect(r).toMatchObject({
      kind: 'snapshot',
      snapshotId: 'stale',
      rpoSeconds: 7 * 3600,
      rpoAccepted: true,
    });
    expect(h.of('data-rpo')[0]).toMatchObject({ within: false, accepted: true });
  });
});

describe('snapshot strategy: copying from the source region', () => {
  it('copies the newest source snapshot when the target has none, journaled first, and waits for it', async () => {
    const h = harness();
    h.db.add(
      snap({
        id: 'rds:shop-prod-2026-11-30-10-00',
        region: SRC,
        ageMs: 2 * HOUR,
        type: 'automated',
        engineVersion: '8.0.mysql_aurora.3.07.1',
      }),
      snap({ id: 'rds:shop-prod-2026-11-29-10-00', region: SRC, ageMs: 26 * HOUR, type: 'automated' }),
    );
    const r = await recoverData(input({ tags: { 'drctl:run': 'r1' } }), h.ports, h.emit, h.clock);
    const targetId = 'drctl-shop-prod-202611301000';
    expect(r).toMatchObject({ kind: 'snapshot', action: 'copy', copied: true, snapshotId: targetId });
    expect(r.parameters).toEqual({
      SnapshotIdentifier: `arn:aws:rds:${DR}:123456789012:cluster-snapshot:${targetId}`,
      EngineVersion: '8.0.mysql_aurora.3.07.1',
    });
    if (r.kind !== 'snapshot') throw new Error('kind');
    // The data is as old as the source snapshot, plus the time the copy took.
    expect(r.snapshotTime.getTime()).toBe(T0 - 2 * HOUR);
    expect(r.rpoSeconds).toBe(Math.round((h.clock.now() - (T0 - 2 * HOUR)) / 1000));
    expect(h.clock.now()).toBeGreaterThan(T0);
    expect(h.db.mutations).toEqual([`copyClusterSnapshot ${DR} ${targetId}`]);
    expect(journaledBeforeEachMutation(h.log)).toBe(true);
    expect(h.journal[0]).toEqual({
      kind: 'data-copy-intent',
      data: {
        sourceArn: `arn:aws:rds:${SRC}:123456789012:cluster-snapshot:rds:shop-prod-2026-11-30-10-00`,
        targetRegion: DR,
        targetId,
        kmsKeyId: 'alias/drctl-data',
        tags: { 'drctl:run': 'r1' },
        sourceRegion: SRC,
      },
    });
    expect(h.journal.map((j) => j.kind)).toEqual(['data-copy-intent', 'data-copy-done']);
    expect(h.of('data-copy-progress').map((p) => p.status)).toEqual(['copying', 'copying', 'available']);
    expect(h.codes()).toContain('data-copy-done');
  });

  it('copies an unencrypted source snapshot without a KMS key (RDS rejects KmsKeyId for one)', async () => {
    const h = harness();
    const { kmsKeyId: _key, ...plain } = snap({
      id: 'plain',
      region: SRC,
      ageMs: 2 * HOUR,
      encrypted: false,
    });
    h.db.add(plain);
    const r = await recoverData(input(), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({ kind: 'snapshot', action: 'copy', copied: true });
    expect(h.journal[0]!.data).not.toHaveProperty('kmsKeyId');
  });

  it('copies a newer source snapshot when the target only has one over the maximum RPO', async () => {
    const h = harness();
    h.db.add(
      snap({ id: 'stale', region: DR, ageMs: 30 * HOUR }),
      snap({ id: 'fresh', region: SRC, ageMs: 1 * HOUR }),
    );
    const r = await recoverData(input(), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({ action: 'copy', copied: true });
    expect(h.db.mutations).toHaveLength(1);
  });

  it('waits for the copy an interrupted run started instead of starting a second one', async () => {
    const h = harness();
    const source = snap({ id: 'fresh', region: SRC, ageMs: 1 * HOUR });
    h.db.add(source, {
      ...snap({ id: copyIdFor(source), region: DR, ageMs: 30 * MIN, status: 'copying' }),
      sourceSnapshotArn: source.arn,
    });
    const r = await recoverData(input(), h.ports, h.emit, h.clock);
    expect(r).toMatchObject({ action: 'copy', copied: true, snapshotId: copyIdFor(source) });
    if (r.kind === 'snapshot') expect(r.snapshotTime.getTime()).toBe(T0 - HOUR);
    expect(h.db.mutations).toEqual([]);
  });

  it('refuses to copy an encrypted snapshot without a KMS key in the target region', async () => {
    const h = harness();
    h.db.add(snap({ id: 'fresh', region: SRC, ageMs: HOUR }));
    const e = await recoverData(input({ kmsKeyId: undefined }), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(/KMS keys are regional.*data\.snapshot\.kmsKeyId, a key in us-west-2/);
    expect(h.db.mutations).toEqual([]);
  });

  it('stops when the copy request fails, after journaling the intent', async () => {
    const h = harness();
    h.db.add(snap({ id: 'fresh', region: SRC, ageMs: HOUR }));
    h.db.failWith.copyClusterSnapshot = new Error('SnapshotQuotaExceeded');
    const e = await recoverData(input(), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.message).toBe('SnapshotQuotaExceeded');
    expect(h.log.slice(-2)).toEqual([
      'journal data-copy-intent',
      `copyClusterSnapshot ${DR} drctl-shop-prod-202611301100`,
    ]);
  });

  it('stops when the copy ends failed, naming it', async () => {
    const h = harness();
    h.db.add(snap({ id: 'fresh', region: SRC, ageMs: HOUR }));
    h.db.copyScript = { kind: 'fail', polls: 2 };
    const e = await recoverData(input(), h.ports, h.emit, h.clock).catch((x) => x);
    expect(e.code).toBe('AWS_CALL_FAILED');
    expect(e.message).toBe('The copy drctl-shop-prod-202611301100 in us-west-2 ended failed.');
    expect(h.journal.map((j) => j.kind)).toEqual(['data-copy-intent']);
  });

  it('gives up on a copy that never completes at the deadline, in virtual time', async () => {
    const h = harness();
    h.db.add(snap({ id: 'fresh', region: SRC, ageMs: HOUR }));
    h.db.copyScript = { kind: 'never' };
    const e = await recoverData(
      input({ waits: { snapshotCopy: { deadlineMs: 30 * MIN } } }),
      h.ports,
      h.emit,
      h.clock,
    ).catch((x) => x);
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(
      /^gave up waiting for snapshot copy drctl-shop-prod-202611301100 in us-west-2 to be available after 1800s and \d+ checks; last saw: copying \d+%$/,
    );
    expect(h.clock.now() - T0).toBe(30 * MIN);
  });

  it('stops waiting when the signal aborts', async () => {
    const h = harness();
    h.db.add(snap({ id: 'fresh', region: SRC, ageMs: HOUR }));
    h.db.copyScript = { kind: 'never' };
    const ac = new AbortController();
    ac.abort();
    const e = await recoverData(input(), h.ports, h.emit, h.clock, ac.signal).catch((x) => x);
    expect(e.code).toBe('ABORTED');
  });
});

describe('snapshot strategy: plan', () => {
  it('plan shows source, age and RPO, and reports a refusal instead of throwing it', async () => {
    const h = harness();
    h.db.add(snap({ id: 'stale', region: DR, ageMs: 5 * HOUR }));
    const p = await describeDataPlan(input({ maxRpoMinutes: 60, copyIfMissing: false }), h.ports, h.clock);
    expect(p).toEqual({
      strategy: 'snapshot',
      action: 'use-existing',
      snapshotId: 'stale',
      snapshotRegion: DR,
      snapshotTime: new Date(T0 - 5 * HOUR),
      rpoSeconds: 18000,
      maxRpoSeconds: 3600,
      problems: [
        'Restoring snapshot stale (taken 5h ago) would lose up to 5h of writes, over the maximum RPO of 1h.',
      ],
    });
    expect(h.db.mutations).toEqual([]);
  });

  it('none: nothing to recover, nothing called', async () => {
    const h = harness();
    expect(await recoverData({ strategy: 'none' }, h.ports, h.emit, h.clock)).toEqual({
      kind: 'none',
      parameters: {},
    });
    expect(h.log).toEqual([]);
    expect(await describeDataPlan({ strategy: 'none' }, h.ports, h.clock)).toEqual({
      strategy: 'none',
      problems: [],
    });
  });
});
