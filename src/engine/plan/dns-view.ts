/**
 * What plan reads and says about the record: its variants, their shape against the
 * config, where it routes now, the new ALB if it already exists, and the DNS change as
 * before/after sets. `planFlip` computes the change exactly as a failover would.
 */
import { isDrctlError } from '../../errors.js';
import { type RecordSet, typesOf } from '../../ports/dns.js';
import { stackStatus } from '../../ports/stack-status.js';
import type { StackInfo } from '../../ports/stacks.js';
import {
  type AlbTarget,
  alreadyRoutesTo,
  MISSING_RECORD_FIX,
  missingRecordMessage,
  missingType,
  planFlip,
  refuseHalfMove,
  servingRegion,
  validateShape,
} from '../dns-plan.js';
import { applyChanges } from '../dns-restore.js';
import { check } from './checks.js';
import type { PlanPorts, PlanRequest } from './request.js';
import type { Check, DnsPlanView } from './types.js';

interface NewAlbFacts {
  target: AlbTarget;
  /** False: a placeholder, the ALB is created by the failover. */
  known: boolean;
  /** Healthy targets summed over its target groups; undefined when not known. */
  healthy?: number;
}

export interface DnsFacts {
  records?: RecordSet[];
  readError?: string;
  /** Why the record sets do not have the configured shape. */
  shapeProblem?: string;
  /** What fixes `shapeProblem`, when the refusal says. */
  shapeFix?: string;
  /** The region the record routes to now, when one clearly does. */
  serving?: string;
  alb: NewAlbFacts;
}

export function placeholderAlb(region: string): AlbTarget {
  return { dnsName: `<new-alb>.${region}.elb.amazonaws.com`, canonicalHostedZoneId: '<new-alb-zone>' };
}

/** The new ALB when its stack already exists and is stable; else a marked placeholder. */
export async function newAlb(
  req: PlanRequest,
  ports: PlanPorts,
  stacks: Map<string, StackInfo>,
): Promise<NewAlbFacts> {
  const { input } = req;
  const region = input.targetRegion;
  const fallback = { target: placeholderAlb(region), known: false };
  const info = stacks.get(input.alb.stack);
  const arn = info?.outputs[input.alb.arnOutput];
  if (!info || !arn || !stackStatus.isStable(info.status)) return fallback;
  const lb = await ports.lbs.describe(region, arn);
  if (!lb) return fallback;
  let healthy = 0;
  for (const tg of await ports.lbs.targetGroupArns(region, arn)) {
    healthy += (await ports.lbs.targetHealth(region, tg)).filter((t) => t.state === 'healthy').length;
  }
  const out = (name?: string) => (name ? info.outputs[name] : undefined);
  return {
    target: {
      dnsName: out(input.alb.dnsNameOutput) || lb.dnsName,
      canonicalHostedZoneId: out(input.alb.canonicalZoneIdOutput) || lb.canonicalHostedZoneId,
    },
    known: true,
    healthy,
  };
}

export async function readDnsFacts(
  req: PlanRequest,
  ports: PlanPorts,
  stacks: Map<string, StackInfo>,
): Promise<DnsFacts> {
  const { input } = req;
  const alb = await newAlb(req, ports, stacks).catch(() => ({
    target: placeholderAlb(input.targetRegion),
    known: false,
  }));
  let both: RecordSet[];
  try {
    // Both alias types, as preflight reads them: a name with both must move both.
    both = await ports.dns.listRecordSets(input.hostedZoneId, input.record.name, 'A+AAAA');
  } catch (e) {
    return { readError: e instanceof Error ? e.message : String(e), alb };
  }
  const types = typesOf(input.record.type);
  const records = both.filter((rs) => types.includes(rs.Type));
  const facts: DnsFacts = { records, alb };
  const serving = servingRegion(records, input.record);
  if (serving) facts.serving = serving;
  try {
    refuseHalfMove(both, input.record);
    validateShape(records, input.record, fromRegion(req, facts), input.targetRegion);
  } catch (e) {
    if (!isDrctlError(e)) throw e;
    facts.shapeProblem = e.message;
    if (e.hints[0]) facts.shapeFix = e.hints[0];
  }
  return facts;
}

/** The region a failover would move traffic from: the one serving (failback too), as the engine decides. */
export function fromRegion(req: PlanRequest, f: DnsFacts): string {
  return f.serving ?? req.input.primaryRegion;
}

export function recordCheck(req: PlanRequest, f: DnsFacts): Check {
  const { record } = req.input;
  const title = `Record ${record.name} ${record.type} in ${req.zone.name}`;
  const id = 'record';
  if (f.readError)
    return check(id, title, 'failed', `could not be read: ${f.readError}`, 'check Route 53 access');
  const missing = missingType(f.records ?? [], record);
  if (missing) {
    const message = missingRecordMessage({ name: record.name, type: missing }, req.zone.name);
    return check(id, title, 'failed', message, MISSING_RECORD_FIX);
  }
  if (f.shapeProblem) {
    return check(
      id,
      title,
      'failed',
      f.shapeProblem,
      f.shapeFix ?? 'describe every variant in dns.record (routing, setIdentifiers)',
    );
  }
  return check(
    id,
    title,
    'passed',
    `${f.records?.length ?? 0} record set(s), ${record.routing} routing, as configured`,
  );
}

export function alreadyTargetCheck(req: PlanRequest, f: DnsFacts): Check {
  const to = req.input.targetRegion;
  const title = 'Record not already on the target';
  if (isAlreadyTarget(req, f)) {
    return check(
      'already-target',
      title,
      'warning',
      `${req.input.record.name} already routes to ${to}`,
      'nothing to fail over; --force re-deploys and re-verifies',
    );
  }
  return check(
    'already-target',
    title,
    'passed',
    `the record routes to ${f.serving ?? 'a region that cannot be told'} now`,
  );
}

export function isAlreadyTarget(req: PlanRequest, f: DnsFacts): boolean {
  const { input } = req;
  if (f.serving === input.targetRegion) return true;
  if (!f.records || !f.alb.known || f.shapeProblem) return false;
  return alreadyRoutesTo({
    snapshot: f.records,
    record: input.record,
    fromRegion: fromRegion(req, f),
    toRegion: input.targetRegion,
    alb: f.alb.target,
  });
}

export function controlPlaneCheck(): Check {
  return check(
    'route53-control-plane',
    'Route 53 control plane',
    'warning',
    'the flip is a ChangeResourceRecordSets call to the Route 53 control plane (us-east-1); if it is impaired, drctl cannot move the record',
    'when failover must work without the control plane, pre-provision health checks and failover records (data plane)',
  );
}

/** Every record set before and after, and the batches, as a failover would compute them. */
export function dnsView(req: PlanRequest, f: DnsFacts): DnsPlanView {
  const { input } = req;
  const before = f.records ?? [];
  const base = { albKnown: f.alb.known, albDnsName: f.alb.target.dnsName, before };
  const problem = f.readError ?? f.shapeProblem;
  if (problem) return { ...base, after: before, batches: [], problem };
  try {
    const batches = planFlip({
      snapshot: before,
      record: input.record,
      fromRegion: fromRegion(req, f),
      toRegion: input.targetRegion,
      alb: f.alb.target,
    }).map((b) => b.changes);
    const after = batches.reduce((sets, b) => applyChanges(sets, b), before);
    return { ...base, after, batches };
  } catch (e) {
    if (!isDrctlError(e)) throw e;
    return { ...base, after: before, batches: [], problem: e.message };
  }
}
