/** The engine's public API: what the CLI imports. */

export {
  type AlbTarget,
  alreadyRoutesTo,
  type PlannedBatch,
  planFlip,
  servingRegion,
  validateShape,
} from './dns-plan.js';
export {
  applyChanges,
  manualApplyCommand,
  renderChangeBatch,
  restoreBatch,
  sameRecordSets,
} from './dns-restore.js';
export { RollbackFailedError } from './errors.js';
export type {
  AnswerOf,
  EngineEvent,
  EventCode,
  EventPayloads,
  EventSink,
  Phase,
  PhaseTiming,
  Question,
} from './events.js';
export { failover } from './failover.js';
export { supersededRuns } from './fencing.js';
export * from './input.js';
export type { RunHeader, SnapshotData } from './journal-entries.js';
export { type PollOptions, type PollResult, poll } from './poller.js';
export { resumeRun } from './resume.js';
export { type RollbackOptions, type RollbackOutcome, rollbackRun } from './rollback.js';
export { loadRun, type RunState } from './run-journal.js';
export {
  defaultWaitProfiles,
  resolveWaits,
  type WaitOverrides,
  type WaitProfile,
  type WaitProfiles,
} from './wait-profiles.js';
