import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../../src/cli/commands/status.js';
import { runInWords } from '../../../src/cli/run-words.js';
import { buildStatus } from '../../../src/engine/status-report.js';
import type { DnsPort, RecordSet } from '../../../src/ports/dns.js';
import type { JournalPort } from '../../../src/ports/journal.js';
import type { LoadBalancer, LoadBalancerPort } from '../../../src/ports/load-balancers.js';
import type { LockPort } from '../../../src/ports/lock.js';
import type { StackPort } from '../../../src/ports/stacks.js';
import { captureIo } from '../../helpers/capture-io.js';

const lb = (name: string, region: string): LoadBalancer => ({
  arn: `arn:aws:elasticloadbalancing:${region}:1:loadbalancer/app/${name}/1`,
  name,
  region,
  dnsName: `${name}-1.${region}.elb.amazonaws.com`,
  canonicalHostedZoneId: 'ZLB',
  state: 'active',
  scheme: 'internet-facing',
  type: 'application',
});
const alias = (target: LoadBalancer, extra: Partial<RecordSet> = {}): RecordSet => ({
  Name: 'www.example.com.',
  Type: 'A',
  AliasTarget: {
    HostedZoneId: 'ZLB',
    DNSName: `dualstack.${target.dnsName.toUpperCase()}.`,
    EvaluateTargetHealth: true,
  },
  ...extra,
});

function ports(sets: RecordSet[], lbs: Record<string, LoadBalancer[] | Error>) {
  const dns = {
    findHostedZone: async () => ({ id: 'Z1', name: 'example.com.', privateZone: false }),
    listRecordSets: async () => sets,
  } as unknown as DnsPort;
  const loadBalancers = {
    list: async (region: string) => {
      const v = lbs[region];
      if (v instanceof Error) throw v;
      return v ?? [];
    },
  } as unknown as LoadBalancerPort;
  const stacks = {
    listByApp: async (region: string) => {
      if (lbs[region] instanceof Error) throw new Error(`${region} is down`);
      return [];
    },
  } as unknown as StackPort;
  return { dns, loadBalancers, stacks };
}

const input = {
  app: 'shop',
  hostedZone: 'example.com',
  recordName: 'www.example.com',
  recordType: 'A',
  regions: ['ap-southeast-1', 'us-east-1'],
};

