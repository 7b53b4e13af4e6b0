/**
 * The write-ahead journal of one run, over the JournalPort. Every mutation is preceded by
 * a `step-intent` entry and followed by `step-done`; a failed append stops the run before
 * the mutation (a change the journal does not know about could not be resumed or undone).
 * Only names, statuses and DNS record sets are written: never parameters or outputs,
 * which may hold secrets.
 */
import { DrctlError, isDrctlError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { RecordSet } from '../ports/dns.js';
import type { JournalEntry, JournalPort } from '../ports/journal.js';
import type { RoutingPolicy } from './input.js';

/** What `run-started` records: enough for `rollback <run-id>` without the config. */
export interface RunHeader {
  runId: string;
  command: 'failover';
  app: string;
  env: string;
  from: string;
  to: string;
  hostedZoneId: string;
  name: string;
  type: string;
  routing: RoutingPolicy;
  lockKey: string;
}

/** The `snapshot` step's data: the record sets and Route 53's answer before any change. */
export interface SnapshotData {
  records: RecordSet[];
  /** TestDNSAnswer before the flip; undefined when the endpoint does not offer it. */
  answer?: string[];
}

export interface RunState {
  header?: RunHeader;
  /** Steps with a `step-done`, and their data. */
  done: Map<string, Record<string, unknown>>;
  /** Steps with a `step-intent` and no `step-done` yet. */
  pending: Map<string, Record<string, unknown>>;
  /** The data of every `step-intent` ever written (the flip batches live here). */
  intents: Map<string, Record<string, unknown>>;
  finished?: string;
  /** When `run-started` was written (ISO), to order runs of the same record. */
  startedAt?: string;
  /** Run ids whose lock this run broke. */
  lockBroken: string[];
}

export async function loadRun(journal: JournalPort, runId: string): Promise<RunState> {
  let entries: JournalEntry[];
  try {
    entries = await journal.read(runId);
  } catch (e) {
    // A run id with no journal, or a journal damaged or not drctl's, is bad input: exit 2,
    // and the journal's own sentence (which says which) is kept.
    const damaged = isDrctlError(e) && e.code === 'JOURNAL';
    const message = damaged ? e.message : `No journal for run ${runId} at ${journal.locate(runId)}.`;
    throw new DrctlError('USAGE', message, {
      source: 'user',
      cause: e,
      hints: ['`drctl runs` lists the runs this machine knows'],
    });
  }
  const state: RunState = { done: new Map(), pending: new Map(), intents: new Map(), lockBroken: [] };
  for (const e of entries) {
    if (e.kind === 'run-started') {
      state.header = e.data as unknown as RunHeader;
      state.startedAt = e.at;
    }
    if (e.kind === 'lock-broken') {
      const previous = (e.data?.previous as { runId?: unknown } | undefined)?.runId;
      if (typeof previous === 'string') state.lockBroken.push(previous);
    }
    if (e.kind === 'run-finished') state.finished = String(e.data?.outcome ?? 'unknown');
    if (e.kind === 'step-intent' && e.step) {
      state.pending.set(e.step, e.data ?? {});
      state.intents.set(e.step, e.data ?? {});
    }
    if (e.kind === 'step-reconciled' && e.step) {
      state.pending.delete(e.step);
      state.intents.delete(e.step);
    }
    if (e.kind === 'step-done' && e.step) {
      state.pending.delete(e.step);
      state.done.set(e.step, e.data ?? {});
    }
  }
  return state;
}

export class RunJournal {
  readonly state: RunState;

  constructor(
    private readonly journal: JournalPort,
    readonly runId: string,
    private readonly clock: Clock,
    state?: RunState,
  ) {
    this.state = state ?? { done: new Map(), pending: new Map(), intents: new Map(), lockBroken: [] };
  }

  get location(): string {
    return this.journal.locate(this.runId);
  }

  async write(kind: string, step?: string, data?: Record<string, unknown>): Promise<void> {
    const entry: JournalEntry = { at: new Date(this.clock.now()).toISOString(), kind };
    if (step !== undefined) entry.step = step;
    if (data !== undefined) entry.data = data;
    try {
      await this.journal.append(this.runId, entry);
    } catch (e) {
      throw new DrctlError(
        'JOURNAL',
        `could not write the run journal (${kind} ${step ?? ''}) at ${this.location}`,
        {
          cause: e,
          hints: ['nothing was changed for this step; check the disk and resume with `drctl resume`'],
        },
      );
    }
  }

  /** Written BEFORE the mutation it names. */
  async intent(step: string, data?: Record<string, unknown>): Promise<void> {
    await this.write('step-intent', step, data);
    this.state.pending.set(step, data ?? {});
    this.state.intents.set(step, data ?? {});
  }

  async done(step: string, data?: Record<string, unknown>): Promise<void> {
    await this.write('step-done', step, data);
    this.state.pending.delete(step);
    this.state.done.set(step, data ?? {});
  }

  isDone(step: string): boolean {
    return this.state.done.has(step);
  }

  doneData<T>(step: string): T | undefined {
    return this.state.done.get(step) as T | undefined;
  }
}
