/** The drill's public API, for the CLI (and `drctl plan`, which reads the history). */
export { runDrill } from './drill.js';
export type { DrillEventPayloads, DrillResourceKind } from './events.js';
export {
  drillHistory,
  type HistoryOptions,
  median,
  type PhaseMedians,
  phaseMedians,
  recentPhaseMedians,
} from './history.js';
export { verdictOf } from './result.js';
export { type SweepInput, type SweepResult, sweepDrills } from './sweep.js';
export type { SweepCandidate, SweepScope } from './sweep-find.js';
export type * from './types.js';
