/**
 * A journal kept locally (the write-ahead copy, fsync'ed before every mutation) and
 * mirrored to object storage, so a run whose laptop is lost can still be resumed or rolled
 * back from another machine. The mirror never delays a step: the bucket may sit in the
 * region that is failing, and a failover must never wait on it. `append` returns once the
 * local copy is written; uploads run in the background, one at a time per run (each
 * carries the whole journal, so entries written meanwhile go up with the next one). After
 * a failed upload the mirror stops trying for that run and says so once: retrying against
 * a dead bucket would only add load and noise, and the local journal is complete.
 */
import { readFile } from 'node:fs/promises';
import type { JournalEntry, JournalPort, RunSummary } from '../ports/journal.js';
import type { ObjectStore } from '../ports/object-store.js';

export interface MirrorOptions {
  /** Told once per run, when the first upload fails (the mirror stops trying for that run). */
  warn: (message: string) => void;
  /** Give up on one upload after this long; default 5000 ms. */
  timeoutMs?: number;
}

export class MirroredJournal implements JournalPort {
  /** Runs whose upload failed: no more attempts for them. */
  private readonly stopped = new Set<string>();
  /** The one upload in flight per run, and whether entries arrived since it started. */
  private readonly inFlight = new Map<string, { done: Promise<void>; again: boolean }>();

  constructor(
    private readonly local: JournalPort,
    private readonly store: ObjectStore,
    private readonly options: MirrorOptions,
  ) {}

  async append(runId: string, entry: JournalEntry): Promise<void> {
    await this.local.append(runId, entry);
    this.schedule(runId);
  }

  /** Resolves when no upload of `runId` is in flight (tests; a caller that wants the copy current). */
  async idle(runId: string): Promise<void> {
    for (let cur = this.inFlight.get(runId); cur; cur = this.inFlight.get(runId)) await cur.done;
  }

  private schedule(runId: string): void {
    if (this.stopped.has(runId)) return;
    const cur = this.inFlight.get(runId);
    if (cur) {
      cur.again = true;
      return;
    }
    const slot = { done: Promise.resolve(), again: false };
    slot.done = this.upload(runId).then(() => {
      this.inFlight.delete(runId);
      if (slot.again) this.schedule(runId);
    });
    this.inFlight.set(runId, slot);
  }

  /** Never rejects: a failure stops the mirror for this run, with one warning. */
  private async upload(runId: string): Promise<void> {
    const key = `${runId}.ndjson`;
    try {
      const body = await readFile(this.local.locate(runId), 'utf8');
      await withTimeout(this.store.put(key, body), this.options.timeoutMs ?? 5000);
    } catch (e) {
      this.stopped.add(runId);
      this.options.warn(
        `could not copy the journal to ${this.store.describe(key)} (${(e as Error).message}); stopped copying it for this run, the local journal ${this.local.locate(runId)} is complete`,
      );
    }
  }

  read(runId: string): Promise<JournalEntry[]> {
    return this.local.read(runId);
  }

  list(): Promise<RunSummary[]> {
    return this.local.list();
  }

  locate(runId: string): string {
    return this.local.locate(runId);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
