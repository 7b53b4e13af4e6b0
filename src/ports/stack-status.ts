/**
 * CloudFormation stack states: the one file that spells them (the IAM action list aside).
 * Everything else asks `stackStatus.isX(status)`; a new state is taught here once.
 * States: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html
 */

export type StackStatus = string;

const deleteIt = (region: string, name: string) =>
  `delete it (aws cloudformation delete-stack --region ${region} --stack-name ${name})`;

/**
 * States no create or update can leave, each with what clears it. REVIEW_IN_PROGRESS ends
 * in `_IN_PROGRESS` but never ends by itself: it is the empty stack a CREATE change set
 * leaves (a `plan` that could not clean up). UPDATE_ROLLBACK_FAILED refuses updates until
 * the rollback is continued.
 */
const DEAD_ENDS: Record<StackStatus, (region: string, name: string) => string> = {
  ROLLBACK_COMPLETE: deleteIt,
  ROLLBACK_FAILED: deleteIt,
  CREATE_FAILED: deleteIt,
  DELETE_FAILED: deleteIt,
  REVIEW_IN_PROGRESS: (region, name) =>
    `it holds only an unexecuted change set: ${deleteIt(region, name)} or execute its change set`,
  UPDATE_ROLLBACK_FAILED: (region, name) =>
    `continue its rollback (aws cloudformation continue-update-rollback --region ${region} --stack-name ${name})`,
};

/** Status as values, not string comparisons scattered about. */
export const stackStatus = {
  /** An operation runs and will end by itself: wait for it. */
  isInProgress: (s: StackStatus) => s.endsWith('_IN_PROGRESS') && !Object.hasOwn(DEAD_ENDS, s),
  /** Nothing but deleting (or continuing a rollback) gets the stack out of this state. */
  isDeadEnd: (s: StackStatus) => Object.hasOwn(DEAD_ENDS, s),
  /** A failed stack or resource (stack events use the same suffix). */
  isFailed: (s: StackStatus) => s.endsWith('_FAILED'),
  isDeleted: (s: StackStatus) => s === 'DELETE_COMPLETE',
  isDeleting: (s: StackStatus) => s === 'DELETE_IN_PROGRESS',
  /** The stack's own event that starts an operation (a rollback continues one). */
  isOperationStart: (s: StackStatus) => /^(CREATE|UPDATE|DELETE|IMPORT)_IN_PROGRESS$/.test(s),
  /** A finished create or update: safe to read outputs from. */
  isStable: (s: StackStatus) => s === 'CREATE_COMPLETE' || s === 'UPDATE_COMPLETE' || s === 'IMPORT_COMPLETE',
};

/** What clears a dead end, as a clause naming the command: "delete it (aws ...)". */
export function clearDeadEnd(status: StackStatus, region: string, name: string): string {
  return (DEAD_ENDS[status] ?? deleteIt)(region, name);
}

/** Change set states (CreateChangeSet computes for seconds, then is ready or failed). */
export const changeSetStatus = {
  isComputing: (s: string) => s.endsWith('_PENDING') || s.endsWith('_IN_PROGRESS'),
  isReady: (s: string) => s === 'CREATE_COMPLETE',
};
