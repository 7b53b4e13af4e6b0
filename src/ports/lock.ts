/** Lock port: one run at a time per record. */

export interface LockHolder {
  runId: string;
  holder: string;
  host: string;
  startedAt: string;
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
