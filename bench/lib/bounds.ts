/**
 * The lower bounds drctl is measured against, from the scenario and the blueprint:
 * - critical path: every stack starts the moment the stacks it depends on (manifest
 *   `dependsOn`) end, the data stack also waits for the data recovery (which starts at
 *   once), and each step after deploy takes its minimal time: targets healthy after the
 *   service's stack, the pre-flip probe (n-1 intervals), the flip, INSYNC, the post-flip
 *   probe. Nothing is polled: every end is noticed the instant it happens.
 * - wave schedule: the same, but stacks in the blueprint's waves (a wave starts when the
 *   whole previous wave ended), as drctl deploys them. The difference is what waves cost.
 */
import { DATA_STACK_KEY } from '../../src/cli/failover-input.js';
import { type Manifest, stackWaves } from '../../src/templates/manifest.js';
import { criticalPath, finishTimes, type TaskGraph } from './critical-path.js';
import { recoverySeconds, type Scenario, stackSeconds } from './scenario.js';

export interface Bounds {
  criticalPathSeconds: number;
  /** The tasks on the critical path, in order. */
  path: string[];
  waveScheduleSeconds: number;
}

/** Seconds one probe stage needs at best: n successes, n-1 pauses between them. */
function probeSeconds(s: Scenario): number {
  return (s.verification.consecutiveSuccesses - 1) * s.verification.intervalSeconds;
}

/**
 * The steps after deploy. Targets turn healthy a while after the service's stack ends;
 * `awaitedAfter` adds when drctl starts looking (after the last wave).
 */
function tail(s: Scenario, graph: TaskGraph, awaitedAfter: string[] = []): void {
  graph['service-healthy'] = { seconds: s.targets.healthySeconds, dependsOn: [s.targets.afterStack] };
  graph['targets-healthy'] = { seconds: 0, dependsOn: ['service-healthy', ...awaitedAfter] };
  graph['pre-flip-probe'] = { seconds: probeSeconds(s), dependsOn: ['targets-healthy'] };
  graph.flip = { seconds: 0, dependsOn: ['pre-flip-probe'] };
  graph.insync = { seconds: s.dns.insyncSeconds, dependsOn: ['flip'] };
  graph.verify = { seconds: probeSeconds(s), dependsOn: ['insync'] };
}

function scenarioGraph(s: Scenario, m: Manifest): TaskGraph {
  const graph: TaskGraph = { 'recover-data': { seconds: recoverySeconds(s) } };
  for (const [key, entry] of Object.entries(m.stacks)) {
    const stack = s.stacks[key];
    if (!stack) throw new Error(`scenario ${s.name} has no timing for blueprint stack ${key}`);
    const deps = [...entry.dependsOn, ...(key === DATA_STACK_KEY ? ['recover-data'] : [])];
    graph[key] = { seconds: stackSeconds(stack), dependsOn: deps };
  }
  tail(s, graph);
  return graph;
}

export function bounds(s: Scenario, m: Manifest): Bounds {
  const graph = scenarioGraph(s, m);
  const ends = finishTimes(graph);
  // Waves: one barrier task per wave, each stack of a wave waits for the previous barrier.
  const waved: TaskGraph = { 'recover-data': { seconds: recoverySeconds(s) } };
  let previous: string | undefined;
  stackWaves(m).forEach((wave, i) => {
    for (const key of wave) {
      const deps = [...(previous ? [previous] : []), ...(key === DATA_STACK_KEY ? ['recover-data'] : [])];
      waved[key] = { seconds: graph[key]!.seconds, dependsOn: deps };
    }
    previous = `wave-${i + 1}`;
    waved[previous] = { seconds: 0, dependsOn: wave };
  });
  // drctl awaits the targets only after the whole deploy step.
  tail(s, waved, previous ? [previous] : []);
  return {
    criticalPathSeconds: ends.verify!,
    path: criticalPath(graph, 'verify'),
    waveScheduleSeconds: finishTimes(waved).verify!,
  };
}
