/**
 * In-memory journal and lock. Journal spec: entries are stored as JSON (as a file would
 * hold them: undefined fields vanish, nothing is shared with the caller); `failWhen` makes
 * an append throw without storing. Lock spec: acquire is a synchronous check-and-set (so
 * atomic under the event loop); release and breakLock only remove the named holder's lock.
 */
import { dataField, type JournalEntry, type JournalPort, type RunSummary } from '../../src/ports/journal.js';
import type { LockAcquireResult, LockHolder, LockPort } from '../../src/ports/lock.js';

export class MemoryJournal implements JournalPort {
  runs = new Map<string, JournalEntry[]>();
  failWhen: ((e: JournalEntry) => boolean) | undefined;

  constructor(private readonly timeline: string[] = []) {}

  async append(runId: string, entry: JournalEntry): Promise<void> {
    if (this.failWhen?.(entry)) throw new Error('ENOSPC: no space left on device');
    this.runs.set(runId, [...(this.runs.get(runId) ?? []), JSON.parse(JSON.stringify(entry))]);
    this.timeline.push(`journal ${entry.kind}${entry.step ? ` ${entry.step}` : ''}`);
  }

  async read(runId: string): Promise<JournalEntry[]> {
    const e = this.runs.get(runId);
    if (!e) throw Object.assign(new Error(`ENOENT: ${runId}`), { code: 'ENOENT' });
    return JSON.parse(JSON.stringify(e));
  }

  async list(): Promise<RunSummary[]> {
    return [...this.runs.entries()].map(([runId, e]) => ({
      runId,
      command: String(dataField(e[0], 'command') ?? 'failover'),
      startedAt: e[0]?.at ?? '',
      entries: e.length,
      lastKind: e[e.length - 1]?.kind ?? '',
      location: this.locate(runId),
    }));
  }

  locate(runId: string): string {
    return `memory://runs/${runId}.jsonl`;
  }

  /** `kind step` of every entry, for order assertions. */
  kinds(runId: string): string[] {
    return (this.runs.get(runId) ?? []).map((e) => `${e.kind}${e.step ? ` ${e.step}` : ''}`);
  }
}

export class MemoryLock implements LockPort {
  locks = new Map<string, LockHolder>();

  async acquire(key: string, holder: LockHolder): Promise<LockAcquireResult> {
    const held = this.locks.get(key);
    if (held) return { acquired: false, heldBy: { ...held } };
    // As the Route 53 lock record: only the run id and start are kept (no user or host).
    this.locks.set(key, { runId: holder.runId, startedAt: holder.startedAt });
    return { acquired: true };
  }

  async release(key: string, runId: string): Promise<void> {
    if (this.locks.get(key)?.runId === runId) this.locks.delete(key);
  }

  async read(key: string): Promise<LockHolder | undefined> {
    return this.locks.get(key);
  }

  async breakLock(key: string, expected: LockHolder): Promise<void> {
    if (this.locks.get(key)?.runId === expected.runId) this.locks.delete(key);
  }
}
