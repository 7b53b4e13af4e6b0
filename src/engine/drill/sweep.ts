/**
 * `drctl drill --sweep`: find the leftovers of drills that died (or were kept) and, unless
 * it is a dry run, tear each down exactly as a drill would and verify it. A drill found in
 * a journal gets a `drill-clean` entry once verified, so it is not found again.
 */
import type { EventSink } from '../events.js';
import { Emitter } from '../events.js';
import { RunJournal } from '../run-journal.js';
import { resolveWaits } from '../wait-profiles.js';
import type { SweepCandidate, SweepScope } from './sweep-find.js';
import { findLeftovers } from './sweep-find.js';
import { type TeardownContext, teardown } from './teardown.js';
import type { CleanupItem, DrillPorts, Leftover, RetainedOutput } from './types.js';
import { verifyClean } from './verify-clean.js';

export interface SweepInput extends SweepScope {
  runId: string;
  /** List only; delete nothing. Default: true (the CLI asks for --yes to delete). */
  dryRun: boolean;
  /** The outputs naming retained resources, by blueprint stack key (names differ per drill). */
  retained: { stackKey: string; output: string; kind: RetainedOutput['kind'] }[];
  /** KMS pending window, days. Default: 7. */
  keyDeletionDays?: number;
}

export interface SweepResult {
  candidates: SweepCandidate[];
  cleaned: CleanupItem[];
  leftovers: Leftover[];
  dryRun: boolean;
}

/** The drill's own name for a retained output's stack: the stack carrying that key's suffix. */
function retainedFor(input: SweepInput, c: SweepCandidate): RetainedOutput[] {
  const names = c.inventory.stacks.flat();
  return input.retained.flatMap((r) => {
    const stack = names.find((n) => n.endsWith(`-${r.stackKey}`));
    return stack ? [{ stack, output: r.output, kind: r.kind }] : [];
  });
}

export async function sweepDrills(input: SweepInput, ports: DrillPorts, sink: EventSink): Promise<SweepResult> {
  const candidates = await findLeftovers(ports, input);
  const result: SweepResult = { candidates, cleaned: [], leftovers: [], dryRun: input.dryRun };
  if (input.dryRun) return result;
  const journal = new RunJournal(ports.journal, input.runId, ports.clock);
  await journal.write('run-started', undefined, { runId: input.runId, command: 'sweep' });
  for (const c of candidates.filter((x) => !x.skip)) {
    const r = c.inventory.record;
    const ctx: TeardownContext = {
      runId: input.runId,
      ports,
      sink,
      em: new Emitter(sink, ports.clock),
      journal,
      waits: resolveWaits(),
      timings: [],
      zoneId: r?.zoneId ?? input.hostedZoneId,
      name: r?.name ?? '',
      type: r?.type ?? 'A',
      cleanup: ports.cleanup,
      keyDeletionDays: input.keyDeletionDays ?? 7,
      retained: retainedFor(input, c),
    };
    await journal.write('drill-inventory', undefined, c.inventory as unknown as Record<string, unknown>);
    result.cleaned.push(...(await teardown(ctx, c.inventory)));
    const left = await verifyClean(ctx, c.inventory);
    result.leftovers.push(...left);
    if (left.length === 0 && c.runId) {
      await ports.journal.append(c.runId, { at: new Date(ports.clock.now()).toISOString(), kind: 'drill-clean' });
    }
  }
  await journal.write('run-finished', undefined, { outcome: result.leftovers.length ? 'leftovers' : 'clean' });
  return result;
}
