/** Refusals and verdicts, the stack plan, change sets, the DNS view and the estimates. */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/engine/plan/index.js';
import { MemoryJournal } from '../../fakes/memory.js';
import { createPlanWorld, deployTarget } from '../../fakes/plan-world.js';
import { NEW_ALB, TG_ARN } from '../../fakes/world.js';

describe('safety rules', () => {
  it('refuse when the record already routes to the target; --force lists the refusal without refusing', async () => {
    const w = createPlanWorld('failover');
    w.dns.sets[0]!.SetIdentifier = 'east'; // the PRIMARY is the target region's set
    w.dns.sets[1]!.SetIdentifier = 'west';
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.verdict).toBe('refused');
    expect(doc.refusals.map((r) => r.id)).toEqual(['already-target']);
    w.request.input.flags = { force: true };
    const forced = await buildPlan(w.request, w.planPorts);
    expect(forced).toMatchObject({ verdict: 'ready', forced: true });
    expect(forced.refusals).toHaveLength(1);
  });

  it('refuse a record with variants the config does not describe', async () => {
    const w = createPlanWorld('weighted');
    w.dns.sets.push({
      Name: 'www.example.com.',
      Type: 'A',
      SetIdentifier: 'canary',
      Weight: 5,
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.7' }],
    });
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.verdict).toBe('refused');
    expect(doc.refusals[0]).toMatchObject({ id: 'unknown-variants', reason: /canary/ });
    expect(doc.dns.batches).toEqual([]);
  });

  it('refuse type A on a name that also has an AAAA alias to a load balancer, naming A+AAAA', async () => {
    const w = createPlanWorld('simple');
    w.dns.sets.push({ ...w.dns.sets[0]!, Type: 'AAAA' });
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.verdict).toBe('refused');
    expect(doc.checks.find((c) => c.id === 'record')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/has AAAA alias record sets to a load balancer as well as A/),
      fix: 'set dns.record.type: A+AAAA so both move together, in one change batch',
    });
    expect(doc.dns.batches).toEqual([]);
  });

  it('refuse when the new ALB has no healthy target and no stack would change', async () => {
    const w = createPlanWorld();
    deployTarget(w);
    w.lbs.scriptHealth(TG_ARN, [{ id: 'i-1', state: 'unhealthy' }]);
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.stacks.map((s) => s.action)).toEqual(['no-change', 'no-change']);
    expect(doc.refusals).toEqual([
      expect.objectContaining({
        id: 'no-healthy-target',
        reason: expect.stringMatching(/no healthy target/),
      }),
    ]);
    w.lbs.scriptHealth(TG_ARN, [{ id: 'i-1', state: 'healthy' }]);
    expect((await buildPlan(w.request, w.planPorts)).verdict).toBe('ready');
  });
});

describe('stack plan', () => {
  it('creates absent stacks with every parameter, outputs of undeployed stacks marked, secrets masked', async () => {
    const w = createPlanWorld();
    w.request.input.waves[1]![0]!.secretParameters = ['DbPassword'];
    const [network, alb] = (await buildPlan(w.request, w.planPorts)).stacks;
    expect(network).toMatchObject({ name: 'shop-network', wave: 1, action: 'create' });
    expect(alb!.parameters).toEqual([
      { name: 'CertificateArn', after: 'arn:cert', secret: false },
      { name: 'DbPassword', after: '****', secret: true },
      { name: 'VpcId', after: '<output VpcId of shop-network>', secret: false },
    ]);
    expect(JSON.stringify(alb)).not.toContain('not-journaled');
  });

  it('updates a stack whose parameters or template differ, showing before and after; no change otherwise', async () => {
    const w = createPlanWorld();
    deployTarget(w);
    w.request.input.waves[0]![0]!.parameters = { Env: 'prod2' };
    w.request.input.waves[1]![0]!.templateBody = '{"changed":true}';
    const [network, alb] = (await buildPlan(w.request, w.planPorts)).stacks;
    expect(network).toMatchObject({
      action: 'update',
      why: '1 parameter(s) differ',
      parameters: [{ name: 'Env', before: 'prod', after: 'prod2' }],
    });
    expect(alb).toMatchObject({ action: 'update', why: 'the template differs', parameters: [] });
  });

  it('with change sets: CloudFormation lists the resource changes; each change set and empty stack is deleted', async () => {
    const w = createPlanWorld();
    w.request.changeSets = true;
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.stacks[0]!.changeSet).toEqual({
      status: 'ok',
      changes: [{ action: 'Add', logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC' }],
    });
    expect(doc.stacks[1]!.changeSet).toMatchObject({
      status: 'skipped',
      reason: /needs <output VpcId of shop-network>/,
    });
    const mutations = w.calls.filter((c) => c.mutating).map((c) => `${c.port}.${c.method}`);
    expect(mutations).toEqual(['review.createChangeSet', 'review.deleteChangeSet', 'stacks.delete']);
    expect(w.review.changeSets.size).toBe(0);
    expect(w.stacks.stacks.get('us-east-1/shop-network')?.info.status).toBe('DELETE_COMPLETE');
  });

  it('with change sets: "no changes" turns an update into no change', async () => {
    const w = createPlanWorld();
    deployTarget(w);
    w.request.input.waves[0]![0]!.templateBody = '{ }';
    w.request.changeSets = true;
    w.review.changes = [];
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.stacks[0]).toMatchObject({
      action: 'no-change',
      why: 'CloudFormation reports no changes',
      changeSet: { status: 'no-changes' },
    });
    expect(w.stacks.stacks.get('us-east-1/shop-network')?.info.status).toBe('CREATE_COMPLETE');
  });
});

