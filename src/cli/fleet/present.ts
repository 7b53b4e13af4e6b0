/**
 * How a fleet looks: one line per event, prefixed with the application (`[shop] ok Deploy
 * stacks (4m 12s)`), so interleaved apps stay readable in a terminal, a CI log or grep;
 * NDJSON with --json; then one summary table with each app's journal and the exact
 * command to resume or roll it back.
 */
import type { AppResult, FleetEvent, FleetResult, FleetSink } from '../../engine/fleet/index.js';
import { type Io, paint } from '../io.js';
import { phaseTitle, progressLine, seconds } from '../presenters/format.js';
import { plainTable } from '../table.js';

export function fleetLines(io: Io, startedAt = Date.now()): FleetSink {
  const stamp = (at: number) => `[${seconds(Math.max(0, at - startedAt)).padStart(8)}]`;
  return {
    emit(e: FleetEvent) {
      const t = stamp(e.at);
      switch (e.code) {
        case 'fleet-start':
          io.out(
            `${t} fleet: ${e.data.apps} app(s) in wave(s) ${e.data.waves.join(', ')}, ${e.data.concurrency} at a time`,
          );
          break;
        case 'wave-start':
          io.out(`${t} wave ${e.data.wave}: ${e.data.apps.join(', ')}`);
          break;
        case 'wave-end':
          io.out(`${t} wave ${e.data.wave} done: ${e.data.moved} of ${e.data.of} moved`);
          break;
        case 'app-start':
          io.out(`${t} [${e.data.app}] started run ${e.data.runId}`);
          break;
        case 'app-end':
          io.out(`${t} [${e.data.app}] ${statusWords(io, e.data)}`);
          break;
        case 'app-event': {
          const line = appLine(io, e.data.event);
          if (line) io.out(`${t} [${e.data.app}] ${line}`);
          break;
        }
        default:
          break;
      }
    },
  };
}

function appLine(io: Io, e: Extract<FleetEvent, { code: 'app-event' }>['data']['event']): string | undefined {
  if (e.code === 'phase-start') return `${phaseTitle(e.data.phase, e.data.step)}...`;
  if (e.code === 'phase-end') {
    const title = phaseTitle(e.data.phase, e.data.step);
    if (e.data.result === 'ok') return `${paint(io, 'green', 'ok')} ${title} (${seconds(e.data.durationMs)})`;
    if (e.data.result === 'skipped') return `skipped ${title} (already done)`;
    return `${paint(io, 'red', 'FAILED')} ${title}: ${e.data.error ?? ''}`;
  }
  return progressLine(e);
}

export function fleetNdjson(io: Io): FleetSink {
  return {
    emit: (e) => {
      const at = new Date(e.at).toISOString();
      if (e.code === 'app-event') {
        const ev = e.data.event;
        io.out(JSON.stringify({ type: 'event', app: e.data.app, code: ev.code, at, data: ev.data }));
      } else if (e.code !== 'fleet-end')
        io.out(JSON.stringify({ type: 'event', code: e.code, at, data: e.data }));
    },
  };
}

const WORDS: Record<AppResult['status'], string> = {
  moved: 'moved, verified',
  held: 'HELD on the new record after a failed check',
  'rolled-back': 'rolled back: DNS restored and verified',
  aborted: 'stopped before any DNS change',
  failed: 'FAILED',
  'not-started': 'not started',
};

function statusWords(io: Io, r: AppResult): string {
  const colour =
    r.status === 'moved' ? 'green' : r.status === 'failed' || r.status === 'held' ? 'red' : 'yellow';
  const why = r.error
    ? `: ${r.error.message}`
    : r.outcome && 'reason' in r.outcome
      ? ` (${r.outcome.reason})`
      : '';
  return `${paint(io, colour, WORDS[r.status])}${why}`;
}

/**
 * What to run next for one app: roll back a run that changed DNS (moved or held), resume
 * one that stopped with its journal unfinished, nothing for one restored or not started.
 */
function nextCommand(r: AppResult, configPath: string): string {
  const c = ` -c ${configPath}`;
  if (r.status === 'moved' || r.status === 'held') return `drctl rollback ${r.runId}${c}`;
  if (r.status === 'failed' && r.journal) return `drctl resume ${r.runId}${c}`;
  return '-';
}

export function renderFleetSummary(
  io: Io,
  result: FleetResult,
  region: string,
  configs: Map<string, string>,
  mode: 'failover' | 'resume' | 'rollback' = 'failover',
): void {
  const t = plainTable(['APP', 'WAVE', 'RESULT', 'RUN', 'JOURNAL', 'NEXT']);
  for (const r of result.apps) {
    t.push([
      r.app,
      String(r.wave),
      r.status,
      r.journal ? r.runId : '-',
      r.journal ?? '-',
      nextCommand(r, configs.get(r.app) ?? './drctl.yaml'),
    ]);
  }
  io.out('');
  io.out(t.toString());
  const count = (s: AppResult['status']) => result.apps.filter((r) => r.status === s).length;
  const parts = (['moved', 'held', 'rolled-back', 'failed', 'aborted', 'not-started'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${s}`);
  const want = mode === 'rollback' ? 'rolled-back' : 'moved';
  const all = result.apps.every((r) => r.status === want);
  const done = mode === 'rollback' ? 'rolled back from' : 'moved to';
  const head = all
    ? paint(io, 'green', `All ${result.apps.length} app(s) ${done} ${region}`)
    : paint(io, 'yellow', `Not every app ${done} ${region}`);
  io.out(`\n${head}: ${parts.join(', ')} (${seconds(result.totalMs)}).`);
  if (result.stoppedAfterWave !== undefined)
    io.out(
      `Later waves did not start: wave ${result.stoppedAfterWave} did not all move (onWaveFailure: stop).`,
    );
  if (result.interrupted) io.out('The fleet was interrupted: apps not started were left as they were.');
  if (!all)
    io.out(
      `Each app keeps its own journal: the NEXT column resumes or rolls back one app; \`drctl fleet resume ${region}\` or \`drctl fleet rollback ${region}\` does all.`,
    );
}
