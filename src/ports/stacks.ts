/** Stack port: CloudFormation in any region. */

export type StackStatus = string;

export interface StackInfo {
  name: string;
  id: string;
  region: string;
  status: StackStatus;
  statusReason?: string;
  outputs: Record<string, string>;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  lastUpdated?: Date;
}

export interface StackEvent {
  id: string;
  timestamp: Date;
  logicalId: string;
  resourceType: string;
  status: string;
  reason?: string;
}

export interface StackSpec {
  name: string;
  templateBody: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  /**
   * Idempotency token for CreateStack/UpdateStack: the SDK's retry of a call whose answer
   * was lost then finds the operation already under way instead of AlreadyExists.
   * Default: none.
   */
  clientRequestToken?: string;
}

export interface StackPort {
  describe(region: string, name: string): Promise<StackInfo | undefined>;
  /** Stacks carrying the `drctl:app` tag with this value (deleted stacks excluded). */
  listByApp(region: string, app: string): Promise<StackInfo[]>;
  create(region: string, spec: StackSpec): Promise<{ stackId: string }>;
  /** `no-changes` when CloudFormation says there is nothing to update: that is success. */
  update(region: string, spec: StackSpec): Promise<'updating' | 'no-changes'>;
  /** Newest first, as CloudFormation returns them; stops at `since` when given. */
  events(region: string, name: string, since?: Date): Promise<StackEvent[]>;
  delete(region: string, name: string): Promise<void>;
}

const TERMINAL_SUFFIXES = ['_COMPLETE', '_FAILED'];

/** Status as values (not string comparisons scattered about). */
export const stackStatus = {
  isInProgress: (s: StackStatus) => s.endsWith('_IN_PROGRESS'),
  isTerminal: (s: StackStatus) => TERMINAL_SUFFIXES.some((x) => s.endsWith(x)),
  /** Rolled back or failed: the stack did not reach what was asked. */
  isFailure: (s: StackStatus) =>
    s.endsWith('_FAILED') || s === 'ROLLBACK_COMPLETE' || s === 'UPDATE_ROLLBACK_COMPLETE',
  isRollback: (s: StackStatus) => s.includes('ROLLBACK'),
  isDeleted: (s: StackStatus) => s === 'DELETE_COMPLETE',
  /** A finished create or update: safe to read outputs from. */
  isStable: (s: StackStatus) => s === 'CREATE_COMPLETE' || s === 'UPDATE_COMPLETE' || s === 'IMPORT_COMPLETE',
};
