/** Lock port: one run at a time per record. */

/**
 * Who holds a lock. The lock record lives in the public hosted zone, where anyone can
 * query it, so it publishes only `runId` and `startedAt`; who ran it and where (`holder`,
 * `host`) stay in that run's own journal, and are absent from a lock read back.
 */
export interface LockHolder {
  runId: string;
  startedAt: string;
  holder?: string;
  host?: string;
}

export type LockAcquireResult = { acquired: true } | { acquired: false; heldBy: LockHolder | undefined };

export interface LockPort {
  /** Atomic: of two concurrent callers, exactly one gets `acquired: true`. */
  acquire(key: string, holder: LockHolder): Promise<LockAcquireResult>;
  /** Releases only a lock this run holds. */
  release(key: string, runId: string): Promise<void>;
  read(key: string): Promise<LockHolder | undefined>;
  /** Removes a lock held by `expected.runId` only (so a lock re-taken meanwhile is kept). */
  breakLock(key: string, expected: LockHolder): Promise<void>;
}
