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
import { callAws } from './call.js';
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
    let marker: string | undefined;
    do {
      const page = await callAws(
        `ELBv2 DescribeLoadBalancers in ${region}`,
        () => client.send(new DescribeLoadBalancersCommand({ Marker: marker, PageSize: 400 })),
        this.clients.retry,
      );
      for (const lb of page.LoadBalancers ?? []) out.push(toLb(lb, region));
      marker = page.NextMarker;
    } while (marker);
    return out;
  }

  async describe(region: string, arn: string): Promise<LoadBalancer | undefined> {
    const client = this.clients.elbv2(region);
    try {
      const page = await callAws(
        `ELBv2 DescribeLoadBalancers ${arn}`,
        () => client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })),
        this.clients.retry,
      );
      const lb = page.LoadBalancers?.[0];
      return lb ? toLb(lb, region) : undefined;
    } catch (e) {
      if ((e as { cause?: { name?: string } }).cause?.name === 'LoadBalancerNotFoundException')
        return undefined;
      throw e;
    }
  }

  async targetGroupArns(region: string, loadBalancerArn: string): Promise<string[]> {
    const client = this.clients.elbv2(region);
    const page = await callAws(
      `ELBv2 DescribeTargetGroups of ${loadBalancerArn}`,
      () => client.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: loadBalancerArn })),
      this.clients.retry,
    );
    return (page.TargetGroups ?? []).map((tg) => tg.TargetGroupArn ?? '').filter(Boolean);
  }

  async targetHealth(region: string, targetGroupArn: string): Promise<TargetHealth[]> {
    const client = this.clients.elbv2(region);
    const page = await callAws(
      `ELBv2 DescribeTargetHealth of ${targetGroupArn}`,
      () => client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })),
      this.clients.retry,
    );
    return (page.TargetHealthDescriptions ?? []).map((d) => ({
      id: d.Target?.Id ?? '',
      ...(d.Target?.Port !== undefined ? { port: d.Target.Port } : {}),
      state: (d.TargetHealth?.State ?? 'unavailable') as TargetHealthState,
      ...(d.TargetHealth?.Description ? { reason: d.TargetHealth.Description } : {}),
    }));
  }
}
