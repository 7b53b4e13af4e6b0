/** The end-of-run summary: each phase with its duration, the total (the recovery time), what changed, where the journal is. */

import type { FailoverOutcome, PhaseTiming } from '../engine/index.js';
import type { RollbackOutcome } from '../engine/rollback.js';
import type { RecordChange } from '../ports/dns.js';
import { type Io, paint } from './io.js';
import { changeLines, phaseTitle, seconds } from './presenters/format.js';

function phases(io: Io, timings: PhaseTiming[]): void {
  if (timings.length === 0) return;
  io.out('Phases:');
  const width = Math.max(...timings.map((t) => phaseTitle(t.phase, t.step).length));
  for (const t of timings) {
    const mark = t.result === 'ok' ? 'ok     ' : t.result === 'skipped' ? 'skipped' : 'FAILED ';
    io.out(`  ${mark} ${phaseTitle(t.phase, t.step).padEnd(width)}  ${seconds(t.durationMs).padStart(10)}`);
  }
}

function changes(io: Io, label: string, batch: RecordChange[]): void {
  io.out(label);
  for (const l of changeLines(batch)) io.out(`  ${l}`);
}

function states(s: Record<string, string>): string {
  return Object.entries(s)
    .map(([r, v]) => `${r} ${v}`)
    .join(', ');
}

/** The command that removes drctl's stacks from a region that serves no traffic. */
function cleanupCommand(region: string): string {
  return `drctl teardown ${region}`;
}

/** `target`: the region the run deployed into, for what to do with what it left there. */
export function renderFailoverOutcome(o: FailoverOutcome, io: Io, target?: string): void {
  io.out('');
  switch (o.kind) {
    case 'flipped':
      io.out(
        paint(io, 'green', `Failover complete: ${o.from} -> ${o.to}. ${o.alb.dnsName} serves the site.`),
      );
      if (o.controls) {
        io.out(`Switch controls: ${states(o.controls.before)} -> ${states(o.controls.after)}`);
        io.out(
          "Verified: the zone's authoritative servers answer the new ALB's addresses, and the probe passed.",
        );
      }
      for (const [i, b] of o.batches.entries()) {
        changes(io, o.batches.length > 1 ? `DNS changes (step ${i + 1}):` : 'DNS changes:', b);
      }
      if (!o.answerVerified)
        io.out(
          paint(
            io,
            'yellow',
            'Route 53 TestDNSAnswer was unavailable: the flip was verified by the record sets read back and the probe only.',
          ),
        );
      break;
    case 'rolled-back':
      io.out(paint(io, 'yellow', `Rolled back: ${o.reason}`));
      if (o.restoredControls) {
        io.out(
          `The switch controls were set back to ${states(o.restoredControls)}, as read before the change, and read back.`,
        );
        break;
      }
      io.out('The record sets were restored exactly to the snapshot taken before the change, and verified.');
      changes(io, 'Restore applied:', o.restore);
      break;
    case 'held':
      io.out(
        paint(
          io,
          'yellow',
          `Held: ${o.to} keeps the traffic (${o.from} -> ${o.to}), although a check after the flip failed: ${o.reason}`,
        ),
      );
      io.out(
        o.why === 'source-unhealthy'
          ? `drctl did not roll back: ${o.from}, which it would restore, failed its health probe before the flip (${o.sourceProblem ?? 'no answer'}).`
          : 'drctl did not roll back: the after-flip policy is hold.',
      );
      io.out(`Check ${o.to} now; to put the record back as it was: drctl rollback ${o.runId}`);
      break;
    case 'aborted':
      io.out(
        paint(
          io,
          'yellow',
          o.reason === 'declined'
            ? 'Aborted: the confirmation was declined. DNS was not changed.'
            : 'Interrupted before any DNS change. DNS was not changed.',
        ),
      );
      io.out(`Resume with: drctl resume ${o.runId}`);
      if (target && o.timings.some((t) => t.phase === 'deploy' && t.result !== 'skipped')) {
        // A declined or stopped run leaves what it deployed running, and billing: say so.
        io.out(
          `The stacks deployed in ${target} are still there (and cost money). If you will not resume, remove them with: ${cleanupCommand(target)}`,
        );
      }
      break;
    case 'no-op':
      io.out(`Nothing to do: ${o.reason}`);
      break;
  }
  phases(io, o.timings);
  const waited = o.timings.filter((t) => t.phase === 'confirm').reduce((a, t) => a + t.durationMs, 0);
  const note = waited >= 1000 ? ` (of which ${seconds(waited)} waiting for the confirmation)` : '';
  io.out(`Recovery time: ${seconds(o.totalMs)}${note}`);
  if (o.journal) io.out(`Journal: ${o.journal}`);
}

export function renderRollbackOutcome(o: RollbackOutcome, io: Io): void {
  if (o.kind === 'nothing-to-do') io.out(`Nothing to roll back: ${o.reason}.`);
  else if (o.kind === 'closed') {
    io.out(`Run ${o.runId} never changed DNS; it is now closed (marked finished in its journal).`);
    io.out(
      o.lockReleased ? 'Its lock on the record was released.' : 'It no longer held the lock on the record.',
    );
    io.out(`Journal: ${o.journal}`);
  } else if (o.kind === 'aborted') io.out('Aborted: the confirmation was declined. DNS was not changed.');
  else if (o.restoredControls) {
    io.out(
      paint(
        io,
        'green',
        `Run ${o.runId} rolled back: the switch controls read back as ${states(o.restoredControls)} again.`,
      ),
    );
    phases(io, o.timings);
    io.out(`Journal: ${o.journal}`);
  } else {
    io.out(
      paint(
        io,
        'green',
        `Run ${o.runId} rolled back: the record sets match the snapshot again, and Route 53 answers as before.`,
      ),
    );
    if (o.restore.length) changes(io, 'Restore applied:', o.restore);
    else io.out('No change was needed: the record sets already matched the snapshot.');
    phases(io, o.timings);
    io.out(`Journal: ${o.journal}`);
  }
}
