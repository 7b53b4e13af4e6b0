/**
 * The fake world of `createWorld` plus what plan reads: region opt-in, certificates, the
 * AMI parameter, deployed templates and change sets. Every port is wrapped by the call
 * recorder, so a test can prove which calls mutated. Spec of the review fake: templates
 * are the fake CloudFormation's specs; a change set is CREATE_COMPLETE with `changes`, or
 * FAILED "didn't contain changes" when `changes` is empty; a CREATE change set leaves a
 * REVIEW_IN_PROGRESS stack, as CloudFormation does.
 */

import type { PlanPorts, PlanRequest } from '../../src/engine/plan/index.js';
import type { RoutingPolicy } from '../../src/ports/dns.js';
import type {
  ChangeSetInfo,
  ChangeSetRequest,
  ResourceChange,
  StackReviewPort,
} from '../../src/ports/readiness.js';
import type { FakeCloudFormation } from './cloudformation.js';
import { recordCalls } from './recorder.js';
import { createWorld, inputFor } from './world.js';

class FakeReview implements StackReviewPort {
  changeSets = new Map<string, ChangeSetInfo & { type: string }>();
  changes: ResourceChange[] = [{ action: 'Add', logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC' }];
  private n = 0;

  constructor(private readonly cfn: FakeCloudFormation) {}

  async templateBody(region: string, name: string): Promise<string | undefined> {
    return this.cfn.stacks.get(`${region}/${name}`)?.spec.templateBody;
  }

  async createChangeSet(region: string, req: ChangeSetRequest) {
    const id = `cs-${++this.n}`;
    if (req.type === 'CREATE') {
      this.cfn.seed(
        region,
        { name: req.stackName, templateBody: '', parameters: {}, tags: {} },
        'REVIEW_IN_PROGRESS',
      );
    }
    const none = this.changes.length === 0;
    this.changeSets.set(id, {
      id,
      stackId: `arn:${req.stackName}`,
      type: req.type,
      status: none ? 'FAILED' : 'CREATE_COMPLETE',
      ...(none ? { statusReason: "The submitted information didn't contain changes." } : {}),
      changes: this.changes,
    });
    return { id, stackId: `arn:${req.stackName}` };
  }

  async describeChangeSet(_region: string, id: string): Promise<ChangeSetInfo> {
    const cs = this.changeSets.get(id);
    if (!cs) throw new Error(`ChangeSetNotFound ${id}`);
    return cs;
  }

  async deleteChangeSet(_region: string, id: string): Promise<void> {
    this.changeSets.delete(id);
  }
}

export function createPlanWorld(routing: RoutingPolicy = 'simple') {
  const w = createWorld(routing);
  const optIn: Record<string, string> = {
    'us-east-1': 'opt-in-not-required',
    'us-west-2': 'opt-in-not-required',
  };
  const certs: Record<string, string[]> = {
    'us-east-1': ['arn:aws:acm:us-east-1:111122223333:certificate/c1'],
  };
  const params: Record<string, string> = { 'us-east-1': 'ami-0123' };
  const review = new FakeReview(w.stacks);
  const ports: PlanPorts = {
    identity: w.ports.identity,
    dns: w.ports.dns,
    stacks: w.ports.stacks,
    lbs: w.ports.lbs,
    lock: w.ports.lock,
    journal: w.ports.journal,
    clock: w.clock,
    regions: recordCalls({ optInStatus: async (r: string) => optIn[r] }, 'regions', w.calls),
    certificates: recordCalls(
      { issuedCovering: async (r: string) => certs[r] ?? [] },
      'certificates',
      w.calls,
    ),
    parameters: recordCalls({ get: async (r: string) => params[r] }, 'parameters', w.calls),
    review: recordCalls(review, 'review', w.calls),
  };
  const request: PlanRequest = {
    input: inputFor(routing, { flags: {} }),
    zone: { id: 'ZFAKE', name: 'example.com.' },
    certificateHost: 'www.example.com',
    templateProblems: [],
  };
  return { ...w, optIn, certs, params, review, planPorts: ports, request };
}

export type PlanWorld = ReturnType<typeof createPlanWorld>;

/** Deploys the world's stacks as a failover would leave them (outputs included), no calls recorded. */
export function deployTarget(w: PlanWorld): void {
  const { input } = w.request;
  w.stacks.seed(
    'us-east-1',
    { name: 'shop-network', templateBody: '{}', parameters: { Env: 'prod' }, tags: {} },
    'CREATE_COMPLETE',
    { VpcId: 'vpc-123' },
  );
  const alb = input.waves[1]![0]!;
  w.stacks.seed(
    'us-east-1',
    { name: alb.name, templateBody: '{}', parameters: { ...alb.parameters, VpcId: 'vpc-123' }, tags: {} },
    'CREATE_COMPLETE',
    { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/new-alb/1' },
  );
}
