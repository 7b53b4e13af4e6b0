/** Each readiness check: passed, failed, warning, read off the plan document. */
import { describe, expect, it } from 'vitest';
import { buildPlan, type Check } from '../../../src/engine/plan/index.js';
import { FakeClock } from '../../fakes/clock.js';
import { createPlanWorld, type PlanWorld } from '../../fakes/plan-world.js';
import { recordCalls } from '../../fakes/recorder.js';
import { FakeDatabase, HOUR, snap, T0 } from '../data/fakes.js';

async function checkOf(w: PlanWorld, id: string): Promise<Check> {
  const doc = await buildPlan(w.request, w.planPorts);
  const c = doc.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}

describe('plan readiness checks', () => {
  it('all pass on a healthy world, with one standing warning about the Route 53 control plane', async () => {
    const w = createPlanWorld();
    const doc = await buildPlan(w.request, w.planPorts);
    const statuses = Object.fromEntries(doc.checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
      identity: 'passed',
      region: 'passed',
      zone: 'passed',
      record: 'passed',
      'already-target': 'passed',
      certificate: 'passed',
      ami: 'passed',
      data: 'passed',
      stacks: 'passed',
      templates: 'passed',
      lock: 'passed',
      'route53-control-plane': 'warning',
    });
    expect(doc.verdict).toBe('ready');
    expect(doc.account).toBe('111122223333');
  });

  it('identity fails with the error sentence when credentials do not work', async () => {
    const w = createPlanWorld();
    w.planPorts.identity = { whoami: async () => Promise.reject(new Error('no valid AWS credentials')) };
    expect(await checkOf(w, 'identity')).toMatchObject({
      status: 'failed',
      reason: /no valid AWS credentials/,
    });
  });

  it('region fails when not enabled, naming the opt-in command, and when unknown', async () => {
    const w = createPlanWorld();
    w.optIn['us-east-1'] = 'not-opted-in';
    expect(await checkOf(w, 'region')).toMatchObject({
      status: 'failed',
      fix: /enable-region --region-name us-east-1/,
    });
    delete w.optIn['us-east-1'];
    expect(await checkOf(w, 'region')).toMatchObject({ status: 'failed', reason: /not a region EC2 knows/ });
  });

  it('certificate fails when none covers the host, or the configured ARN is not among them', async () => {
    const w = createPlanWorld();
    w.certs['us-east-1'] = [];
    expect(await checkOf(w, 'certificate')).toMatchObject({
      status: 'failed',
      reason: /no ISSUED certificate in us-east-1 covers www.example.com/,
    });
    w.certs['us-east-1'] = ['arn:other'];
    w.request.certificateArn = 'arn:configured';
    expect(await checkOf(w, 'certificate')).toMatchObject({
      status: 'failed',
      reason: /configured certificate arn:configured/,
    });
  });

  it('AMI fails when the ECS-optimised parameter does not resolve', async () => {
    const w = createPlanWorld();
    delete w.params['us-east-1'];
    expect(await checkOf(w, 'ami')).toMatchObject({
      status: 'failed',
      reason: /amazon-linux-2023\/recommended\/image_id does not resolve/,
    });
  });

  it('record fails when absent and when a variant is not in the config', async () => {
    const w = createPlanWorld('failover');
    w.dns.sets.push({
      Name: 'www.example.com.',
      Type: 'A',
      SetIdentifier: 'eu',
      Failover: 'SECONDARY',
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.9' }],
    });
    expect(await checkOf(w, 'record')).toMatchObject({
      status: 'failed',
      reason: /set identifier eu that the config does not name/,
    });
    w.dns.sets.length = 0;
    expect(await checkOf(w, 'record')).toMatchObject({
      status: 'failed',
      reason: /no A record set named www.example.com exists/,
    });
  });

  it('already-target warns when the record routes to the target region', async () => {
    const w = createPlanWorld('failover');
    w.request.input = { ...w.request.input, primaryRegion: 'us-east-1', targetRegion: 'us-west-2' };
    w.optIn['us-west-2'] = 'opted-in';
    w.certs['us-west-2'] = ['arn:c'];
    w.params['us-west-2'] = 'ami-1';
    expect(await checkOf(w, 'already-target')).toMatchObject({
      status: 'warning',
      reason: /already routes to us-west-2/,
    });
  });

  it('stacks fail for a stack CloudFormation only lets you delete, and warn while one is busy', async () => {
    const w = createPlanWorld();
    w.stacks.seed(
      'us-east-1',
      { name: 'shop-network', templateBody: '{}', parameters: {}, tags: {} },
      'ROLLBACK_COMPLETE',
    );
    expect(await checkOf(w, 'stacks')).toMatchObject({
      status: 'failed',
      reason: /shop-network is ROLLBACK_COMPLETE/,
      fix: /delete-stack/,
    });
    w.stacks.seed(
      'us-east-1',
      { name: 'shop-network', templateBody: '{}', parameters: {}, tags: {} },
      'UPDATE_ROLLBACK_FAILED',
    );
    expect(await checkOf(w, 'stacks')).toMatchObject({
      status: 'failed',
      fix: /shop-network: continue its rollback \(aws cloudformation continue-update-rollback --region us-east-1/,
    });
    w.stacks.seed(
      'us-east-1',
      { name: 'shop-network', templateBody: '{}', parameters: {}, tags: {} },
      'UPDATE_IN_PROGRESS',
    );
    w.stacks.stacks.get('us-east-1/shop-network')!.script = { hang: true }; // stays in progress
    expect(await checkOf(w, 'stacks')).toMatchObject({ status: 'warning', reason: /in progress/ });
  });

  it('templates fail with the count and the first problem', async () => {
    const w = createPlanWorld();
    w.request.templateProblems = ['edge.yaml: it has no Description.', 'another'];
    expect(await checkOf(w, 'templates')).toMatchObject({
      status: 'failed',
      reason: '2 problem(s), first: edge.yaml: it has no Description.',
    });
  });

  it('lock fails while another run holds it, saying who and how to break it', async () => {
    const w = createPlanWorld();
    await w.lock.acquire('ZFAKE/www.example.com/A', {
      runId: 'r-9',
      holder: 'bob',
      host: 'ci',
      startedAt: '2026-11-30T01:00:00Z',
    });
    const c = await checkOf(w, 'lock');
    expect(c).toMatchObject({ status: 'failed', reason: /run r-9 \(bob on ci\)/, fix: /--break-lock/ });
    expect((await buildPlan(w.request, w.planPorts)).verdict).toBe('not-ready');
  });

  it('data reports the snapshot, its age as RPO, and fails past the maximum RPO', async () => {
    const w = createPlanWorld();
    const clock = new FakeClock(T0);
    const db = new FakeDatabase([], clock).add(snap({ id: 'nightly', region: 'us-east-1', ageMs: 3 * HOUR }));
    w.planPorts.db = recordCalls(db, 'db', w.calls);
    w.planPorts.clock = clock;
    w.request.input = {
      ...w.request.input,
      data: {
        stack: 'shop-network',
        recover: {
          strategy: 'snapshot',
          sourceClusterId: 'shop-prod',
          sourceRegion: 'us-west-2',
          targetRegion: 'us-east-1',
          copyIfMissing: false,
          maxRpoMinutes: 60,
        },
      },
    };
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.checks.find((c) => c.id === 'data')).toMatchObject({
      status: 'failed',
      reason: /snapshot nightly in us-east-1, action use-existing, age 3h/,
    });
    expect(doc.estimate.rpoSeconds).toBe(3 * 3600);
  });
});
