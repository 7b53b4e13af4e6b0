/**
 * The safety verdict (octodns's `raise_if_unsafe`, as values): rules that refuse the plan
 * unless `--force`. A refusal is a judgement about the change; a failed check is a
 * reason the failover would not get through.
 */
import type { RecordSet, RoutingPolicy } from '../../ports/dns.js';
import { type DnsFacts, isAlreadyTarget } from './dns-view.js';
import type { PlanRequest } from './request.js';
import type { Check, DnsPlanView, Refusal, StackPlan, Verdict } from './types.js';

/** The record sets that would answer queries (others are standby or weight 0). */
function answering(sets: RecordSet[], routing: RoutingPolicy): RecordSet[] {
  switch (routing) {
    case 'failover':
      return sets.filter((rs) => rs.Failover === 'PRIMARY');
    case 'weighted':
      return sets.filter((rs) => (rs.Weight ?? 0) > 0);
    default:
      return sets;
  }
}

function noHealthyTarget(
  req: PlanRequest,
  f: DnsFacts,
  dns: DnsPlanView,
  stacks: StackPlan[],
): string | undefined {
  const { record } = req.input;
  if (dns.batches.length && answering(dns.after, record.routing).length === 0) {
    return `after the change no ${record.name} record set would answer queries`;
  }
  const nothingDeploys = stacks.every((s) => s.action === 'no-change');
  if (f.alb.known && f.alb.healthy === 0 && nothingDeploys) {
    return `the new load balancer ${f.alb.target.dnsName} has no healthy target and no stack would change to fix that`;
  }
  return undefined;
}

export function refusals(req: PlanRequest, f: DnsFacts, dns: DnsPlanView, stacks: StackPlan[]): Refusal[] {
  const out: Refusal[] = [];
  const { input } = req;
  if (isAlreadyTarget(req, f)) {
    out.push({
      id: 'already-target',
      reason: `${input.record.name} already routes to ${input.targetRegion}, the target of this plan`,
      fix: 'nothing to fail over; --force re-deploys and re-verifies anyway',
    });
  }
  if (f.shapeProblem) {
    out.push({
      id: 'unknown-variants',
      reason: f.shapeProblem,
      fix: 'describe every variant in dns.record (routing, setIdentifiers) before drctl may change the record',
    });
  }
  const dead = noHealthyTarget(req, f, dns, stacks);
  if (dead) {
    out.push({
      id: 'no-healthy-target',
      reason: dead,
      fix: 'fix the target region first (drctl status shows it)',
    });
  }
  return out;
}

export function planVerdict(checks: Check[], refused: Refusal[], forced: boolean): Verdict {
  // The config's `controlPlane: avoid` is the operator's own rule: --force does not waive it.
  if (refused.some((r) => r.id === 'control-plane')) return 'refused';
  if (refused.length && !forced) return 'refused';
  return checks.some((c) => c.status === 'failed') ? 'not-ready' : 'ready';
}
