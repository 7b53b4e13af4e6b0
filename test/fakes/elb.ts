/**
 * Fake ELBv2. Spec: each load balancer walks through a scripted list of states, one per
 * describe, staying on the last; each target group walks through scripted health
 * snapshots the same way. Unknown ARNs describe as undefined.
 */
import type {
  LoadBalancer,
  LoadBalancerPort,
  LoadBalancerState,
  TargetHealth,
} from '../../src/ports/load-balancers.js';

export class FakeElb implements LoadBalancerPort {
  private lbs = new Map<string, { lb: LoadBalancer; states: LoadBalancerState[] }>();
  private tgs = new Map<string, string[]>();
  private health = new Map<string, TargetHealth[][]>();

  add(lb: Omit<LoadBalancer, 'state'>, states: LoadBalancerState[] = ['provisioning', 'active']): this {
    this.lbs.set(lb.arn, { lb: { ...lb, state: states[0]! }, states: [...states] });
    return this;
  }

  targetGroups(lbArn: string, arns: string[]): this {
    this.tgs.set(lbArn, arns);
    return this;
  }

  scriptHealth(tgArn: string, ...snapshots: TargetHealth[][]): this {
    this.health.set(tgArn, snapshots);
    return this;
  }

  async list(region: string): Promise<LoadBalancer[]> {
    return [...this.lbs.values()].map((x) => x.lb).filter((lb) => lb.region === region);
  }

  async describe(_region: string, arn: string): Promise<LoadBalancer | undefined> {
    const x = this.lbs.get(arn);
    if (!x) return undefined;
    const state = x.states.length > 1 ? x.states.shift()! : x.states[0]!;
    return { ...x.lb, state };
  }

  async targetGroupArns(_region: string, lbArn: string): Promise<string[]> {
    return this.tgs.get(lbArn) ?? [];
  }

  async targetHealth(_region: string, tgArn: string): Promise<TargetHealth[]> {
    const s = this.health.get(tgArn) ?? [[]];
    return structuredClone(s.length > 1 ? s.shift()! : s[0]!);
  }
}
