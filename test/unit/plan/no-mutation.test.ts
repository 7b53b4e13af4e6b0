/**
 * Safety invariant 3: plan makes zero mutating calls. Every port plan reads through is
 * wrapped by the call recorder; across every scenario only reads are made, except change
 * sets under `--change-sets`, which are created and deleted (with the empty stack).
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/engine/plan/index.js';
import type { RoutingPolicy } from '../../../src/ports/dns.js';
import { FakeClock } from '../../fakes/clock.js';
import { createPlanWorld, deployTarget, type PlanWorld } from '../../fakes/plan-world.js';
import { recordCalls } from '../../fakes/recorder.js';
import { FakeDatabase, HOUR, snap, T0 } from '../data/fakes.js';

type Scenario = [string, RoutingPolicy, (w: PlanWorld) => Promise<void> | void];

const withSnapshotData = (w: PlanWorld) => {
  const clock = new FakeClock(T0);
  const db = new FakeDatabase([], clock).add(snap({ id: 'old', region: 'us-west-2', ageMs: 30 * HOUR }));
  w.planPorts.db = recordCalls(db, 'db', w.calls);
  w.planPorts.clock = clock;
  w.request.input.data = {
    stack: 'shop-network',
    recover: {
      strategy: 'snapshot',
      sourceClusterId: 'shop-prod',
      sourceRegion: 'us-west-2',
      targetRegion: 'us-east-1',
      copyIfMissing: true,
    },
  };
};

const SCENARIOS: Scenario[] = [
  ['a fresh target region', 'simple', () => {}],
  ['stacks already deployed', 'failover', deployTarget],
  [
    'weighted steps',
    'weighted',
    (w) => {
      w.request.input.record.weightSteps = [10, 50, 100];
    },
  ],
  ['latency routing, deployed', 'latency', deployTarget],
  [
    'the lock held',
    'simple',
    (w) =>
      void w.lock.acquire('ZFAKE/www.example.com/A', { runId: 'x', holder: 'h', host: 'h', startedAt: '' }),
  ],
  [
    'no certificate, no AMI, region disabled',
    'simple',
    (w) => {
      w.certs['us-east-1'] = [];
      delete w.params['us-east-1'];
      w.optIn['us-east-1'] = 'not-opted-in';
    },
  ],
  [
    'a dead stack in the target',
    'simple',
    (w) =>
      w.stacks.seed(
        'us-east-1',
        { name: 'shop-alb', templateBody: '', parameters: {}, tags: {} },
        'ROLLBACK_COMPLETE',
      ),
  ],
  [
    'unknown variants (refused)',
    'failover',
    (w) =>
      void w.dns.sets.push({
        Name: 'www.example.com.',
        Type: 'A',
        SetIdentifier: 'x',
        Failover: 'SECONDARY',
        TTL: 1,
        ResourceRecords: [{ Value: '192.0.2.1' }],
      }),
  ],
  [
    'already on the target (refused)',
    'latency',
    (w) => {
      w.dns.sets[0]!.SetIdentifier = 'east';
    },
  ],
  ['a snapshot to copy from the source region', 'simple', withSnapshotData],
  [
    '--force',
    'weighted',
    (w) => {
      w.request.input.flags = { force: true };
    },
  ],
  [
    'identity and Route 53 failing',
    'simple',
    (w) => {
      w.planPorts.identity = recordCalls(
        { whoami: () => Promise.reject(new Error('expired')) },
        'identity',
        w.calls,
      );
      w.dns.listRecordSets = () => Promise.reject(new Error('throttled'));
    },
  ],
];

describe('plan makes zero mutating calls', () => {
  const used = new Set<string>();
  for (const [name, routing, arrange] of SCENARIOS) {
    it(name, async () => {
      const w = createPlanWorld(routing);
      await arrange(w);
      await buildPlan(w.request, w.planPorts);
      expect(w.calls.length).toBeGreaterThan(5);
      expect(w.calls.filter((c) => c.mutating)).toEqual([]);
      expect(w.timeline.filter((l) => !l.startsWith('probe'))).toEqual([]);
      for (const c of w.calls) used.add(c.port);
    });
  }

  it('reads through every port plan has (so none escaped the recorder)', () => {
    expect([...used].sort()).toEqual(
      [
        'certificates',
        'db',
        'dns',
        'identity',
        'journal',
        'lbs',
        'lock',
        'parameters',
        'regions',
        'review',
        'stacks',
      ].sort(),
    );
  });

  it('except --change-sets: each change set created is deleted, and so is the empty stack of a CREATE', async () => {
    const w = createPlanWorld('simple');
    w.request.input.waves = [
      [...w.request.input.waves[0]!, { name: 'shop-extra', templateBody: '{}', parameters: {} }],
    ];
    w.request.changeSets = true;
    await buildPlan(w.request, w.planPorts);
    const mutations = w.calls.filter((c) => c.mutating).map((c) => `${c.port}.${c.method}`);
    expect(mutations).toEqual([
      'review.createChangeSet',
      'review.deleteChangeSet',
      'stacks.delete',
      'review.createChangeSet',
      'review.deleteChangeSet',
      'stacks.delete',
    ]);
    expect(w.review.changeSets.size).toBe(0);
    for (const s of ['shop-network', 'shop-extra'])
      expect(w.stacks.stacks.get(`us-east-1/${s}`)?.info.status).toBe('DELETE_COMPLETE');
  });
});