describe('buildStatus', () => {
  it('matches a simple alias to the primary ALB whatever the case and dualstack prefix', async () => {
    const primary = lb('shop-prod-alb', 'ap-southeast-1');
    const r = await buildStatus(
      input,
      ports([alias(primary)], { 'ap-southeast-1': [primary], 'us-east-1': [] }),
    );
    expect(r.servingRegions).toEqual(['ap-southeast-1']);
    expect(r.records[0]).toMatchObject({
      routing: 'simple',
      serving: true,
      loadBalancer: { name: 'shop-prod-alb', region: 'ap-southeast-1' },
    });
  });

  it('counts only PRIMARY failover and non-zero weights as serving', async () => {
    const a = lb('a', 'ap-southeast-1');
    const b = lb('b', 'us-east-1');
    const failover = await buildStatus(
      input,
      ports(
        [
          alias(a, { SetIdentifier: 'a', Failover: 'PRIMARY' }),
          alias(b, { SetIdentifier: 'b', Failover: 'SECONDARY' }),
        ],
        {
          'ap-southeast-1': [a],
          'us-east-1': [b],
        },
      ),
    );
    expect(failover.servingRegions).toEqual(['ap-southeast-1']);
    expect(failover.records.map((x) => x.routing)).toEqual(['failover PRIMARY', 'failover SECONDARY']);
    const weighted = await buildStatus(
      input,
      ports([alias(a, { SetIdentifier: 'a', Weight: 0 }), alias(b, { SetIdentifier: 'b', Weight: 100 })], {
        'ap-southeast-1': [a],
        'us-east-1': [b],
      }),
    );
    expect(weighted.servingRegions).toEqual(['us-east-1']);
  });

  it('still reports when a region does not answer (the outage drctl exists for)', async () => {
    const b = lb('b', 'us-east-1');
    const r = await buildStatus(
      input,
      ports([alias(b)], { 'ap-southeast-1': new Error('connect ETIMEDOUT'), 'us-east-1': [b] }),
    );
    expect(r.servingRegions).toEqual(['us-east-1']);
    expect(r.loadBalancers['ap-southeast-1']).toEqual({ ok: false, error: 'connect ETIMEDOUT' });
    expect(r.stacks['ap-southeast-1']).toEqual({ ok: false, error: 'ap-southeast-1 is down' });
  });

  it('names targets it cannot match to a configured region', async () => {
    const r = await buildStatus(
      input,
      ports(
        [{ Name: 'www.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] }],
        {},
      ),
    );
    expect(r.servingRegions).toEqual([]);
    expect(r.unmatchedTargets).toEqual(['192.0.2.1']);
  });
});

describe('buildStatus and secrets', () => {
  it('never carries stack parameter values (status output is pasted into tickets)', async () => {
    const primary = lb('shop-prod-alb', 'ap-southeast-1');
    const p = ports([alias(primary)], { 'ap-southeast-1': [primary], 'us-east-1': [] });
    p.stacks = {
      listByApp: async (region: string) => [
        {
          name: 'shop-prod-data',
          id: 'x',
          region,
          status: 'CREATE_COMPLETE',
          outputs: {},
          parameters: { DbPassword: 'hunter2' },
          tags: {},
        },
      ],
    } as unknown as StackPort;
    const r = await buildStatus(input, p);
    expect(JSON.stringify(r)).not.toContain('hunter2');
    expect(r.stacks['ap-southeast-1']).toMatchObject({
      ok: true,
      value: [{ name: 'shop-prod-data', parameters: {} }],
    });
  });
});

describe('status tells the truth about locks and runs', () => {
  const primary = lb('shop-prod-alb', 'ap-southeast-1');
  const world = () => ports([alias(primary)], { 'ap-southeast-1': [primary], 'us-east-1': [] });
  const journal = {
    list: async () => [
      {
        runId: 'r2',
        command: 'failover',
        startedAt: '2026-12-01T01:00:00Z',
        entries: 9,
        lastKind: 'step-done',
        location: '/j/r2',
      },
      {
        runId: 'r1',
        command: 'failover',
        startedAt: '2026-12-01T00:00:00Z',
        entries: 20,
        lastKind: 'run-finished',
        outcome: 'flipped',
        location: '/j/r1',
      },
      { runId: 'r0', command: 'failover', startedAt: '', entries: 0, lastKind: 'damaged', location: '/j/r0' },
    ],
  } as unknown as JournalPort;

  it('shows a held lock with its run and age, and every unfinished run', async () => {
    const held = { runId: 'r2', startedAt: '2026-12-01T01:00:00Z' };
    const keys: string[] = [];
    const lockIn = (zoneId: string) =>
      ({
        read: async (key: string) => {
          keys.push(`${zoneId} ${key}`);
          return held;
        },
      }) as unknown as LockPort;
    const r = await buildStatus(
      { ...input, now: Date.parse('2026-12-01T01:25:00Z') },
      { ...world(), journal, lockIn },
    );
    expect(keys).toEqual(['Z1 Z1/www.example.com/A']);
    expect(r.lock).toMatchObject({ runId: 'r2', ageMs: 25 * 60_000, key: 'Z1/www.example.com/A' });
    expect(r.unfinishedRuns.map((u) => u.runId)).toEqual(['r2']);
    const cap = captureIo();
    renderStatus(r, cap.io);
    expect(cap.stdout).toContain('Lock: HELD on Z1/www.example.com/A by run r2, for 25 min');
    expect(cap.stdout).toContain('drctl rollback r2');
    expect(cap.stdout).toMatch(/Unfinished runs \(1\):\n {2}r2 {2}failover/);
    expect(cap.stdout).toContain('Latest run: r2 (failover, unfinished: resume or roll back)');
  });

  it('says the lock is free, or that it could not be read, without failing', async () => {
    const free = await buildStatus(input, {
      ...world(),
      lockIn: () => ({ read: async () => undefined }) as unknown as LockPort,
    });
    const cap = captureIo();
    renderStatus(free, cap.io);
    expect(cap.stdout).toContain('Lock: free');
    const down = await buildStatus(input, {
      ...world(),
      lockIn: () =>
        ({
          read: async () => {
            throw new Error('Route 53 unreachable');
          },
        }) as unknown as LockPort,
    });
    expect(down.lockError).toBe('Route 53 unreachable');
  });

  it('runs speak in words', () => {
    expect(runInWords({ lastKind: 'run-finished', outcome: 'flipped' })).toBe('traffic moved, verified');
    expect(runInWords({ lastKind: 'run-finished', outcome: 'ROLLBACK_FAILED' })).toMatch(/needs a human/);
    expect(runInWords({ lastKind: 'step-intent' })).toBe('unfinished: resume or roll back');
    expect(runInWords({ lastKind: 'run-finished', outcome: 'INTERNAL' })).toBe('failed (internal)');
  });
});
