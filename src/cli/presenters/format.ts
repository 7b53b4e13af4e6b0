/** Shared wording for presenters: one line per event that an operator needs to see. */
import type { EngineEvent } from '../../engine/events.js';
import type { RecordChange } from '../../ports/dns.js';
import { stackStatus } from '../../ports/stack-status.js';

export function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

const PHASE_TITLES: Record<string, string> = {
  preflight: 'Preflight checks',
  lock: 'Taking the record lock',
  deploy: 'Deploying stacks',
  'await-alb': 'Waiting for the load balancer and healthy targets',
  'pre-flip-probe': 'Probing the new load balancer (before DNS changes)',
  snapshot: 'Snapshotting the record sets',
  confirm: 'Confirmation',
  flip: 'Changing the Route 53 record',
  'await-insync': 'Waiting for Route 53 to be INSYNC',
  verify: 'Verifying the new answer and the public endpoint',
  rollback: 'Rolling back DNS to the snapshot',
  'read-controls': 'Reading the switch controls',
  'set-controls': 'Setting the switch controls',
  'restore-controls': 'Setting the switch controls back',
  'release-lock': 'Releasing the lock',
  data: 'Recovering the data layer',
  'recover-data': 'Recovering the data layer',
  teardown: 'Tearing the drill down',
  'verify-clean': 'Checking that nothing is left',
};

export function phaseTitle(phase: string, step?: number): string {
  const t = PHASE_TITLES[phase] ?? phase;
  return step === undefined ? t : `${t} (step ${step})`;
}

/** One line per change: what an operator reads before typing the region. */
export function changeLines(changes: RecordChange[]): string[] {
  return changes.map((c) => {
    const rs = c.ResourceRecordSet;
    const variant = [
      rs.SetIdentifier,
      rs.Failover,
      rs.Weight !== undefined ? `weight ${rs.Weight}` : undefined,
      rs.Region ? `latency ${rs.Region}` : undefined,
    ].filter(Boolean);
    const target = rs.AliasTarget?.DNSName ?? (rs.ResourceRecords ?? []).map((r) => r.Value).join(', ');
    return `${c.Action.padEnd(6)} ${rs.Name} ${rs.Type}${variant.length ? ` [${variant.join(' ')}]` : ''} -> ${target}`;
  });
}

/** The DNS plan shown before the confirmation, batch by batch. */
export function dnsPlanLines(batches: RecordChange[][]): string[] {
  const out: string[] = [];
  batches.forEach((b, i) => {
    out.push(
      batches.length > 1
        ? `DNS change, step ${i + 1} of ${batches.length}:`
        : 'DNS change to apply (one atomic batch):',
    );
    for (const l of changeLines(b)) out.push(`  ${l}`);
  });
  return out;
}

