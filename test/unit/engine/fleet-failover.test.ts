import { describe, expect, it } from 'vitest';
import { combiningDns, type FleetFailoverApp, failoverFleet } from '../../../src/engine/fleet/index.js';
import type { EnginePorts } from '../../../src/engine/input.js';
import { ApiBudget, pacedDns } from '../../../src/engine/pace.js';
import { rollbackRun } from '../../../src/engine/rollback.js';
import type { RecordSet } from '../../../src/ports/dns.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor, NEW_ALB, OLD_ALB } from '../../fakes/world.js';

const API = 'api.example.com.';
const apiSeed: RecordSet = {
  Name: API,
  Type: 'A',
  AliasTarget: { HostedZoneId: 'Z1OLD', DNSName: `dualstack.${OLD_ALB}.`, EvaluateTargetHealth: true },
};

/**
 * Two applications in one hosted zone: `shop` (www) and `api`, each with its own stacks,
 * journal and lock, sharing the zone (world A's fake Route 53), the load balancers' DNS
 * and the probe.
 */
function twoApps(combine: boolean) {
  const a = createWorld('simple');
  const b = createWorld('simple');
  a.dns.sets.push(structuredClone(apiSeed));
  const budget = new ApiBudget(a.clock);
  const r53 = budget.pacer('route53');
  const dns = combine ? combiningDns(a.dns, r53) : pacedDns(a.dns, r53);
  const shared = { dns, probe: a.ports.probe, resolver: a.ports.resolver, lbs: a.ports.lbs };
  const ports = new Map<string, EnginePorts>([
    ['shop', { ...a.ports, ...shared }],
    ['api', { ...b.ports, ...shared, clock: a.clock }],
  ]);
  const apps: FleetFailoverApp[] = [
    { name: 'shop', wave: 1, runId: 'run-shop', input: inputFor('simple', { runId: 'run-shop' }) },
    {
      name: 'api',
      wave: 1,
      runId: 'run-api',
      input: inputFor('simple', {
        runId: 'run-api',
        app: 'api',
        record: { name: 'api.example.com', type: 'A', routing: 'simple' },
        verification: { ...inputFor('simple').verification, hostname: 'api.example.com' },
      }),
    },
  ];
  return { a, b, budget, apps, ports, dns };
}

describe('failoverFleet over the fakes', () => {
  it('moves two apps of one zone, each verified, their flips in one atomic batch when combining', async () => {
    const w = twoApps(true);
    const r = await failoverFleet(
      w.apps,
      { concurrency: 2 },
      {
        clock: w.a.clock,
        sink: { emit: () => {} },
        budget: w.budget,
        portsFor: (app) => w.ports.get(app.name)!,
      },
    );
    expect(r.apps.map((x) => `${x.app}:${x.status}`)).toEqual(['shop:moved', 'api:moved']);
    const flips = w.a.dns.changeLog.filter((c) => !c.comment.includes('lock'));
    expect(flips).toHaveLength(1);
    expect([...new Set(flips[0]?.changes.map((c) => c.ResourceRecordSet.Name))].sort()).toEqual([
      API,
      'www.example.com.',
    ]);
    for (const name of [API, 'www.example.com.']) {
      const set = w.a.dns.sets.find((s) => s.Name === name);
      expect(set?.AliasTarget?.DNSName).toBe(`dualstack.${NEW_ALB}.`);
    }
    // Each app journaled its own snapshot: api's is api's record only.
    const snap = w.b.journal.runs
      .get('run-api')
      ?.find((e) => e.step === 'snapshot' && e.kind === 'step-done');
    expect(JSON.stringify(snap)).toContain(API);
    expect(JSON.stringify(snap)).not.toContain('www.example.com');
  });

  it('rolls back one app of a combined batch exactly, leaving the other moved', async () => {
    const w = twoApps(true);
    await failoverFleet(
      w.apps,
      { concurrency: 2 },
      {
        clock: w.a.clock,
        sink: { emit: () => {} },
        budget: w.budget,
        portsFor: (app) => w.ports.get(app.name)!,
      },
    );
    const out = await rollbackRun('run-api', w.ports.get('api')!, new RecordingSink(), {
      operator: { holder: 'alice', host: 'laptop' },
      yes: true,
    });
    expect(out.kind).toBe('restored');
    expect(w.a.dns.sets.find((s) => s.Name === API)).toEqual(apiSeed);
    expect(w.a.dns.sets.find((s) => s.Name === 'www.example.com.')?.AliasTarget?.DNSName).toBe(
      `dualstack.${NEW_ALB}.`,
    );
  });

  it('one app failing (Route 53 refuses its flip) leaves the other moved, its own record untouched', async () => {
    const w = twoApps(false);
    // api's flip is refused by Route 53: the record changed since its snapshot.
    const apiPorts = w.ports.get('api')!;
    w.ports.set('api', {
      ...apiPorts,
      dns: {
        ...apiPorts.dns,
        changeRecordSets: async (zone, changes, comment) => {
          if (changes.some((c) => c.ResourceRecordSet.Name === API)) {
            throw Object.assign(new Error('values do not match'), { name: 'InvalidChangeBatch' });
          }
          return apiPorts.dns.changeRecordSets(zone, changes, comment);
        },
      },
    });
    const r = await failoverFleet(
      w.apps,
      { concurrency: 1 },
      {
        clock: w.a.clock,
        sink: { emit: () => {} },
        budget: w.budget,
        portsFor: (app) => w.ports.get(app.name)!,
      },
    );
    expect(r.apps.map((x) => x.status)).toEqual(['moved', 'failed']);
    expect(r.allMoved).toBe(false);
    expect(w.a.dns.sets.find((s) => s.Name === API)).toEqual(apiSeed);
  });
});
