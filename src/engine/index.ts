/** The engine's public API: what the CLI imports. */

export type { PhaseTiming } from './events.js';
export { failover } from './failover.js';
export * from './input.js';
export { resumeRun } from './resume.js';
export { rollbackRun } from './rollback.js';
export { loadRun } from './run-journal.js';