describe('DNS view', () => {
  it('shows every set before and after with a marked placeholder while the new ALB does not exist', async () => {
    const w = createPlanWorld('failover');
    const { dns } = await buildPlan(w.request, w.planPorts);
    expect(dns.albKnown).toBe(false);
    expect(dns.before).toEqual(w.seed);
    expect(dns.after.find((rs) => rs.Failover === 'PRIMARY')).toMatchObject({
      SetIdentifier: 'east',
      AliasTarget: { DNSName: 'dualstack.<new-alb>.us-east-1.elb.amazonaws.com.' },
    });
    expect(dns.after.find((rs) => rs.Failover === 'SECONDARY')).toMatchObject({
      SetIdentifier: 'west',
      HealthCheckId: 'hc-west',
    });
  });

  it('names the real ALB once its stack exists', async () => {
    const w = createPlanWorld('simple');
    deployTarget(w);
    const { dns } = await buildPlan(w.request, w.planPorts);
    expect(dns).toMatchObject({ albKnown: true, albDnsName: NEW_ALB });
    expect(dns.after[0]!.AliasTarget!.DNSName).toBe(`dualstack.${NEW_ALB}.`);
  });
});

describe('estimates', () => {
  it('use the model without past runs, and the median of past flipped runs per phase when there are some', async () => {
    const w = createPlanWorld();
    const model = (await buildPlan(w.request, w.planPorts)).estimate;
    expect(model.runsUsed).toBe(0);
    expect(model.phases.find((p) => p.phase === 'deploy')).toEqual({
      phase: 'deploy',
      seconds: 600,
      source: 'model',
    });
    const journal = new MemoryJournal();
    journal.list = async () =>
      ['a', 'b', 'c'].map((runId) => ({
        runId,
        command: 'failover',
        outcome: 'flipped',
        startedAt: '',
        entries: 1,
        lastKind: 'run-finished',
        location: '',
      }));
    for (const [runId, s] of [
      ['a', 100],
      ['b', 300],
      ['c', 200],
    ] as const) {
      await journal.append(runId, {
        at: '',
        kind: 'run-finished',
        data: { outcome: 'flipped', timings: [{ phase: 'deploy', durationMs: s * 1000, result: 'ok' }] },
      });
    }
    w.planPorts.journal = journal;
    const past = (await buildPlan(w.request, w.planPorts)).estimate;
    expect(past.runsUsed).toBe(3);
    expect(past.phases.find((p) => p.phase === 'deploy')).toEqual({
      phase: 'deploy',
      seconds: 200,
      source: 'history',
    });
    expect(past.phases.find((p) => p.phase === 'lock')?.source).toBe('model');
    expect(model.rpoSeconds).toBe(0);
  });

  it('fall back to the median of recent successful drills into the target region', async () => {
    const w = createPlanWorld();
    const journal = new MemoryJournal();
    const drill = (runId: string, region: string, deployMs: number, rehearsal = 'ok') =>
      journal.append(runId, {
        at: '',
        kind: 'drill-result',
        data: {
          region,
          env: w.request.input.env,
          rehearsal,
          startedAt: `2026-11-0${runId.length}T00:00:00Z`,
          phases: [{ phase: 'deploy', durationMs: deployMs, result: 'ok' }],
        },
      });
    await drill('d1', w.request.input.targetRegion, 400_000);
    await drill('d22', w.request.input.targetRegion, 500_000);
    await drill('d333', w.request.input.targetRegion, 900_000, 'failed');
    await drill('d4444', 'sa-east-1', 50_000);
    journal.list = async () =>
      ['d1', 'd22', 'd333', 'd4444'].map((runId) => ({
        runId,
        command: 'drill',
        startedAt: '',
        entries: 1,
        lastKind: 'drill-result',
        location: '',
      }));
    w.planPorts.journal = journal;
    const est = (await buildPlan(w.request, w.planPorts)).estimate;
    // Median of the two successful drills into the target region; the failed one and the
    // other region's are left out.
    expect(est.phases.find((p) => p.phase === 'deploy')).toEqual({
      phase: 'deploy',
      seconds: 450,
      source: 'drills',
    });
    expect(est.phases.find((p) => p.phase === 'lock')?.source).toBe('model');
  });
});
