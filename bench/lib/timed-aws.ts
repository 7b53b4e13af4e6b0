/**
 * Timed fakes of the ports, driven by the virtual clock: a stack is CREATE_COMPLETE once
 * virtual time passes its duration, targets turn healthy a set time after the service's
 * stack completes, a Route 53 change is INSYNC a set time after it was submitted. Every
 * method counts as the AWS API call(s) the real adapter (src/aws/) makes for it, and
 * takes the scenario's API latency in virtual time.
 */

import type { LoadBalancer, LoadBalancerPort, TargetHealth } from '../../src/ports/load-balancers.js';
import { normaliseLbDnsName } from '../../src/ports/load-balancers.js';
import type { ProbePort, ProbeRequest, ProbeResult } from '../../src/ports/probe.js';
import type { StackEvent, StackInfo, StackPort, StackSpec } from '../../src/ports/stacks.js';
import { parseTemplate } from '../../src/templates/cfn-yaml.js';
import type { CallLog } from './api-calls.js';
import type { VirtualClock } from './virtual-clock.js';

/** Records one API call at the current virtual time, then waits out its latency. */
export class Api {
  constructor(
    readonly clock: VirtualClock,
    readonly log: CallLog,
    readonly latencyMs: number,
  ) {}

  async call(service: string, operation: string): Promise<void> {
    this.log.add(service, operation, this.clock.now());
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
  }
}

export interface TimedStackPlan {
  /** Seconds a create or update takes; for an existing stack 0 means "no updates". */
  seconds: number;
  exists: boolean;
  outputs: Record<string, string>;
  /** Parameters an existing stack was created with. */
  parameters?: Record<string, string>;
}

interface Live {
  info: StackInfo;
  startedAt: number;
  doneAt: number;
  /** Events this operation produces in all (three per resource, two for the stack). */
  eventCount: number;
  verb: 'CREATE' | 'UPDATE';
}

/** CloudFormation returns at most 100 events per DescribeStackEvents page. */
const EVENTS_PER_PAGE = 100;

export class TimedStacks implements StackPort {
  private live = new Map<string, Live>();
  /** Virtual time each stack last reached a stable state. */
  readonly completedAt = new Map<string, number>();

  constructor(
    private readonly api: Api,
    private readonly plans: Map<string, TimedStackPlan>,
  ) {
    for (const [name, p] of plans) {
      if (!p.exists) continue;
      const now = api.clock.now();
      this.completedAt.set(name, now);
      const info = { name, id: `arn:${name}`, region: '', status: 'CREATE_COMPLETE', outputs: p.outputs };
      this.live.set(name, {
        info: { ...info, parameters: p.parameters ?? {}, tags: {} },
        startedAt: now,
        doneAt: now,
        eventCount: 0,
        verb: 'CREATE',
      });
    }
  }

  private settle(s: Live): void {
    if (!s.info.status.endsWith('_IN_PROGRESS') || this.api.clock.now() < s.doneAt) return;
    s.info.status = `${s.verb}_COMPLETE`;
    s.info.outputs = this.plans.get(s.info.name)?.outputs ?? {};
    this.completedAt.set(s.info.name, s.doneAt);
  }

  async describe(region: string, name: string): Promise<StackInfo | undefined> {
    await this.api.call('cloudformation', 'DescribeStacks');
    const s = this.live.get(name);
    if (!s) return undefined;
    this.settle(s);
    return structuredClone({ ...s.info, region });
  }

  async listByApp(): Promise<StackInfo[]> {
    await this.api.call('cloudformation', 'DescribeStacks');
    return [...this.live.values()].map((s) => structuredClone(s.info));
  }

  private start(spec: StackSpec, verb: 'CREATE' | 'UPDATE'): void {
    const plan = this.plans.get(spec.name);
    if (!plan) throw new Error(`the scenario has no timing for stack ${spec.name}`);
    const resources = Object.keys(parseTemplate(spec.templateBody, spec.name).Resources ?? {}).length;
    const now = this.api.clock.now();
    this.live.set(spec.name, {
      info: {
        name: spec.name,
        id: `arn:${spec.name}`,
        region: '',
        status: `${verb}_IN_PROGRESS`,
        outputs: {},
        parameters: spec.parameters,
        tags: spec.tags,
      },
      startedAt: now,
      doneAt: now + plan.seconds * 1000,
      eventCount: 2 + 3 * resources,
      verb,
    });
  }

  async create(_region: string, spec: StackSpec): Promise<{ stackId: string }> {
    await this.api.call('cloudformation', 'CreateStack');
    this.start(spec, 'CREATE');
    return { stackId: `arn:${spec.name}` };
  }

