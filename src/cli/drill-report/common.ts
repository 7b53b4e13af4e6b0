/** Wording and numbers every drill report format shares. */
import type { DrillResult, DrillVerdict, PhaseBar } from '../../engine/drill/types.js';
import { phaseTitle, seconds } from '../presenters/format.js';

export const VERDICT_TEXT: Record<DrillVerdict, string> = {
  passed: 'PASSED',
  failed: 'FAILED: the rehearsal did not complete',
  'rto-exceeded': 'FAILED: recovery time over target',
  leftovers: 'FAILED: teardown left resources behind',
};

export const duration = seconds;

export function barLabel(b: PhaseBar): string {
  return phaseTitle(b.phase, b.step);
}

export function rtoLine(r: DrillResult): string {
  const rto = r.rtoMs === undefined ? 'not measured (the rehearsal failed)' : duration(r.rtoMs);
  const target = r.rtoTargetMs === undefined ? 'no target set' : `target ${duration(r.rtoTargetMs)}`;
  return `${rto} (${target})`;
}

/** Total span of the drill in the waterfall: the end of the last bar. */
export function totalMs(r: DrillResult): number {
  return Math.max(1, ...r.phases.map((b) => b.startMs + b.durationMs));
}

/** The operator's notes, then the run's warnings: the same list in every report. */
export function notesOf(r: DrillResult): string[] {
  return [...r.notes, ...r.warnings.map((w) => `warning: ${w}`)];
}
