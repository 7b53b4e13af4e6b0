/**
 * How long each wait of a failover should take, so the waits can poll by expectation
 * (src/engine/expected-delay.ts): what past runs and drills into the same region took,
 * read from their journals (a stack's `step-intent` to its `step-done`, the `await-alb`
 * and `await-insync` phases): the same templates in the same region take much the same
 * time. Without history a wait polls by its plain backoff, as before: the model `drctl
 * plan` estimates with (below) is minutes off for most stacks (a 195 s network stack
 * "expected" at 300 s), and polling by it made a first failover 20-30 s slower
 * (docs/performance.md).
 */
import type { JournalEntry, JournalPort } from '../ports/journal.js';
import { dataField } from '../ports/journal.js';
import type { FailoverInput } from './input.js';

/** `drctl plan`'s model, seconds per stack action. Aurora dominates a create: a cluster and two instances take ~25 min. */
export const STACK_SECONDS = { create: 300, 'create-data': 1500, update: 180, 'no-change': 10, blocked: 0 };
/** `drctl plan`'s model: Route 53 changes reach all its name servers within 60 s in practice. */
export const INSYNC_SECONDS = 60;
/** Past runs to learn from, newest first: recent enough to follow template changes. */
const HISTORY_RUNS = 10;

type StackAction = 'create' | 'update';

/** Expected durations, ms, by wait, from past runs. A missing entry means: poll by plain backoff. */
export class Expectations {
  private readonly ms = new Map<string, number>();

  private static stackKey(name: string, action: StackAction): string {
    return `stack ${name} ${action}`;
  }

  stack(name: string, action: StackAction): number | undefined {
    return this.ms.get(Expectations.stackKey(name, action));
  }

  targets(): number | undefined {
    return this.ms.get('targets');
  }

  insync(): number | undefined {
    return this.ms.get('insync');
  }

  /**
   * A whole run, from its start to its verified flip: the fleet starts the apps expected
   * to take longest first (src/engine/fleet/run.ts).
   */
  run(): number | undefined {
    return this.ms.get('run');
  }

  private set(key: string, ms: number): void {
    this.ms.set(key, ms);
  }

  /** What past runs say; empty (every wait by backoff) without any. */
  get known(): string[] {
    return [...this.ms.keys()];
  }

  /**
   * The medians of what the journals of past failovers and drills of the same app into
   * the same region measured. A journal that cannot be read is skipped: history only
   * sharpens the polling.
   */
  static async learn(
    input: Pick<FailoverInput, 'app' | 'targetRegion' | 'runId'>,
    journal: JournalPort,
  ): Promise<Expectations> {
    const e = new Expectations();
    const runs = (await journal.list().catch(() => []))
      .filter((r) => (r.command === 'failover' || r.command === 'drill') && r.runId !== input.runId)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    const seen = new Map<string, number[]>();
    let used = 0;
    for (const run of runs) {
      if (used >= HISTORY_RUNS) break;
      const entries = await journal.read(run.runId).catch(() => []);
      const header = entries.find((x) => x.kind === 'run-started');
      if (dataField(header, 'app') !== input.app || dataField(header, 'to') !== input.targetRegion) continue;
      used++;
      for (const [key, ms] of durations(entries)) seen.set(key, [...(seen.get(key) ?? []), ms]);
    }
    for (const [key, xs] of seen) e.set(key, median(xs));
    return e;
  }
}

/**
 * Each finished stack operation, the target-health and INSYNC phases of one run's journal,
 * and the whole run when it got as far as a verified flip.
 */
function durations(entries: JournalEntry[]): [string, number][] {
  const out: [string, number][] = [];
  const intents = new Map<string, JournalEntry>();
  for (const x of entries) {
    if (!x.step?.startsWith('deploy:')) continue;
    if (x.kind === 'step-intent') intents.set(x.step, x);
    const start = intents.get(x.step);
    const action = dataField(start, 'action');
    if (x.kind === 'step-done' && start && (action === 'create' || action === 'update')) {
      const ms = Date.parse(x.at) - Date.parse(start.at);
      if (ms >= 0) out.push([`stack ${x.step.slice('deploy:'.length)} ${action}`, ms]);
    }
  }
  const finished = entries.findLast((x) => x.kind === 'run-finished');
  const timings = dataField(finished, 'timings');
  let verified = false;
  for (const t of Array.isArray(timings) ? timings : []) {
    if (t?.result !== 'ok' || typeof t.durationMs !== 'number') continue;
    if (t.phase === 'await-alb') out.push(['targets', t.durationMs]);
    if (t.phase === 'await-insync') out.push(['insync', t.durationMs]);
    if (t.phase === 'verify') verified = true;
  }
  const started = entries.find((x) => x.kind === 'run-started');
  const ms = started && finished ? Date.parse(finished.at) - Date.parse(started.at) : Number.NaN;
  if (verified && ms >= 0) out.push(['run', ms]);
  return out;
}

/** The middle value (the mean of the two middle ones for an even count); `xs` not empty. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
