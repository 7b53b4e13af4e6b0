/** `drctl plan`: readiness checks, stack and DNS plans, estimates, safety verdict. */
export { buildPlan } from './build.js';
export { checksumOf, observedOf, whatChanged } from './checksum.js';
export { type PlanPorts, type PlanRequest, placeholderCertificateArn } from './request.js';
export { checkPlanCurrent, checkPlanMatches, parsePlanFile } from './stale.js';
export * from './types.js';
