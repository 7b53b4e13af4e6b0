/** The fleet engine's public API (src/cli/fleet and bench/ import it). */
export { type FleetFailoverApp, failoverFleet } from './failover-fleet.js';
export { FleetBudget, PriorityPacer, withPriority } from './priority.js';
export { runFleet } from './run.js';
export * from './types.js';
export { type CombinedBatchStats, combiningDns } from './zone-batch.js';
