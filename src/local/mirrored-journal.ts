/**
 * A journal kept locally (the write-ahead copy, fsync'ed before every mutation) and
 * mirrored to object storage after each entry, so a run whose laptop is lost can still be
 * resumed or rolled back from another machine. The mirror is best effort by design: the
 * bucket may sit in the region that is failing, and a failover must never wait on it. A
 * failed upload is reported once and retried with the next entry (each upload carries the
 * whole journal, so one success catches up).
 */
import { readFile } from 'node:fs/promises';
import type { JournalEntry, JournalPort, RunSummary } from '../ports/journal.js';
import type { ObjectStore } from '../ports/object-store.js';

export interface MirrorOptions {
  /** Told once per run when the mirror fails (and again after it recovers and fails anew). */
  warn: (message: string) => void;
  /** Give up on one upload after this long; default 5000 ms. */
  timeoutMs?: number;
}

export class MirroredJournal implements JournalPort {
  private readonly failing = new Set<string>();

  constructor(
    private readonly local: JournalPort,
    private readonly store: ObjectStore,
    private readonly options: MirrorOptions,
  ) {}

  async append(runId: string, entry: JournalEntry): Promise<void> {
    await this.local.append(runId, entry);
    await this.mirror(runId);
  }

  private async mirror(runId: string): Promise<void> {
    const key = `${runId}.ndjson`;
    try {
      const body = await readFile(this.local.locate(runId), 'utf8');
      await withTimeout(this.store.put(key, body), this.options.timeoutMs ?? 5000);
      this.failing.delete(runId);
    } catch (e) {
      if (!this.failing.has(runId)) {
        this.failing.add(runId);
        this.options.warn(
          `could not copy the journal to ${this.store.describe(key)} (${(e as Error).message}); the local journal is complete`,
        );
      }
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
