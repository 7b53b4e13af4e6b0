import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { createWorld, inputFor, NEW_ALB, NEW_ALB_LB } from '../../fakes/world.js';
import { expectLockReleased, expectProbedBeforeFlip, expectWriteAhead, settle } from './helpers.js';

const NAME = 'www.example.com.';
const newAlias = { HostedZoneId: 'Z35NEW', DNSName: `dualstack.${NEW_ALB}.`, EvaluateTargetHealth: true };
const oldAlias = {
  HostedZoneId: 'Z1OLD',
  DNSName: 'dualstack.old-alb-1.us-west-2.elb.amazonaws.com.',
  EvaluateTargetHealth: true,
};

describe('failover, happy path per routing policy', () => {
  it('simple: deploys both waves, proves the ALB, points the alias at it and verifies', async () => {
    const w = createWorld('simple');
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({
      kind: 'flipped',
      from: 'us-west-2',
      to: 'us-east-1',
      answerVerified: true,
    });
    expect(r.exit).toBe(0);
    expect(w.dns.sets).toStrictEqual([{ Name: NAME, Type: 'A', AliasTarget: newAlias }]);
    expect(w.dns.changeLog).toHaveLength(1);
    expect(w.dns.changeLog[0]!.comment).toContain('run-1');
    expect(w.sink.phases()).toEqual([
      'preflight:ok',
      'lock:ok',
      'deploy:ok',
      'await-alb:ok',
      'pre-flip-probe:ok',
      'snapshot:ok',
      'confirm:ok',
      'flip#1:ok',
      'await-insync#1:ok',
      'verify#1:ok',
      'release-lock:ok',
    ]);
    expectWriteAhead(w);
    expectProbedBeforeFlip(w);
    expectLockReleased(w);
  });

  it('feeds the network stack output into the ALB stack and never journals parameters', async () => {
    const w = createWorld('simple');
    await failover(inputFor('simple'), w.ports, w.sink);
    expect(w.stacks.stacks.get('us-east-1/shop-alb')!.spec.parameters.VpcId).toBe('vpc-123');
    expect(JSON.stringify(w.journal.runs.get('run-1'))).not.toContain('not-journaled');
    expect(w.sink.of('stack-event').some((e) => e.stack === 'shop-alb')).toBe(true);
    expect(w.sink.of('target-health').map((t) => t.healthy)).toEqual([0, 2]);
  });

  it('failover: the target region becomes PRIMARY at the new ALB, the old PRIMARY becomes SECONDARY unchanged', async () => {
    const w = createWorld('failover');
    const r = await settle(failover(inputFor('failover'), w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
    expect(w.dns.sets).toHaveLength(2);
    expect(w.dns.sets.find((s) => s.SetIdentifier === 'east')).toStrictEqual({
      Name: NAME,
      Type: 'A',
      SetIdentifier: 'east',
      Failover: 'PRIMARY',
      AliasTarget: newAlias,
    });
    expect(w.dns.sets.find((s) => s.SetIdentifier === 'west')).toStrictEqual({
      Name: NAME,
      Type: 'A',
      SetIdentifier: 'west',
      Failover: 'SECONDARY',
      HealthCheckId: 'hc-west',
      AliasTarget: oldAlias,
    });
    expect(w.dns.changeLog).toHaveLength(1);
    expectWriteAhead(w);
    expectProbedBeforeFlip(w);
    expectLockReleased(w);
  });

  it('failover with repoint: the PRIMARY keeps its identifier and only its alias moves', async () => {
    const w = createWorld('failover');
    const input = inputFor('failover');
    input.record.failoverMode = 'repoint';
    await failover(input, w.ports, w.sink);
    expect(w.dns.sets.find((s) => s.Failover === 'PRIMARY')).toStrictEqual({
      Name: NAME,
      Type: 'A',
      SetIdentifier: 'west',
      Failover: 'PRIMARY',
      HealthCheckId: 'hc-west',
      AliasTarget: newAlias,
    });
    expect(w.dns.sets.find((s) => s.Failover === 'SECONDARY')).toStrictEqual(w.seed[1]);
  });

  it('weighted with steps 10/50/100: one batch per step, each verified, weight ends on the target', async () => {
    const w = createWorld('weighted');
    // Stepping weights is for a planned move (a drill): the old region still serves meanwhile.
    w.probe.healthy.add('old-alb-1.us-west-2.elb.amazonaws.com');
    const input = inputFor('weighted');
    input.record.weightSteps = [10, 50, 100];
    const r = await settle(failover(input, w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
    expect(w.dns.changeLog).toHaveLength(3);
    const weights = w.dns.changeLog.map((c) =>
      c.changes
        .filter((x) => x.Action === 'CREATE')
        .map((x) => `${x.ResourceRecordSet.SetIdentifier}=${x.ResourceRecordSet.Weight}`),
    );
    expect(weights).toEqual([
      ['east=10', 'west=90'],
      ['east=50', 'west=50'],
      ['east=100', 'west=0'],
    ]);
    expect(w.dns.sets.find((s) => s.SetIdentifier === 'east')).toStrictEqual({
      Name: NAME,
      Type: 'A',
      SetIdentifier: 'east',
      Weight: 100,
      AliasTarget: newAlias,
    });
    expect(w.sink.phases().filter((p) => p.startsWith('verify'))).toEqual([
      'verify#1:ok',
      'verify#2:ok',
      'verify#3:ok',
    ]);
    // Every step is proven by the read-back; only the last has a deterministic answer to check.
    expect(w.sink.of('dns-answer').map((e) => e.proof)).toEqual([
      'read-back',
      'read-back',
      'read-back+answer',
    ]);
    expectWriteAhead(w);
    expectProbedBeforeFlip(w);
    expectLockReleased(w);
  });

  it('latency: the failed region is withdrawn and the target region answers with the new ALB', async () => {
    const w = createWorld('latency');
    const r = await settle(failover(inputFor('latency'), w.ports, w.sink));
    expect(r.outcome?.kind).toBe('flipped');
    expect(w.dns.sets).toStrictEqual([
      { Name: NAME, Type: 'A', SetIdentifier: 'east', Region: 'us-east-1', AliasTarget: newAlias },
    ]);
    expect(w.dns.changeLog[0]!.changes.map((c) => c.Action)).toEqual(['DELETE', 'CREATE']);
    expectWriteAhead(w);
    expectProbedBeforeFlip(w);
    expectLockReleased(w);
  });

  it('an active_impaired load balancer (routing, but short of capacity to scale) is accepted with a warning, not waited on', async () => {
    const w = createWorld('simple');
    w.lbs.add(NEW_ALB_LB, ['provisioning', 'active_impaired']);
    const r = await settle(
      failover(inputFor('simple', { waits: { albActive: { deadlineMs: 60_000 } } }), w.ports, w.sink),
    );
    expect(r.outcome).toMatchObject({ kind: 'flipped' });
    expect(w.sink.of('warning').map((x) => x.message)).toContainEqual(
      expect.stringMatching(/active_impaired.*routing traffic/),
    );
  });

  it('records each phase with its duration from the injected clock', async () => {
    const w = createWorld('simple');
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    const deploy = r.outcome!.timings.find((t) => t.phase === 'deploy')!;
    expect(deploy.durationMs).toBeGreaterThan(0);
    expect(r.outcome!.totalMs).toBe(r.outcome!.timings.reduce((n, t) => n + t.durationMs, 0));
  });
});

describe('failover, nothing to do', () => {
  it('ends no-op before deploying when the record already routes to the target region', async () => {
    const w = createWorld('failover');
    const r = await settle(
      failover(
        { ...inputFor('failover'), primaryRegion: 'us-east-1', targetRegion: 'us-west-2' },
        w.ports,
        w.sink,
      ),
    );
    expect(r.outcome).toMatchObject({ kind: 'no-op' });
    expect(r.exit).toBe(0);
    expect(w.calls.filter((c) => c.mutating && c.port !== 'journal')).toEqual([]);
  });
});
