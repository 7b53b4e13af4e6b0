/**
 * Failures once DNS may have changed: the record sets end restored field for field (and
 * verified), or ROLLBACK_FAILED carries the exact batch to apply by hand.
 */
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RollbackFailedError } from '../../../src/engine/errors.js';
import { failover } from '../../../src/engine/failover.js';
import type { RoutingPolicy } from '../../../src/ports/dns.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import {
  errorCode,
  expectLockReleased,
  expectNoDnsChange,
  expectProbedBeforeFlip,
  expectRestored,
  expectWriteAhead,
  settle,
} from './helpers.js';

/** The pre-flip probe (to the ALB's name) passes; the post-flip one (to addresses) fails. */
const failThroughDns = (w: ReturnType<typeof createWorld>) => {
  w.probe.override = (req) =>
    isIP(req.connectHost ?? '') === 0
      ? undefined
      : { ok: false, status: 503, latencyMs: 5, error: 'unexpected status 503' };
};

describe('post-flip failures roll back exactly', () => {
  it.each<RoutingPolicy>(['simple', 'failover', 'weighted', 'latency'])(
    '%s: the public probe fails after the flip; the snapshot is restored and verified (exit 3)',
    async (routing) => {
      const w = createWorld(routing);
      failThroughDns(w);
      const r = await settle(failover(inputFor(routing), w.ports, w.sink));
      expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'PROBE_FAILED' });
      expect(r.exit).toBe(3);
      expectRestored(w);
      expect(w.dns.changeLog).toHaveLength(2);
      expect(w.dns.changeLog[1]!.comment).toBe('drctl run-1 rollback');
      expect(w.sink.phases().slice(-3)).toEqual(['verify#1:failed', 'rollback:ok', 'release-lock:ok']);
      // The restore is proven by the sets read back (expectRestored), not by comparing
      // answers: the only answer checked is the flip's.
      expect(w.sink.of('dns-answer').map((e) => e.ok)).toEqual([true]);
      expectWriteAhead(w);
      expectProbedBeforeFlip(w);
      expectLockReleased(w);
    },
  );

  it('the flip batch is rejected: nothing changed, a plain failure (not a rollback)', async () => {
    const w = createWorld('failover');
    w.dns.failChangeNumber = 1;
    const r = await settle(failover(inputFor('failover'), w.ports, w.sink));
    expect((r.error as Error).name).toBe('InvalidChangeBatch');
    expect(r.exit).toBe(1);
    expectNoDnsChange(w);
    expect(w.journal.kinds('run-1')).toContain('step-intent flip:1');
    expect(w.journal.kinds('run-1')).not.toContain('step-done flip:1');
    expectLockReleased(w);
  });

  it.each<RoutingPolicy>(['simple', 'failover', 'weighted', 'latency'])(
    '%s: the flip was applied but its answer lost (the retry meets InvalidChangeBatch): reconciled, not rolled back',
    async (routing) => {
      const w = createWorld(routing);
      w.dns.loseAnswerOfChange = 1;
      const r = await settle(failover(inputFor(routing), w.ports, w.sink));
      expect(r.outcome).toMatchObject({ kind: 'flipped' });
      expect(r.exit).toBe(0);
      expect(w.dns.changeLog).toHaveLength(1);
      expect(w.journal.kinds('run-1')).toContain('step-done flip:1');
      expect(
        w.sink
          .of('warning')
          .map((x) => x.message)
          .join('\n'),
      ).toMatch(/live record sets .*answer was lost/);
      expectWriteAhead(w);
      expectLockReleased(w);
    },
  );

  it('a rejected flip whose record sets changed some other way is not taken for ours', async () => {
    const w = createWorld('simple');
    w.dns.failChangeNumber = 1;
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect((r.error as Error).name).toBe('InvalidChangeBatch');
    expectNoDnsChange(w);
  });

  it('INSYNC is never reached: times out, rolls back', async () => {
    const w = createWorld('simple');
    w.dns.stuck.add('C1');
    const r = await settle(
      failover(inputFor('simple', { waits: { dnsInsync: { deadlineMs: 30_000 } } }), w.ports, w.sink),
    );
    expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'TIMEOUT' });
    expect(r.outcome?.kind === 'rolled-back' && r.outcome.reason).toMatch(
      /change C1 to be INSYNC after 30s and \d+ checks; last saw: PENDING/,
    );
    expectRestored(w);
    expectLockReleased(w);
  });

  it('TestDNSAnswer names something else: VERIFY_FAILED, rolled back', async () => {
    const w = createWorld('simple');
    w.dns.answerOverride = () =>
      w.dns.changeLog.length === 1
        ? { responseCode: 'NOERROR', records: ['elsewhere.elb.amazonaws.com'] }
        : undefined;
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'VERIFY_FAILED' });
    expectRestored(w);
    expectLockReleased(w);
  });

  it('without TestDNSAnswer the flip is verified by the probe alone, and says so', async () => {
    const w = createWorld('simple');
    w.dns.testDnsAvailable = false;
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped', answerVerified: false });
    expect(w.sink.of('warning')[0]!.message).toContain('TestDNSAnswer is not available');
  });

  it('the restore itself fails: ROLLBACK_FAILED (exit 7) with the exact batch to apply by hand', async () => {
    const w = createWorld('failover');
    failThroughDns(w);
    w.dns.failChangeNumber = 2;
    const r = await settle(failover(inputFor('failover'), w.ports, w.sink));
    expect(errorCode(r)).toBe('ROLLBACK_FAILED');
    expect(r.exit).toBe(7);
    const err = r.error as RollbackFailedError;
    expect(err).toBeInstanceOf(RollbackFailedError);
    expect(err.command).toBe(
      'aws route53 change-resource-record-sets --hosted-zone-id ZFAKE --change-batch file://restore-run-1.json',
    );
    // Applying the printed batch by hand restores the snapshot exactly.
    const batch = JSON.parse(err.changeBatch);
    w.dns.failChangeNumber = undefined;
    await w.dns.changeRecordSets('ZFAKE', batch.Changes, batch.Comment);
    expectRestored(w);
    expectLockReleased(w);
  });

  it('Ctrl-C after the flip: stops waiting, restores, verifies (rolled-back, cause ABORTED)', async () => {
    const w = createWorld('weighted');
    const ac = new AbortController();
    w.sink.onEvent = (e) => e.code === 'dns-change-submitted' && ac.abort();
    const r = await settle(failover(inputFor('weighted'), w.ports, w.sink, ac.signal));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'ABORTED' });
    expect(r.exit).toBe(4); // interrupted (docs/exit-codes.md), though restored as for 3
    expectRestored(w);
    expectLockReleased(w);
    expect(w.journal.kinds('run-1').slice(-6)).toEqual([
      'step-intent rollback',
      'step-done rollback',
      'step-done left',
      'step-intent release-lock',
      'step-done release-lock',
      'run-finished',
    ]);
  });

  it('weighted steps: a failure at step 2 restores the snapshot, not step 1', async () => {
    const w = createWorld('weighted');
    w.probe.healthy.add('old-alb-1.us-west-2.elb.amazonaws.com');
    const input = inputFor('weighted');
    input.record.weightSteps = [10, 50, 100];
    w.dns.stuck.add('C2');
    const r = await settle(
      failover({ ...input, waits: { dnsInsync: { deadlineMs: 20_000 } } }, w.ports, w.sink),
    );
    expect(r.outcome?.kind).toBe('rolled-back');
    expectRestored(w);
  });
});
