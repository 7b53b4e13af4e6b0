/**
 * The after-flip policy: what a failed check or an interruption after the flip does.
 * `rollback` (default) restores the snapshot unless the region it would restore failed its
 * probe at the start of the run; then, and always under `hold`, the new record is kept.
 */
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { resumeRun } from '../../../src/engine/resume.js';
import { rollbackRun } from '../../../src/engine/rollback.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor, NEW_ALB, OLD_ALB, type World } from '../../fakes/world.js';
import {
  expectLockReleased,
  expectProbedBeforeFlip,
  expectRestored,
  expectWriteAhead,
  settle,
} from './helpers.js';

/** The probe through DNS (after the flip) fails: the operator's resolver, or the new region. */
const failThroughDns = (w: World) => {
  w.probe.override = (req) =>
    isIP(req.connectHost ?? '') === 0
      ? undefined
      : { ok: false, status: 503, latencyMs: 5, error: 'unexpected status 503' };
};
const primaryDown = (w: World) => w.probe.healthy.delete(OLD_ALB);
const pointsAtNew = (w: World) =>
  expect(w.dns.sets.find((s) => s.Failover === 'PRIMARY')?.AliasTarget?.DNSName).toContain(NEW_ALB);

describe('after-flip policy', () => {
  it('default: a failed check after the flip holds when the old region was found unhealthy, and says why (exit 9)', async () => {
    const w = createWorld('failover');
    primaryDown(w);
    failThroughDns(w);
    const r = await settle(failover(inputFor('failover'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({
      kind: 'held',
      why: 'source-unhealthy',
      cause: 'PROBE_FAILED',
      from: 'us-west-2',
      to: 'us-east-1',
      sourceProblem: 'unexpected status 503',
    });
    expect(r.exit).toBe(9);
    pointsAtNew(w);
    expect(w.dns.changeLog).toHaveLength(1);
    expect(w.sink.of('warning').map((x) => x.message)).toContainEqual(
      expect.stringContaining('us-west-2, which serves now, fails its health probe'),
    );
    expect(w.journal.kinds('run-1')).toContain('step-done source-health');
    expect(w.journal.runs.get('run-1')?.at(-1)).toMatchObject({
      kind: 'run-finished',
      data: { outcome: 'held' },
    });
    expectWriteAhead(w);
    expectProbedBeforeFlip(w);
    expectLockReleased(w);
  });

  it('default: Ctrl-C after the flip towards a dead old region holds too', async () => {
    const w = createWorld('failover');
    primaryDown(w);
    const ac = new AbortController();
    w.sink.onEvent = (e) => e.code === 'dns-change-submitted' && ac.abort();
    const r = await settle(failover(inputFor('failover'), w.ports, w.sink, ac.signal));
    expect(r.outcome).toMatchObject({ kind: 'held', cause: 'ABORTED', why: 'source-unhealthy' });
    expect(r.exit).toBe(4);
    pointsAtNew(w);
  });

  it('hold: a failed check keeps the new record although the old region is healthy', async () => {
    const w = createWorld('failover');
    failThroughDns(w);
    const r = await settle(failover(inputFor('failover', { afterFlip: 'hold' }), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'held', why: 'policy' });
    pointsAtNew(w);
    // hold never restores, so the old region is not probed at the start.
    expect(w.probe.requests.filter((q) => q.connectHost === OLD_ALB)).toEqual([]);
  });

  it('rollback with a healthy old region restores exactly (exit 3)', async () => {
    const w = createWorld('failover');
    failThroughDns(w);
    const r = await settle(failover(inputFor('failover', { afterFlip: 'rollback' }), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back' });
    expectRestored(w);
  });

  it('a held run is over for resume, and can be rolled back deliberately', async () => {
    const w = createWorld('failover');
    primaryDown(w);
    failThroughDns(w);
    await failover(inputFor('failover'), w.ports, w.sink);
    expect((await resumeRun('run-1', inputFor('failover'), w.ports, new RecordingSink())).kind).toBe('no-op');
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true });
    expect(r.kind).toBe('restored');
    expectRestored(w);
  });

  it('a flip rejected before it changed anything is a plain failure, whatever the policy', async () => {
    const w = createWorld('failover');
    primaryDown(w);
    w.dns.failChangeNumber = 1;
    const r = await settle(failover(inputFor('failover', { afterFlip: 'hold' }), w.ports, w.sink));
    expect(r.exit).toBe(1);
    expect(w.dns.sets).toEqual(w.seed);
  });
});
