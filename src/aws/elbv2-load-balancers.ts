/** LoadBalancerPort on Elastic Load Balancing v2. */
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type LoadBalancer as SdkLoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  LoadBalancer,
  LoadBalancerPort,
  LoadBalancerState,
  TargetHealth,
  TargetHealthState,
} from '../ports/load-balancers.js';
import { named, orMissing, pages } from './call.js';
import type { ClientFactory } from './clients.js';

function toLb(lb: SdkLoadBalancer, region: string): LoadBalancer {
  return {
    arn: lb.LoadBalancerArn ?? '',
    name: lb.LoadBalancerName ?? '',
    region,
    dnsName: lb.DNSName ?? '',
    canonicalHostedZoneId: lb.CanonicalHostedZoneId ?? '',
    state: (lb.State?.Code ?? 'unknown') as LoadBalancerState,
    scheme: lb.Scheme ?? '',
    type: lb.Type ?? '',
    ...(lb.IpAddressType ? { ipAddressType: lb.IpAddressType } : {}),
  };
}

export class Elbv2LoadBalancers implements LoadBalancerPort {
  constructor(private readonly clients: ClientFactory) {}

  async list(region: string): Promise<LoadBalancer[]> {
    const client = this.clients.elbv2(region);
    const out: LoadBalancer[] = [];
    const all = pages(
      (marker) =>
        this.clients.call(`ELBv2 DescribeLoadBalancers in ${region}`, () =>
          client.send(new DescribeLoadBalancersCommand({ Marker: marker, PageSize: 400 })),
        ),
      (page) => page.NextMarker,
    );
    for await (const page of all) out.push(...(page.LoadBalancers ?? []).map((lb) => toLb(lb, region)));
    return out;
  }

  async describe(region: string, arn: string): Promise<LoadBalancer | undefined> {
    const page = await orMissing(
      this.clients.call(`ELBv2 DescribeLoadBalancers ${arn}`, () =>
        this.clients.elbv2(region).send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })),
      ),
      named('LoadBalancerNotFoundException'),
    );
    const lb = page?.LoadBalancers?.[0];
    return lb ? toLb(lb, region) : undefined;
  }

  async targetGroupArns(region: string, loadBalancerArn: string): Promise<string[]> {
    const page = await this.clients.call(`ELBv2 DescribeTargetGroups of ${loadBalancerArn}`, () =>
      this.clients.elbv2(region).send(new DescribeTargetGroupsCommand({ LoadBalancerArn: loadBalancerArn })),
    );
    return (page.TargetGroups ?? []).map((tg) => tg.TargetGroupArn ?? '').filter(Boolean);
  }

  async targetHealth(region: string, targetGroupArn: string): Promise<TargetHealth[]> {
    const page = await this.clients.call(`ELBv2 DescribeTargetHealth of ${targetGroupArn}`, () =>
      this.clients.elbv2(region).send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })),
    );
    return (page.TargetHealthDescriptions ?? []).map((d) => ({
      id: d.Target?.Id ?? '',
      ...(d.Target?.Port !== undefined ? { port: d.Target.Port } : {}),
      state: (d.TargetHealth?.State ?? 'unavailable') as TargetHealthState,
      ...(d.TargetHealth?.Description ? { reason: d.TargetHealth.Description } : {}),
    }));
  }
}
