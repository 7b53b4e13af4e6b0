/**
 * Fake drill cleanup port. Spec: `resources` is what each stack made (the world fills it
 * as stacks are created; it survives the stack, as DescribeStackResources of a deleted
 * stack would not, which teardown never relies on); buckets exist until emptied and deleted; keys are
 * `Enabled` until scheduled, then `PendingDeletion`; snapshot deletions go to the fake
 * database. `failOn` makes one operation throw (a bucket that cannot be emptied...).
 */
import type { DrillCleanupPort, KeyState, StackResource } from '../../src/ports/drill-cleanup.js';
import type { FakeDatabase } from '../unit/data/fakes.js';

export class FakeDrillCleanup implements DrillCleanupPort {
  buckets = new Set<string>();
  keys = new Map<string, KeyState>();
  log: string[] = [];
  failOn: Partial<Record<keyof DrillCleanupPort, Error>> = {};
  /** Resources per stack name, as DescribeStackResources would list them. */
  resources = new Map<string, StackResource[]>();

  constructor(private readonly db?: FakeDatabase) {}

  private enter(op: keyof DrillCleanupPort, what: string): void {
    this.log.push(`${op} ${what}`);
    const e = this.failOn[op];
    if (e) throw e;
  }

  async stackResources(_region: string, stack: string): Promise<StackResource[]> {
    return this.resources.get(stack) ?? [];
  }

  async bucketExists(_region: string, bucket: string): Promise<boolean> {
    return this.buckets.has(bucket);
  }

  async emptyAndDeleteBucket(_region: string, bucket: string): Promise<'deleted' | 'absent'> {
    this.enter('emptyAndDeleteBucket', bucket);
    return this.buckets.delete(bucket) ? 'deleted' : 'absent';
  }

  async keyState(_region: string, keyId: string): Promise<KeyState | undefined> {
    return this.keys.get(keyId);
  }

  async scheduleKeyDeletion(_region: string, keyId: string, days: number): Promise<Date | undefined> {
    this.enter('scheduleKeyDeletion', `${keyId} ${days}`);
    this.keys.set(keyId, 'PendingDeletion');
    return undefined;
  }

  async deleteClusterSnapshot(region: string, snapshotId: string): Promise<void> {
    this.enter('deleteClusterSnapshot', snapshotId);
    const list = this.db?.snapshots.get(region) ?? [];
    this.db?.snapshots.set(
      region,
      list.filter((s) => s.id !== snapshotId),
    );
  }
}
