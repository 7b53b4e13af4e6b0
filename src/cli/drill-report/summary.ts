/** What a drill prints at the end on a terminal or in a CI log: verdict, RTO, phases, cleanup. */
import type { DrillResult } from '../../engine/drill/types.js';
import type { Io } from '../io.js';
import { barLabel, duration, rtoLine, VERDICT_TEXT } from './common.js';

export function renderDrillSummary(r: DrillResult, io: Io): void {
  io.out('');
  io.out(`Drill ${r.drillId} ${VERDICT_TEXT[r.verdict]} (${r.primaryRegion} -> ${r.region}, ${r.env})`);
  io.out(`Recovery time: ${rtoLine(r)}`);
  if (r.failure) io.out(`Failed at ${r.failure.phase ?? 'start'}: ${r.failure.message}`);
  for (const b of r.phases) {
    io.out(`  ${barLabel(b).padEnd(56)} ${duration(b.durationMs).padStart(12)}  ${b.result}`);
  }
  const scheduled = r.cleaned.filter((c) => c.action === 'scheduled-deletion').length;
  const deleted = r.cleaned.filter((c) => c.action === 'deleted').length;
  if (r.cleanup === 'kept') {
    io.out(`Kept for inspection (--keep): remove it later with \`drctl drill --sweep --yes --min-age 0\`.`);
  } else {
    io.out(
      `Cleanup: ${r.cleanup} (${deleted} deleted${scheduled ? `, ${scheduled} KMS key(s) scheduled for deletion` : ''})`,
    );
  }
  for (const l of r.leftovers) io.err(`LEFT BEHIND: ${l.kind} ${l.id} in ${l.region}: ${l.why}`);
  if (r.leftovers.length) io.err('Remove them with `drctl drill --sweep --yes`.');
  io.out(`Journal: ${r.journal}`);
}
