/** Words shared by the plan's text and Markdown views: one phrase per record set, check, stack. */
import { formatAge } from '../../engine/data/rpo.js';
import { recordKey } from '../../engine/dns-restore.js';
import type { Check, PlanDocument, StackPlan, Verdict } from '../../engine/plan/index.js';
import type { RecordSet } from '../../ports/dns.js';
import { seconds } from '../presenters/format.js';

export const VERDICT_TEXT: Record<Verdict, string> = {
  ready: 'READY: every check passed; a failover can go ahead',
  'not-ready': 'NOT READY: a failover would fail at a failed check below',
  refused: 'REFUSED: a safety rule refuses this change (exit 5); --force only after reading why',
};

/** The after-flip policy in force, in one sentence (plans written before it existed say rollback). */
export function afterFlipLine(doc: PlanDocument): string {
  if (doc.controls) {
    return (doc.afterFlip ?? 'rollback') === 'hold'
      ? 'After the switch: a failed check or an interruption keeps the new control states (after-flip policy hold; exit 9).'
      : `After the switch: a failed check or an interruption sets the controls back as read before the change (${doc.from} serving), unless ${doc.from} fails its health probe at the start of the run; then the new states are kept (after-flip policy rollback).`;
  }
  return (doc.afterFlip ?? 'rollback') === 'hold'
    ? 'After the flip: a failed check or an interruption keeps the new record (after-flip policy hold; exit 9).'
    : `After the flip: a failed check or an interruption restores the record to ${doc.from}, unless ${doc.from} fails its health probe at the start of the run; then the new record is kept (after-flip policy rollback).`;
}

export const MARK: Record<Check['status'], string> = { passed: 'ok', failed: 'FAIL', warning: 'warn' };

/** `[PRIMARY weight 10 us-east-1] alias dualstack.x. (health)` or `60s 192.0.2.1`. */
function describeRecordSet(rs: RecordSet | undefined): string {
  if (!rs) return '(absent)';
  const routing = [rs.Failover, rs.Weight !== undefined ? `weight ${rs.Weight}` : '', rs.Region]
    .filter(Boolean)
    .join(' ');
  const target = rs.AliasTarget
    ? `alias ${rs.AliasTarget.DNSName}${rs.AliasTarget.EvaluateTargetHealth ? ' (evaluates health)' : ''}`
    : `ttl ${rs.TTL ?? '?'} ${(rs.ResourceRecords ?? []).map((r) => r.Value).join(', ')}`;
  const hc = rs.HealthCheckId ? ` hc ${rs.HealthCheckId}` : '';
  return `${routing ? `[${routing}] ` : ''}${target}${hc}`;
}

export interface DnsRow {
  set: string;
  before: string;
  after: string;
  changed: boolean;
}

/** Before and after paired by Route 53's identity of a set (name, type, set identifier). */
export function dnsRows(doc: PlanDocument): DnsRow[] {
  const before = new Map(doc.dns.before.map((rs) => [recordKey(rs), rs]));
  const after = new Map(doc.dns.after.map((rs) => [recordKey(rs), rs]));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.map((k) => {
    const b = before.get(k);
    const a = after.get(k);
    const set = (b ?? a)?.SetIdentifier ?? '(no set id)';
    const [bt, at] = [describeRecordSet(b), describeRecordSet(a)];
    return { set, before: bt, after: at, changed: bt !== at };
  });
}

export function parameterLines(s: StackPlan): string[] {
  return s.parameters.map((p) => {
    if (p.before === undefined) return `+ ${p.name} = ${p.after ?? ''}`;
    if (p.after === undefined) return `- ${p.name} = ${p.before} (template default after)`;
    return `~ ${p.name}: ${p.before} -> ${p.after}`;
  });
}

export function changeSetLines(s: StackPlan): string[] {
  const cs = s.changeSet;
  if (!cs) return [];
  if (cs.status === 'skipped') return [`change set skipped: ${cs.reason}`];
  if (cs.status === 'failed') return [`change set failed: ${cs.reason}`];
  if (cs.status === 'no-changes') return ['change set: no resource changes'];
  return cs.changes.map(
    (c) =>
      `${c.action.padEnd(6)} ${c.logicalId} (${c.resourceType})${c.replacement === 'True' ? ' REPLACEMENT' : c.replacement === 'Conditional' ? ' may replace' : ''}`,
  );
}

export function rtoLine(doc: PlanDocument): string {
  const e = doc.estimate;
  const basis = e.runsUsed
    ? `median of ${e.runsUsed} past run(s) where known, else the model`
    : 'no past runs: the model in docs/plan.md';
  return `Estimated recovery time: ${seconds(e.totalSeconds * 1000)} (${basis})`;
}

export function rpoLine(doc: PlanDocument): string {
  const r = doc.estimate.rpoSeconds;
  const shown = r === null ? 'unknown' : r === 0 ? 'none' : formatAge(r);
  return `Estimated RPO: ${shown} (${doc.estimate.rpoNote})`;
}

/** One row per step: what it calls and where (docs/data-plane.md); the same rows in text and markdown. */
export function stepRows(doc: PlanDocument): { step: string; plane: string; service: string }[] {
  return (doc.steps ?? []).map((s) => ({
    step: s.step,
    plane: s.route53ControlPlane ? 'control (Route 53)' : s.plane,
    service: s.service,
  }));
}

/** Switch mode: the controls now and after the flip, one line each. */
export function controlLines(doc: PlanDocument): string[] {
  const c = doc.controls;
  if (!c) return [];
  const show = (st: Record<string, string>) =>
    Object.entries(st)
      .map(([r, v]) => `${r} ${v}`)
      .join(', ');
  const what = c.kind === 'arc' ? 'ARC routing controls' : 'S3 switch objects';
  return [
    `${what} now:   ${c.before ? show(c.before) : `unknown (${c.readError ?? 'not read'})`}`,
    `${what} after: ${show(c.after)}`,
  ];
}