  async update(_region: string, spec: StackSpec): Promise<'updating' | 'no-changes'> {
    await this.api.call('cloudformation', 'UpdateStack');
    if ((this.plans.get(spec.name)?.seconds ?? 0) === 0) return 'no-changes';
    this.start(spec, 'UPDATE');
    return 'updating';
  }

  /** Events of the current operation (the only one kept), spread evenly over it; one page per 100 events. */
  async events(_region: string, name: string, _clientRequestToken?: string): Promise<StackEvent[]> {
    const s = this.live.get(name);
    const now = this.api.clock.now();
    const out: StackEvent[] = [];
    if (s && s.eventCount > 0) {
      const span = Math.max(1, s.doneAt - s.startedAt);
      for (let i = 0; i < s.eventCount; i++) {
        const at = s.startedAt + Math.round((span * i) / (s.eventCount - 1));
        if (at > now) break;
        out.unshift({
          id: `${name}-${s.startedAt}-${i}`,
          timestamp: new Date(at),
          logicalId: i === 0 || i === s.eventCount - 1 ? name : `Resource${Math.floor(i / 3)}`,
          resourceType: 'AWS::CloudFormation::Stack',
          status: i === s.eventCount - 1 ? `${s.verb}_COMPLETE` : `${s.verb}_IN_PROGRESS`,
        });
      }
    }
    const pages = Math.max(1, Math.ceil(out.length / EVENTS_PER_PAGE));
    for (let p = 0; p < pages; p++) await this.api.call('cloudformation', 'DescribeStackEvents');
    return out;
  }

  async delete(): Promise<void> {
    await this.api.call('cloudformation', 'DeleteStack');
  }
}

export const NEW_ALB_DNS = 'shop-prod-alb-1.us-east-1.elb.amazonaws.com';
export const NEW_ALB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/shop-prod-alb/1';
export const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/shop-prod-web/1';

/** ELBv2: the new ALB is active; its targets are healthy from `healthyAt()` on. */
export class TimedElb implements LoadBalancerPort {
  constructor(
    private readonly api: Api,
    private readonly healthyAt: () => number | undefined,
  ) {}

  private lb(state: LoadBalancer['state']): LoadBalancer {
    const base = { arn: NEW_ALB_ARN, name: 'shop-prod-alb', region: 'us-east-1', dnsName: NEW_ALB_DNS };
    return {
      ...base,
      canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      state,
      scheme: 'internet-facing',
      type: 'application',
    };
  }

  async list(): Promise<LoadBalancer[]> {
    await this.api.call('elbv2', 'DescribeLoadBalancers');
    return [this.lb('active')];
  }

  // CloudFormation reports the ALB's stack complete only once the ALB is active.
  async describe(): Promise<LoadBalancer | undefined> {
    await this.api.call('elbv2', 'DescribeLoadBalancers');
    return this.lb('active');
  }

  async targetGroupArns(): Promise<string[]> {
    await this.api.call('elbv2', 'DescribeTargetGroups');
    return [TG_ARN];
  }

  async targetHealth(): Promise<TargetHealth[]> {
    await this.api.call('elbv2', 'DescribeTargetHealth');
    const at = this.healthyAt();
    const healthy = at !== undefined && this.api.clock.now() >= at;
    return [
      { id: 'i-1', port: 8080, state: healthy ? 'healthy' : 'initial' },
      { id: 'i-2', port: 8080, state: healthy ? 'healthy' : 'initial' },
    ];
  }
}

/**
 * The application behind the new ALB: serves once its targets are healthy. A probe through
 * DNS succeeds once Route 53 answers with the new ALB. Probes are HTTPS, not AWS calls.
 */
export class TimedProbe implements ProbePort {
  requests = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly servingAt: () => number | undefined,
    private readonly resolve: (hostname: string) => string | undefined,
    /** The load balancer an address belongs to (post-flip probes go to addresses). */
    private readonly ownerOf: (address: string) => string | undefined = () => undefined,
  ) {}

  async probe(req: ProbeRequest, expectStatus: number): Promise<ProbeResult> {
    this.requests++;
    const target = req.connectHost ?? this.resolve(req.hostname) ?? '';
    const host = this.ownerOf(target) ?? target;
    const at = this.servingAt();
    const ok = normaliseLbDnsName(host) === NEW_ALB_DNS && at !== undefined && this.clock.now() >= at;
    return ok
      ? { ok, status: expectStatus, latencyMs: 30 }
      : { ok, status: 503, latencyMs: 30, error: 'status 503' };
  }
}
