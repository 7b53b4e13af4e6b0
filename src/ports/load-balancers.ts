/** Load balancer port: ELBv2 in any region. */

export type LoadBalancerState = 'active' | 'provisioning' | 'active_impaired' | 'failed' | 'unknown';

export interface LoadBalancer {
  arn: string;
  name: string;
  region: string;
  dnsName: string;
  /** The zone id Route 53 alias records use for this load balancer. */
  canonicalHostedZoneId: string;
  state: LoadBalancerState;
  scheme: string;
  type: string;
  /**
   * `ipv4`, `dualstack` or `dualstack-without-public-ipv4`: only a dualstack load balancer
   * has IPv6 addresses, so only it can be an AAAA alias's target. Absent: not reported.
   */
  ipAddressType?: string;
}

/** Whether a load balancer answers on IPv6 (an AAAA alias to one without answers nothing). */
export function isDualstack(lb: Pick<LoadBalancer, 'ipAddressType'>): boolean {
  return lb.ipAddressType === 'dualstack' || lb.ipAddressType === 'dualstack-without-public-ipv4';
}

export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

export interface TargetHealth {
  id: string;
  port?: number;
  state: TargetHealthState;
  reason?: string;
}

export interface LoadBalancerPort {
  /** Every load balancer in the region (paged through). */
  list(region: string): Promise<LoadBalancer[]>;
  describe(region: string, arn: string): Promise<LoadBalancer | undefined>;
  targetGroupArns(region: string, loadBalancerArn: string): Promise<string[]>;
  targetHealth(region: string, targetGroupArn: string): Promise<TargetHealth[]>;
}

/**
 * Alias targets name load balancers as `dualstack.<dns>.` or `<dns>.` in any letter case;
 * the comparable form is lower case with no prefix and no trailing dot.
 */
export function normaliseLbDnsName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');
}
