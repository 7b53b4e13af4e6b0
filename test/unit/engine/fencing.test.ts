/**
 * Invariant 9: no run undoes or replays over a later one. Three regions: us-west-2 serves
 * (the config's primary), us-east-1 and eu-west-1 are recovery regions, each with its own
 * stacks and ALB. Runs follow one another on one journal and one record.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { supersededRuns } from '../../../src/engine/fencing.js';
import type { EnginePorts } from '../../../src/engine/input.js';
import { resumeRun } from '../../../src/engine/resume.js';
import { rollbackRun } from '../../../src/engine/rollback.js';
import type { RoutingPolicy } from '../../../src/ports/dns.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor, NEW_ALB, OLD_ALB, type World } from '../../fakes/world.js';
import { errorCode, expectLockReleased, settle } from './helpers.js';

const EU_ALB = 'eu-alb-1.eu-west-1.elb.amazonaws.com';
const EU_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/eu-alb/1';
const EU_TG = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1';

function threeRegions(routing: RoutingPolicy = 'simple') {
  const w = createWorld(routing);
  w.stacks.script('shop-alb', { outputs: { LoadBalancerArn: EU_ARN } }, 'eu-west-1');
  w.lbs
    .add({
      arn: EU_ARN,
      name: 'eu-alb',
      region: 'eu-west-1',
      dnsName: EU_ALB,
      canonicalHostedZoneId: 'Z32EU',
      scheme: 'internet-facing',
      type: 'application',
    })
    .targetGroups(EU_ARN, [EU_TG])
    .scriptHealth(EU_TG, [
      { id: 'i-8', state: 'healthy' },
      { id: 'i-9', state: 'healthy' },
    ]);
  w.probe.healthy.add(EU_ALB);
  return w;
}

const toEast = (over = {}) => inputFor('simple', { runId: 'run-1', ...over });
const toEu = (over = {}) => inputFor('simple', { runId: 'run-2', targetRegion: 'eu-west-1', ...over });
const target = (w: World) => w.dns.sets[0]?.AliasTarget?.DNSName;

/** A run killed (never returns) at its nth stack create: found journaled, no snapshot, lock held. */
async function killedDuringDeploy(w: World): Promise<void> {
  let n = 0;
  const stacks = new Proxy(w.ports.stacks, {
    get(obj, prop) {
      const fn = Reflect.get(obj, prop) as (...a: unknown[]) => Promise<unknown>;
      if (prop !== 'create') return typeof fn === 'function' ? fn.bind(obj) : fn;
      return async (...a: unknown[]) => (++n === 2 ? new Promise(() => {}) : fn.apply(obj, a));
    },
  });
  const ports: EnginePorts = { ...w.ports, stacks };
  void failover(toEast(), ports, new RecordingSink());
  for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
}

