/** Shared wording for presenters: one line per event that an operator needs to see. */
import type { EngineEvent } from '../../engine/events.js';

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

/** A progress line for an event, or undefined for events shown only as spans. */
export function progressLine(e: EngineEvent): string | undefined {
  switch (e.code) {
    case 'stack-status':
      return `${e.data.stack} (${e.data.region}): ${e.data.status}${e.data.reason ? ` - ${e.data.reason}` : ''}`;
    case 'stack-event':
      return e.data.status.endsWith('_FAILED')
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
      return `Route 53 answers ${e.data.got ? e.data.got.join(', ') || '(nothing)' : '(TestDNSAnswer unavailable)'}${e.data.ok ? '' : `, expected ${e.data.expected.join(', ')}`}`;
    case 'lock-acquired':
      return `lock ${e.data.key} taken by ${e.data.holder.holder} on ${e.data.holder.host}`;
    case 'lock-broken':
      return `broke the lock of run ${e.data.previous.runId} (${e.data.previous.holder}, since ${e.data.previous.startedAt})`;
    case 'lock-released':
      return `lock ${e.data.key} released`;
    case 'throttled':
      return `${e.data.what} throttled; retrying in ${seconds(e.data.delayMs)}`;
    case 'warning':
      return `warning: ${e.data.message}`;
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
