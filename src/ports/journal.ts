/**
 * Journal port: the write-ahead log of one run. Every mutating step is appended (and
 * flushed) before it is made, so a run that dies can be resumed or rolled back by run id.
 */

export interface JournalEntry {
  /** ISO time the entry was written. */
  at: string;
  /** What happened: `run-started`, `step-intent`, `step-done`, `dns-snapshot`... */
  kind: string;
  step?: string;
  /** The payload of `kind` (src/engine/journal-entries.ts registers each). */
  data?: unknown;
}

export interface RunSummary {
  runId: string;
  command: string;
  startedAt: string;
  entries: number;
  lastKind: string;
  outcome?: string;
  location: string;
}

export interface JournalPort {
  append(runId: string, entry: JournalEntry): Promise<void>;
  read(runId: string): Promise<JournalEntry[]>;
  list(): Promise<RunSummary[]>;
  /** Where a run's journal lives, for the operator. */
  locate(runId: string): string;
}

/** One field of an entry's data, for readers (like `list`) that know no payload type. */
export function dataField(entry: JournalEntry | undefined, field: string): unknown {
  const d = entry?.data;
  return typeof d === 'object' && d !== null ? (d as Record<string, unknown>)[field] : undefined;
}
