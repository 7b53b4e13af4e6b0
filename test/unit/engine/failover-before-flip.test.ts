/** A failure at each step before the flip: DNS untouched, lock released, typed error or outcome. */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { lockKeyFor } from '../../../src/engine/input.js';
import { createWorld, inputFor, NEW_ALB, OLD_ALB, TG_ARN } from '../../fakes/world.js';
import { errorCode, expectLockReleased, expectNoDnsChange, expectWriteAhead, settle } from './helpers.js';

const fast = {
  stack: { deadlineMs: 600_000 },
  albActive: { deadlineMs: 120_000 },
  targetHealth: { deadlineMs: 120_000 },
};

describe('failover fails before the flip and changes no DNS', () => {
  it('a stack fails: names the resource and CloudFormation reason, stops before DNS', async () => {
    const w = createWorld();
    w.stacks.script('shop-alb', {
      fail: {
        logicalId: 'Listener',
        resourceType: 'AWS::ElasticLoadBalancingV2::Listener',
        reason: 'Certificate not found',
      },
    });
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(errorCode(r)).toBe('STACK_FAILED');
    expect(r.exit).toBe(1);
    expect((r.error as Error).message).toBe(
      'stack shop-alb ended ROLLBACK_COMPLETE: resource Listener (AWS::ElasticLoadBalancingV2::Listener) failed: Certificate not found',
    );
    expect(w.sink.of('stack-event').find((e) => e.status === 'CREATE_FAILED')).toMatchObject({
      logicalId: 'Listener',
      reason: 'Certificate not found',
    });
    // Only the start-of-run probe of the region serving now: the new ALB was never probed.
    expect(w.probe.requests.map((q) => q.connectHost)).toEqual([OLD_ALB]);
    expectNoDnsChange(w);
    expectLockReleased(w);
    expectWriteAhead(w);
    expect(w.journal.kinds('run-1').at(-1)).toBe('run-finished');
  });

  // A CREATE change set's empty stack never settles, and UpdateStack refuses both states:
  // deploy must stop at once with the command that clears each (it waited 60 minutes).
  it.each([
    [
      'REVIEW_IN_PROGRESS',
      /delete-stack --region us-east-1 --stack-name shop-alb\) or execute its change set/,
    ],
    ['UPDATE_ROLLBACK_FAILED', /continue-update-rollback --region us-east-1 --stack-name shop-alb\)/],
    ['ROLLBACK_COMPLETE', /delete-stack --region us-east-1 --stack-name shop-alb\)/],
  ])('a stack in the dead end %s stops deploy at once, naming what clears it', async (status, command) => {
    const w = createWorld();
    w.stacks.seed('us-east-1', { name: 'shop-alb', templateBody: '{}', parameters: {}, tags: {} }, status);
    const started = w.clock.now();
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(errorCode(r)).toBe('STACK_FAILED');
    const message = (r.error as Error).message;
    expect(message).toMatch(new RegExp(`^stack shop-alb in us-east-1 is ${status} and cannot be updated: `));
    expect(message).toMatch(command);
    expect(w.clock.now() - started).toBeLessThan(5 * 60_000);
    expect(w.journal.kinds('run-1')).not.toContain('step-intent deploy:shop-alb');
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('a stack that never settles hits the stack deadline', async () => {
    const w = createWorld();
    w.stacks.script('shop-network', { hang: true });
    const r = await settle(failover(inputFor('simple', { waits: fast }), w.ports, w.sink));
    expect(errorCode(r)).toBe('TIMEOUT');
    expect((r.error as Error).message).toMatch(
      /stack shop-network .* after 600s and \d+ checks; last saw: CREATE_IN_PROGRESS/,
    );
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('the ALB never becomes active: times out saying what it last saw', async () => {
    const w = createWorld();
    w.lbs.add(
      {
        arn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/new-alb/1',
        name: 'new-alb',
        region: 'us-east-1',
        dnsName: 'x',
        canonicalHostedZoneId: 'Z',
        scheme: 'internet-facing',
        type: 'application',
      },
      ['provisioning'],
    );
    const r = await settle(failover(inputFor('simple', { waits: fast }), w.ports, w.sink));
    expect(errorCode(r)).toBe('TIMEOUT');
    expect((r.error as Error).message).toContain('last saw: provisioning');
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('targets stay unhealthy: times out with the healthy count and reasons', async () => {
    const w = createWorld();
    w.lbs.scriptHealth(TG_ARN, [
      { id: 'i-1', state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' },
      { id: 'i-2', state: 'healthy' },
    ]);
    const r = await settle(failover(inputFor('simple', { waits: fast }), w.ports, w.sink));
    expect(errorCode(r)).toBe('TIMEOUT');
    expect((r.error as Error).message).toContain('1/2 healthy (Target.ResponseCodeMismatch, healthy)');
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('the pre-flip probe never gets 3 successes in a row: PROBE_FAILED, DNS untouched', async () => {
    const w = createWorld();
    let n = 0;
    w.probe.override = (req) =>
      req.connectHost === NEW_ALB && ++n % 3 === 0
        ? { ok: false, status: 502, latencyMs: 5, error: 'unexpected status 502' }
        : undefined;
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(errorCode(r)).toBe('PROBE_FAILED');
    expect((r.error as Error).message).toBe(
      'pre-flip probe of https://www.example.com/healthz via new-alb-1.us-east-1.elb.amazonaws.com (3 successes in a row) did not pass within 60s; last saw: 1 in a row',
    );
    const [source, ...preFlip] = w.probe.requests;
    expect(source?.connectHost).toBe(OLD_ALB);
    expect(preFlip.every((q) => q.connectHost === NEW_ALB)).toBe(true);
    expect(preFlip[0]).toMatchObject({ hostname: 'www.example.com', path: '/healthz' });
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('the snapshot read fails: nothing changes', async () => {
    const w = createWorld();
    w.dns.failListCall = 2; // the first read is preflight's
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect((r.error as Error).name).toBe('ServiceUnavailable');
    expect(r.exit).toBe(1);
    expect(w.sink.phases()).toContain('snapshot:failed');
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('the journal cannot record the flip intent: the flip is not made', async () => {
    const w = createWorld();
    w.journal.failWhen = (e) => e.kind === 'step-intent' && e.step === 'flip:1';
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(errorCode(r)).toBe('JOURNAL');
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('the operator declines (types another region): aborted, nothing changed', async () => {
    const w = createWorld();
    w.sink.answers['confirm-flip'] = 'us-west-2';
    const r = await settle(failover(inputFor('simple', { flags: {} }), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'aborted', reason: 'declined', dnsChanged: false });
    expect(r.exit).toBe(4);
    expect(w.sink.questions[0]).toMatchObject({
      kind: 'type-to-confirm',
      expected: 'us-east-1',
      default: '',
    });
    expectNoDnsChange(w);
    expectLockReleased(w);
  });

  it('typing the target region confirms', async () => {
    const w = createWorld();
    w.sink.answers['confirm-flip'] = ' us-east-1 ';
    const r = await settle(failover(inputFor('simple', { flags: {} }), w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
  });

  it('Ctrl-C before the flip: aborted, DNS untouched, lock released, journal closed', async () => {
    const w = createWorld();
    const ac = new AbortController();
    w.sink.onEvent = (e) => e.code === 'target-health' && ac.abort();
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink, ac.signal));
    expect(r.outcome).toMatchObject({ kind: 'aborted', reason: 'interrupted' });
    expect(r.exit).toBe(4);
    expectNoDnsChange(w);
    expectLockReleased(w);
    expect(w.journal.kinds('run-1').slice(-3)).toEqual([
      'step-intent release-lock',
      'step-done release-lock',
      'run-finished',
    ]);
  });

  it('bad input is refused before any call', async () => {
    const w = createWorld();
    const input = inputFor('simple');
    const r = await settle(
      failover({ ...input, verification: { ...input.verification, path: 'healthz' } }, w.ports, w.sink),
    );
    expect(errorCode(r)).toBe('CONFIG_INVALID');
    expect(r.exit).toBe(2);
    expect(w.calls).toEqual([]);
  });

  it('a record shape the config does not describe is refused before the lock', async () => {
    const w = createWorld('weighted');
    const r = await settle(failover(inputFor('failover'), w.ports, w.sink));
    expect(errorCode(r)).toBe('REFUSED');
    expect(r.exit).toBe(5);
    expect(w.calls.filter((c) => c.mutating && c.port !== 'journal')).toEqual([]);
  });
});

describe('the lock', () => {
  const key = lockKeyFor('ZFAKE', 'www.example.com', 'A');
  const other = { runId: 'run-0', startedAt: '2026-01-01T00:00:00.000Z' };

  it('who holds the lock and where is journaled (the public lock record carries the run id)', async () => {
    const w = createWorld();
    await settle(failover(inputFor('simple'), w.ports, w.sink));
    const lockDone = w.journal.runs.get('run-1')!.find((e) => e.kind === 'step-done' && e.step === 'lock');
    expect(lockDone?.data).toMatchObject({ holder: 'alice', host: 'laptop' });
  });

  it('held by another run: LOCK_HELD naming its run id and start; nothing deployed', async () => {
    const w = createWorld();
    w.lock.locks.set(key, other);
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(errorCode(r)).toBe('LOCK_HELD');
    expect(r.exit).toBe(6);
    expect((r.error as Error).message).toBe(
      `the record ${key} is locked by run run-0 (since 2026-01-01T00:00:00.000Z)`,
    );
    expect(w.calls.filter((c) => c.port === 'stacks')).toEqual([]);
    expect(w.lock.locks.get(key)).toEqual(other);
    expectNoDnsChange(w);
  });

  it('calls a lock older than the stale limit stale, and still does not break it unasked', async () => {
    const w = createWorld();
    w.lock.locks.set(key, other);
    w.clock.t = Date.parse(other.startedAt) + 3 * 60 * 60_000;
    const r = await settle(
      failover(inputFor('simple', { lockStaleAfterMs: 2 * 60 * 60_000 }), w.ports, w.sink),
    );
    expect(errorCode(r)).toBe('LOCK_HELD');
    expect((r.error as Error).message).toMatch(
      /; it is 180 min old, past the 120 min stale limit, so that run is probably dead$/,
    );
    expect(w.lock.locks.get(key)).toEqual(other);
  });

  it('--break-lock asks, breaks the stale lock, and runs', async () => {
    const w = createWorld();
    w.lock.locks.set(key, other);
    w.sink.answers['break-lock'] = true;
    w.sink.answers['confirm-flip'] = 'us-east-1';
    const r = await settle(failover(inputFor('simple', { flags: { breakLock: true } }), w.ports, w.sink));
    expect(w.sink.questions[0]).toMatchObject({ id: 'break-lock', default: false });
    expect(w.sink.of('lock-broken')[0]!.previous).toEqual(other);
    expect(r.outcome?.kind).toBe('flipped');
    expectWriteAhead(w);
    expectLockReleased(w);
  });

  it('--break-lock declined: aborted, the other run keeps its lock', async () => {
    const w = createWorld();
    w.lock.locks.set(key, other);
    const r = await settle(failover(inputFor('simple', { flags: { breakLock: true } }), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'aborted', reason: 'declined' });
    expect(w.lock.locks.get(key)).toEqual(other);
    expectNoDnsChange(w);
  });

  it('--break-lock --yes breaks without asking and flips', async () => {
    const w = createWorld();
    w.lock.locks.set(key, other);
    const r = await settle(
      failover(inputFor('simple', { flags: { yes: true, breakLock: true } }), w.ports, w.sink),
    );
    expect(r.outcome?.kind).toBe('flipped');
    expect(w.sink.questions).toEqual([]);
    expectLockReleased(w);
  });
});

describe('Ctrl-C at the confirmation prompt', () => {
  it('is an interruption before any change: aborted, no rollback phase', async () => {
    const w = createWorld();
    const ac = new AbortController();
    w.sink.ask = async () => {
      ac.abort();
      return 'us-east-1' as never;
    };
    const r = await settle(failover(inputFor('simple', { flags: {} }), w.ports, w.sink, ac.signal));
    expect(r.outcome).toMatchObject({ kind: 'aborted', reason: 'interrupted' });
    expect(w.sink.phases()).not.toContain('rollback:ok');
    expectNoDnsChange(w);
    expectLockReleased(w);
  });
});