describe('rollback is fenced by later runs', () => {
  it('refuses to roll back a run a later failover superseded, naming that run; DNS and lock untouched', async () => {
    const w = threeRegions();
    expect((await failover(toEast(), w.ports, new RecordingSink())).kind).toBe('flipped');
    expect((await failover(toEu(), w.ports, new RecordingSink())).kind).toBe('flipped');
    const changes = w.dns.changeLog.length;
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true }).catch((e) => e);
    expect(r).toMatchObject({ code: 'REFUSED', exitCode: 5 });
    expect(r.message).toMatch(
      /^Will not roll back run run-1: .* because run run-2 \(failover us-east-1 -> eu-west-1, started .*\) changed them since\.$/,
    );
    expect(target(w)).toContain(EU_ALB);
    expect(w.dns.changeLog).toHaveLength(changes);
    expectLockReleased(w);
    // The refused rollback marked nothing: the run still ended flipped, once.
    expect(w.journal.kinds('run-1').filter((k) => k === 'run-finished')).toHaveLength(1);
  });

  it('names a change made outside the journal folder when no run explains it', async () => {
    const w = threeRegions();
    await failover(toEast(), w.ports, new RecordingSink());
    await w.dns.changeRecordSets(
      'ZFAKE',
      [
        {
          Action: 'UPSERT',
          ResourceRecordSet: {
            ...w.dns.sets[0]!,
            AliasTarget: { ...w.dns.sets[0]!.AliasTarget!, EvaluateTargetHealth: false },
          },
        },
      ],
      'console',
    );
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true }).catch((e) => e);
    expect(r).toMatchObject({ code: 'REFUSED' });
    expect(r.message).toContain('changed since by something outside this journal folder');
  });

  it('--force rolls back over the later change, and the summary is the restore', async () => {
    const w = threeRegions();
    await failover(toEast(), w.ports, new RecordingSink());
    await failover(toEu(), w.ports, new RecordingSink());
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true, force: true });
    expect(r.kind).toBe('restored');
    expect(target(w)).toContain(OLD_ALB);
  });

  it('the latest run can still be rolled back, and then the earlier one again', async () => {
    const w = threeRegions();
    await failover(toEast(), w.ports, new RecordingSink());
    await failover(toEu(), w.ports, new RecordingSink());
    expect((await rollbackRun('run-2', w.ports, new RecordingSink(), { yes: true })).kind).toBe('restored');
    expect(target(w)).toContain(NEW_ALB);
    expect((await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true })).kind).toBe('restored');
    expect(target(w)).toContain(OLD_ALB);
  });

  it('asks for the region it restores; a wrong answer declines and changes nothing', async () => {
    const w = threeRegions();
    await failover(toEast(), w.ports, new RecordingSink());
    const sink = new RecordingSink();
    sink.answers['confirm-rollback'] = 'us-east-1';
    expect(await rollbackRun('run-1', w.ports, sink)).toMatchObject({ kind: 'aborted', reason: 'declined' });
    expect(sink.questions[0]).toMatchObject({ kind: 'type-to-confirm', expected: 'us-west-2' });
    expect(target(w)).toContain(NEW_ALB);
    expect(w.journal.kinds('run-1').filter((k) => k === 'run-finished')).toHaveLength(1);
    expectLockReleased(w);
  });
});

describe('resume is fenced by later runs', () => {
  it('refuses to resume a run superseded through --break-lock, naming the run; traffic stays', async () => {
    const w = threeRegions();
    await killedDuringDeploy(w);
    const r2 = await failover(toEu({ flags: { yes: true, breakLock: true } }), w.ports, new RecordingSink());
    expect(r2.kind).toBe('flipped');
    const changes = w.dns.changeLog.length;
    const r = await settle(resumeRun('run-1', toEast(), w.ports, new RecordingSink()));
    expect(errorCode(r)).toBe('REFUSED');
    expect((r.error as Error).message).toMatch(
      /^Will not resume run run-1: .*run run-2 .*changed them since\.$/,
    );
    expect(w.dns.changeLog).toHaveLength(changes);
    expect(target(w)).toContain(EU_ALB);
  });

  it('resumes a run killed during deploy when nothing changed since', async () => {
    const w = threeRegions();
    await killedDuringDeploy(w);
    const r = await resumeRun('run-1', toEast(), w.ports, new RecordingSink());
    expect(r).toMatchObject({ kind: 'flipped', from: 'us-west-2', to: 'us-east-1' });
  });

  it('--force resumes over a later change', async () => {
    const w = threeRegions();
    await killedDuringDeploy(w);
    await failover(toEu({ flags: { yes: true, breakLock: true } }), w.ports, new RecordingSink());
    const r = await resumeRun('run-1', toEast(), w.ports, new RecordingSink(), undefined, { force: true });
    expect(r.kind).toBe('flipped');
  });

  it('the journal folder marks superseded runs (the basis of drctl runs)', async () => {
    const w = threeRegions();
    await killedDuringDeploy(w);
    await failover(toEu({ flags: { yes: true, breakLock: true } }), w.ports, new RecordingSink());
    expect([...(await supersededRuns(w.ports.journal)).entries()]).toEqual([['run-1', 'run-2']]);
  });
});

describe('summaries name the region that was serving', () => {
  it('a second failover says it moved traffic from the region serving, not the config primary', async () => {
    const w = threeRegions();
    await failover(toEast(), w.ports, new RecordingSink());
    const sink = new RecordingSink();
    const r = await failover(toEu(), w.ports, sink);
    expect(r).toMatchObject({ kind: 'flipped', from: 'us-east-1', to: 'eu-west-1' });
    expect(w.dns.changeLog.at(-1)?.comment).toBe('drctl run-2 failover us-east-1 -> eu-west-1 step 1');
  });
});
