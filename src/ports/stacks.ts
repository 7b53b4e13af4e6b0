/** Stack port: CloudFormation in any region. */

import type { StackStatus } from './stack-status.js';

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
  /** The token of the operation that caused the event, when it has one. */
  clientRequestToken?: string;
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
  /**
   * Newest first, as CloudFormation returns them. With `clientRequestToken`: only the
   * events of the operation started with that token (CloudFormation stamps every event
   * of an operation with its token), never decided by comparing clocks.
   */
  events(region: string, name: string, clientRequestToken?: string): Promise<StackEvent[]>;
  /** `nameOrId`: a stack name, or a StackId (which names that one stack even after another takes its name). */
  delete(region: string, nameOrId: string): Promise<void>;
}
