/**
 * Rows: every AWS call a failover makes, in order (the proxy's record of a clean run,
 * checked by calls-setup.test.ts so a new call cannot slip in untested). Columns: the wire
 * faults. A throttle, two 5xx or one dropped connection must be survived (exit 0, DNS at
 * the new ALB); an outage of one logical call must end in the documented outcome for
 * where it happens.
 */
import type { FaultRule } from '../harness/fault-proxy.js';
import {
  type Expectation,
  type FaultCase,
  FIVE_XX,
  lockDrop,
  lockTake,
  OUTAGE,
  recordChange,
  THROTTLE,
} from './case.js';

type Match = Pick<FaultRule, 'service' | 'operation' | 'when' | 'nth'>;

/** Wave 1 deploys two stacks in parallel: fault the calls about one of them only. */
const network: FaultRule['when'] = (c) => /StackName=[a-z]+-prod-network(&|$)/.test(c.body);

export interface CallSite {
  at: string;
  match: Match;
  /** What an outage of this one call must end in. */
  outage: Expectation;
  /** True for calls that change something: their dropped answer comes after the emulator acted. */
  mutates?: boolean;
  /** Also fault with a hung connection (the request timeout must end it). */
  hang?: boolean;
  /** When losing this call's answer is not survived in-run: the outcome, and the way on. */
  droppedAnswer?: Pick<FaultCase, 'expect' | 'next'>;
}

const flipped: Expectation = { exit: 0, dns: 'new', finished: 'flipped' };
/** Failed before the engine started: nothing journaled, nothing locked. */
const setupFailed: Expectation = { exit: 1, dns: 'seeded' };
const failed: Expectation = { exit: 1, dns: 'seeded', finished: 'AWS_CALL_FAILED' };
const rolledBack: Expectation = { exit: 3, dns: 'seeded', finished: 'rolled-back' };

export const CALL_SITES: CallSite[] = [
  {
    at: 'route53 ListHostedZonesByName (setup)',
    match: { operation: 'ListHostedZonesByName' },
    outage: setupFailed,
  },
  { at: 'acm ListCertificates (setup)', match: { operation: 'ListCertificates' }, outage: setupFailed },
  {
    at: 'sts GetCallerIdentity (preflight)',
    match: { operation: 'GetCallerIdentity' },
    outage: failed,
    hang: true,
  },
  {
    at: 'route53 ListResourceRecordSets (preflight)',
    match: { operation: 'ListResourceRecordSets' },
    outage: failed,
  },
  {
    at: 'route53 ChangeResourceRecordSets (take lock)',
    match: { operation: 'ChangeResourceRecordSets', when: lockTake },
    outage: failed,
    mutates: true,
  },
  {
    at: 'cloudformation DescribeStacks (deploy)',
    match: { operation: 'DescribeStacks', when: network },
    outage: failed,
  },
  {
    at: 'cloudformation CreateStack (deploy)',
    match: { operation: 'CreateStack', when: network },
    outage: failed,
    mutates: true,
    hang: true,
    // The SDK retries a CreateStack whose answer was lost with the same ClientRequestToken,
    // and CloudFormation answers with the stack the first attempt made (docs/emulator-
    // fidelity.md): survived in-run.
  },
  {
    at: 'cloudformation DescribeStackEvents (deploy)',
    match: { operation: 'DescribeStackEvents', when: network },
    outage: failed,
  },
  {
    at: 'elbv2 DescribeLoadBalancers (await ALB)',
    match: { operation: 'DescribeLoadBalancers' },
    outage: failed,
  },
  {
    at: 'elbv2 DescribeTargetHealth (await targets)',
    match: { operation: 'DescribeTargetHealth' },
    outage: failed,
    hang: true,
  },
  {
    at: 'route53 ListResourceRecordSets (snapshot)',
    match: { operation: 'ListResourceRecordSets', nth: 2 },
    outage: failed,
  },
  { at: 'route53 TestDNSAnswer (snapshot)', match: { operation: 'TestDNSAnswer' }, outage: failed },
  {
    at: 'route53 ChangeResourceRecordSets (flip)',
    match: { operation: 'ChangeResourceRecordSets', when: recordChange },
    outage: failed,
    mutates: true,
    hang: true,
  },
  {
    at: 'route53 GetChange (await INSYNC)',
    match: { operation: 'GetChange' },
    outage: rolledBack,
    hang: true,
  },
  {
    at: 'route53 ListResourceRecordSets (verify: read-back)',
    match: { operation: 'ListResourceRecordSets', nth: 3 },
    outage: rolledBack,
  },
  {
    at: 'route53 TestDNSAnswer (verify)',
    match: { operation: 'TestDNSAnswer', nth: 2 },
    outage: { ...rolledBack, finished: 'rolled-back' },
  },
  {
    at: 'route53 ListResourceRecordSets (release lock)',
    match: { operation: 'ListResourceRecordSets', nth: 4 },
    outage: { ...flipped, lock: 'reported' },
  },
  {
    at: 'route53 ChangeResourceRecordSets (release lock)',
    match: { operation: 'ChangeResourceRecordSets', when: lockDrop },
    outage: { ...flipped, lock: 'reported' },
    mutates: true,
  },
];

/** The operations of CALL_SITES, to compare with what a clean failover really calls. */
export const COVERED_OPERATIONS = new Set(CALL_SITES.map((s) => s.match.operation));

function at(site: CallSite, rule: Omit<FaultRule, Exclude<keyof Match, 'nth'>>): FaultRule {
  const nth = (site.match.nth ?? 1) - 1 + (rule.nth ?? 1);
  return { ...site.match, ...rule, nth };
}

/** Every site of `sites` with every fault kind that applies to it. */
export function callCases(sites: CallSite[]): FaultCase[] {
  const out: FaultCase[] = [];
  for (const site of sites) {
    const add = (
      kind: string,
      rule: Omit<FaultRule, Exclude<keyof Match, 'nth'>>,
      expect: Expectation,
      more = {},
    ) => {
      out.push({ at: site.at, kind, faults: [at(site, rule)], expect, ...more });
    };
    add('throttle', THROTTLE, flipped);
    add('5xx', FIVE_XX, flipped);
    if (site.mutates) {
      const d = site.droppedAnswer ?? { expect: flipped };
      add('dropped answer', { fault: { kind: 'drop-after' } }, d.expect, d.next ? { next: d.next } : {});
    } else add('dropped connection', { fault: { kind: 'drop-before' } }, flipped);
    if (site.hang) add('timeout', { fault: { kind: 'hang' } }, flipped);
    add('outage', OUTAGE, site.outage);
  }
  return out;
}
