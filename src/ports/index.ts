export * from './clock.js';
export * from './dns.js';
export * from './identity.js';
export * from './journal.js';
export * from './load-balancers.js';
export * from './lock.js';
export * from './probe.js';
export * from './stacks.js';
