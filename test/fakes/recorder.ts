/**
 * Call recorder. Wraps a port so every method call is logged with whether it mutates;
 * tests prove "zero mutating calls" (dry run) or the order of calls from the log.
 */
export interface PortCall {
  port: string;
  method: string;
  mutating: boolean;
}

const MUTATING: Record<string, string[]> = {
  stacks: ['create', 'update', 'delete'],
  dns: ['changeRecordSets'],
  lock: ['acquire', 'release', 'breakLock'],
  journal: ['append'],
  lbs: [],
  probe: [],
  identity: [],
  regions: [],
  certificates: [],
  parameters: [],
  // The one mutation plan may make, and only with --change-sets.
  review: ['createChangeSet', 'deleteChangeSet'],
  db: ['copyClusterSnapshot', 'switchoverGlobalCluster', 'failoverGlobalCluster', 'deleteCluster'],
  cleanup: ['emptyAndDeleteBucket', 'scheduleKeyDeletion', 'deleteClusterSnapshot'],
};

/** Mutating calls (but journal appends, which log themselves) also go on the shared timeline. */
export function recordCalls<T extends object>(
  target: T,
  port: string,
  log: PortCall[],
  timeline?: string[],
): T {
  const mutating = new Set(MUTATING[port] ?? []);
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        log.push({ port, method: prop, mutating: mutating.has(prop) });
        if (timeline && mutating.has(prop) && port !== 'journal') {
          const what = port === 'stacks' ? ` ${(args[1] as { name?: string })?.name ?? args[1]}` : '';
          timeline.push(`call ${port}.${prop}${what}`);
        }
        return value.apply(obj, args);
      };
    },
  });
}
