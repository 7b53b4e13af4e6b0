/**
 * The write-ahead journal of one run, over the JournalPort. Every mutation is preceded by
 * a `step-intent` entry and followed by `step-done`; a failed append stops the run before
 * the mutation (a change the journal does not know about could not be resumed or undone).
 * Only names, statuses and DNS record sets are written: never parameters or outputs,
 * which may hold secrets.
 */
import { DrctlError, isDrctlError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { dataField, type JournalEntry, type JournalPort } from '../ports/journal.js';
import {
  type DoneOf,
  type EntryKind,
  type EntryPayloads,
  type FlipStep,
  flipNumber,
  type IntentOf,
  isFailoverHeader,
  type PayloadArg,
  type RunHeader,
  type StepId,
  validStepData,
} from './journal-entries.js';

/** What a run's journal says so far. Step data is read through `RunJournal`'s typed accessors. */
export interface RunState {
  header?: RunHeader;
  /** Steps with a `step-done`, and their data. */
  done: Map<string, unknown>;
  /** Steps with a `step-intent` and no `step-done` yet. */
  pending: Map<string, unknown>;
  /** The data of every `step-intent` ever written (the flip batches live here). */
  intents: Map<string, unknown>;
  finished?: string;
  /** When `run-started` was written (ISO), to order runs of the same record (fencing.ts). */
  startedAt?: string;
  /** Run ids whose lock this run broke. */
  lockBroken: string[];
}

const emptyState = (): RunState => ({
  done: new Map(),
  pending: new Map(),
  intents: new Map(),
  lockBroken: [],
});

/** A journal that is not drctl's, or was edited: bad input, like a damaged line. */
function damaged(journal: JournalPort, runId: string, what: string): DrctlError {
  return new DrctlError('USAGE', `The journal ${journal.locate(runId)} is damaged: ${what}.`, {
    source: 'user',
    hints: ['`drctl runs` lists the runs this machine knows'],
  });
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
  const state = emptyState();
  for (const e of entries) {
    if (e.kind === 'run-started') {
      state.startedAt = e.at;
      if (isFailoverHeader(e.data)) state.header = e.data;
      else if (e.data === undefined || dataField(e, 'command') === 'failover')
        throw damaged(journal, runId, 'its run-started entry does not hold what drctl writes there');
    }
    if (e.kind === 'run-finished') state.finished = String(dataField(e, 'outcome') ?? 'unknown');
    if (e.kind === 'lock-broken') {
      const previous = dataField(e, 'previous');
      const id =
        typeof previous === 'object' && previous !== null
          ? (previous as { runId?: unknown }).runId
          : undefined;
      if (typeof id === 'string') state.lockBroken.push(id);
    }
    if (!e.step || !e.kind.startsWith('step-')) continue;
    const phase = e.kind === 'step-intent' ? 'intent' : 'done';
    if (e.kind !== 'step-reconciled' && !validStepData(e.step, phase, e.data))
      throw damaged(journal, runId, `its ${e.kind} entry of ${e.step} does not hold what drctl writes there`);
    if (e.kind === 'step-intent') {
      state.pending.set(e.step, e.data);
      state.intents.set(e.step, e.data);
    }
    if (e.kind === 'step-reconciled') {
      state.pending.delete(e.step);
      state.intents.delete(e.step);
    }
    if (e.kind === 'step-done') {
      state.pending.delete(e.step);
      state.done.set(e.step, e.data);
    }
  }
  return state;
}

/** The data of a step's done in a loaded state, typed by the registry (journal-entries.ts). */
export function doneIn<S extends StepId>(state: RunState, step: S): DoneOf<S> | undefined {
  // The map holds what `done` wrote or what `loadRun` checked with `validStepData`.
  return state.done.get(step) as DoneOf<S> | undefined;
}

export class RunJournal {
  readonly state: RunState;

  constructor(
    private readonly journal: JournalPort,
    readonly runId: string,
    private readonly clock: Clock,
    state?: RunState,
  ) {
    this.state = state ?? emptyState();
  }

  get location(): string {
    return this.journal.locate(this.runId);
  }

  /** Appends an entry of `kind` with its registered payload (see journal-entries.ts). */
  async write<K extends EntryKind>(kind: K, ...[data]: PayloadArg<EntryPayloads[K]>): Promise<void> {
    await this.append(kind, undefined, data);
  }

  /** `lock-broken` names the step it happened in, as drctl's journals always have. */
  async lockBroken(previous: EntryPayloads['lock-broken']['previous']): Promise<void> {
    await this.append('lock-broken', 'lock', { previous });
  }

  private async append(kind: string, step: string | undefined, data: unknown): Promise<void> {
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
  async intent<S extends StepId>(step: S, data: IntentOf<S>): Promise<void> {
    await this.append('step-intent', step, data);
    this.state.pending.set(step, data);
    this.state.intents.set(step, data);
  }

  async done<S extends StepId>(step: S, ...[data]: PayloadArg<DoneOf<S>>): Promise<void> {
    await this.append('step-done', step, data);
    this.state.pending.delete(step);
    this.state.done.set(step, data);
  }

  /** A flip found not applied on resume: it is neither pending nor intended any more. */
  async notApplied(step: FlipStep): Promise<void> {
    await this.append('step-reconciled', step, { reconciled: 'not-applied' });
    this.state.pending.delete(step);
    this.state.intents.delete(step);
  }

  isDone(step: StepId): boolean {
    return this.state.done.has(step);
  }

  /** Intended (maybe applied) or done. */
  isIntended(step: StepId): boolean {
    return this.state.intents.has(step) || this.state.done.has(step);
  }

  doneData<S extends StepId>(step: S): DoneOf<S> | undefined {
    return doneIn(this.state, step);
  }

  /** Flip steps journaled (done, or intended and maybe applied), in step order, with their batch. */
  flips(): { step: FlipStep; intent: IntentOf<FlipStep> }[] {
    return [...this.state.intents.entries()]
      .flatMap(([step, data]) => {
        const n = flipNumber(step);
        return n === undefined ? [] : [{ n, step: `flip:${n}` as const, intent: data as IntentOf<FlipStep> }];
      })
      .sort((a, b) => a.n - b.n)
      .map(({ step, intent }) => ({ step, intent }));
  }

  /** Flip steps with an intent and no done. */
  pendingFlips(): FlipStep[] {
    return this.flips()
      .map((f) => f.step)
      .filter((s) => this.state.pending.has(s));
  }

  /** Whether any flip was done or intended: DNS may have changed. */
  anyFlip(): boolean {
    return [...this.state.done.keys(), ...this.state.intents.keys()].some((k) => flipNumber(k) !== undefined);
  }

  /** Whether any flip was journaled done: DNS did change. */
  anyFlipDone(): boolean {
    return [...this.state.done.keys()].some((k) => flipNumber(k) !== undefined);
  }
}
