/**
 * Longest paths through a dependency graph of timed tasks: the lower bound on how long
 * a set of tasks takes when every task starts the moment its dependencies end and is
 * noticed the moment it ends (no polling, no barriers).
 */

interface TaskNode {
  /** Seconds the task itself takes. */
  seconds: number;
  /** Tasks that must end first. Default: none. */
  dependsOn?: string[];
}

export type TaskGraph = Record<string, TaskNode>;

/** When each task ends (seconds from the start); throws on an unknown dependency or a cycle. */
export function finishTimes(graph: TaskGraph): Record<string, number> {
  const done: Record<string, number> = {};
  const visiting = new Set<string>();
  const visit = (id: string, from?: string): number => {
    const known = done[id];
    if (known !== undefined) return known;
    const node = graph[id];
    if (!node) throw new Error(`task ${id} (needed by ${from ?? 'nothing'}) is not in the graph`);
    if (visiting.has(id)) throw new Error(`the tasks depend on each other in a cycle through ${id}`);
    visiting.add(id);
    const start = Math.max(0, ...(node.dependsOn ?? []).map((d) => visit(d, id)));
    visiting.delete(id);
    done[id] = start + node.seconds;
    return done[id];
  };
  for (const id of Object.keys(graph)) visit(id);
  return done;
}

/** The end of the whole graph (its longest path), seconds. */
export function criticalPathSeconds(graph: TaskGraph): number {
  return Math.max(0, ...Object.values(finishTimes(graph)));
}

/** The tasks on one longest path to `target`, first to last. */
export function criticalPath(graph: TaskGraph, target: string): string[] {
  const ends = finishTimes(graph);
  const path: string[] = [];
  let id: string | undefined = target;
  while (id) {
    path.unshift(id);
    const deps: string[] = graph[id]?.dependsOn ?? [];
    id = deps.reduce<string | undefined>(
      (best, d) => (best && ends[best]! >= ends[d]! ? best : d),
      undefined,
    );
  }
  return path;
}
