/** What `buildPlan` is given: the resolved failover input, plan options, and read ports. */
import type { Clock } from '../../ports/clock.js';
import type { DatabasePort } from '../../ports/database.js';
import type { DnsPort } from '../../ports/dns.js';
import type { IdentityPort } from '../../ports/identity.js';
import type { JournalPort } from '../../ports/journal.js';
import type { LoadBalancerPort } from '../../ports/load-balancers.js';
import type { LockPort } from '../../ports/lock.js';
import type { CertificatePort, ParameterPort, RegionPort, StackReviewPort } from '../../ports/readiness.js';
import type { StackPort } from '../../ports/stacks.js';
import type { TrafficSwitchPort } from '../../ports/traffic-switch.js';
import type { FailoverInput } from '../input.js';

export interface PlanRequest {
  /** The same input a failover gets (`flags.force` turns refusals into warnings). */
  input: FailoverInput;
  /** The hosted zone, already found by id or name. */
  zone: { id: string; name: string };
  /** The certificate ARN the config names for the target region. Default: any ISSUED one. */
  certificateArn?: string;
  /** The name the certificate must cover. */
  certificateHost: string;
  /** What the built-in template checks found (the CLI runs them: they read files). */
  templateProblems: string[];
  /** Create (and delete) CloudFormation change sets for exact resource changes. Default: false. */
  changeSets?: boolean;
  /** SSM parameter of the AMI the compute stack uses. Default: `ECS_AMI_PARAMETER`. */
  amiParameter?: string;
  /** Run id used to name change sets. Default: `input.runId`. */
  planId?: string;
  /** Ctrl-C: stop computing change sets (those created are still deleted). Default: none. */
  signal?: AbortSignal;
}

/**
 * Every port plan reads through. Plan calls no mutating method of any of them, except
 * `review.createChangeSet`/`deleteChangeSet` and `stacks.delete` of the empty stack a
 * CREATE change set leaves, and only when `changeSets` is asked for.
 */
export interface PlanPorts {
  identity: IdentityPort;
  dns: DnsPort;
  stacks: StackPort;
  lbs: LoadBalancerPort;
  lock: LockPort;
  journal: JournalPort;
  clock: Clock;
  regions: RegionPort;
  certificates: CertificatePort;
  parameters: ParameterPort;
  review: StackReviewPort;
  /** Needed when the input recovers a database. */
  db?: DatabasePort;
  /** Needed in a switch mode: the controls are read (never set). */
  switch?: TrafficSwitchPort;
}

/** Stands in for CertificateArn when no certificate is found, so the rest can still be planned. */
export function placeholderCertificateArn(region: string): string {
  return `arn:aws:acm:${region}:000000000000:certificate/none-found`;
}