/** A progress line for an event, or undefined for events shown only as spans. */
export function progressLine(e: EngineEvent): string | undefined {
  switch (e.code) {
    case 'stack-status':
      return `${e.data.stack} (${e.data.region}): ${e.data.status}${e.data.reason ? ` - ${e.data.reason}` : ''}`;
    case 'stack-event':
      return stackStatus.isFailed(e.data.status)
        ? `${e.data.stack}: ${e.data.logicalId} (${e.data.resourceType}) ${e.data.status}: ${e.data.reason ?? 'no reason given'}`
        : undefined;
    case 'stack-no-changes':
      return `${e.data.stack}: no changes`;
    case 'alb-state':
      return `load balancer ${e.data.state}`;
    case 'target-health':
      return `targets healthy ${e.data.healthy}/${e.data.total} (need ${e.data.required})`;
    case 'probe-attempt':
      return `${e.data.stage} probe #${e.data.attempt}: ${e.data.ok ? `${e.data.status} in ${e.data.latencyMs} ms` : (e.data.error ?? `status ${e.data.status}`)} (${e.data.consecutive}/${e.data.required} in a row)`;
    case 'dns-snapshot':
      return `saved ${e.data.records} record set(s) to the journal`;
    case 'dns-change-submitted':
      return `change ${e.data.changeId} submitted (${e.data.changes.length} change(s))`;
    case 'dns-change-status':
      return `change ${e.data.changeId}: ${e.data.status}`;
    case 'dns-answer':
      if (e.data.proof === 'read-back') return 'record sets read back as written (proof: read-back)';
      return `Route 53 answers ${e.data.got?.join(', ') || '(nothing)'}${e.data.ok ? '' : `, not the new ALB's ${e.data.expected.join(', ') || '(no addresses)'}`} (proof: read-back+answer)`;
    case 'switch-states':
      return `controls ${e.data.what}: ${Object.entries(e.data.states)
        .map(([r, v]) => `${r} ${v}`)
        .join(', ')}`;
    case 'authoritative-answer':
      return `authoritative DNS look ${e.data.attempt}: ${[...new Set(e.data.answers.map((a) => `${a.server} ${a.rcode === 'NOERROR' ? a.addresses.join(' ') || '(none)' : a.rcode}`))].join('; ')}${e.data.ok ? ' (the new ALB)' : ` (waiting for ${e.data.expected.join(' ') || 'the ALB'})`}`;
    case 'lock-acquired':
      return `lock ${e.data.key} taken by ${e.data.holder.holder} on ${e.data.holder.host}`;
    case 'lock-broken':
      return `broke the lock of run ${e.data.previous.runId} (since ${e.data.previous.startedAt})`;
    case 'lock-released':
      return `lock ${e.data.key} released`;
    case 'throttled':
      return `${e.data.what} throttled; retrying in ${seconds(e.data.delayMs)}`;
    case 'warning':
      return `warning: ${e.data.message}`;
    case 'data-strategy':
      return e.data.strategy === 'none' ? undefined : `data recovery: ${e.data.strategy}`;
    case 'data-source-found':
      return `data source: snapshot ${e.data.snapshotId} in ${e.data.region} taken ${e.data.snapshotTime} (${e.data.action})`;
    case 'data-region-unavailable':
      return `data: ${e.data.region} does not answer (${e.data.error})`;
    case 'data-copy-started':
      return `copying snapshot to ${e.data.targetRegion} as ${e.data.targetId}`;
    case 'data-copy-progress':
      return `snapshot copy ${e.data.targetId}: ${e.data.status}${e.data.percent !== undefined ? ` ${e.data.percent}%` : ''}`;
    case 'data-copy-done':
      return `snapshot copy ${e.data.targetId} available`;
    case 'data-rpo':
      return `recovery point: ${e.data.rpoSeconds === null ? 'unknown' : seconds(e.data.rpoSeconds * 1000)} of data at risk${e.data.maxRpoSeconds !== undefined ? ` (limit ${seconds(e.data.maxRpoSeconds * 1000)})` : ''}${e.data.within ? '' : e.data.accepted ? ', accepted' : ', over the limit'}`;
    case 'data-global-state':
      return `global database ${e.data.globalClusterId}: ${e.data.status}, writer in ${e.data.writerRegion ?? 'unknown'}, primary ${e.data.primaryAnswers ? 'answers' : 'does not answer'}`;
    case 'data-switchover-status':
      return `${e.data.action}: ${e.data.globalStatus}${e.data.failoverStatus ? ` (${e.data.failoverStatus})` : ''}`;
    case 'drill-note':
      return `note: ${e.data.message}`;
    case 'drill-cleanup':
      return `${e.data.kind} ${e.data.id}: ${e.data.action}${e.data.detail ? ` (${e.data.detail})` : ''}`;
    case 'drill-leftover':
      return `LEFT BEHIND: ${e.data.kind} ${e.data.id} in ${e.data.region}: ${e.data.why}`;
    default:
      return undefined;
  }
}
