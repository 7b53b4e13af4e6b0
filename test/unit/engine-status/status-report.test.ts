import { describe, expect, it } from 'vitest';
import { buildStatus } from '../../../src/engine/status-report.js';
import type { DnsPort, RecordSet } from '../../../src/ports/dns.js';
import type { LoadBalancer, LoadBalancerPort } from '../../../src/ports/load-balancers.js';
import type { StackPort } from '../../../src/ports/stacks.js';

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
