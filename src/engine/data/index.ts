export * from './events.js';
export * from './global.js';
export * from './media-check.js';
export * from './recover.js';
export * from './rpo.js';
export * from './snapshot.js';
export * from './types.js';
export * from './wait.js';
