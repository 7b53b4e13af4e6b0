/** The drill's public API, for the CLI (and `drctl plan`, which reads the history). */
export { runDrill } from './drill.js';

export {
  drillHistory,
  median,
  phaseMedians,
  recentPhaseMedians,
} from './history.js';

export { type SweepInput, type SweepResult, sweepDrills } from './sweep.js';
export type { SweepCandidate } from './sweep-find.js';
export type * from './types.js';
