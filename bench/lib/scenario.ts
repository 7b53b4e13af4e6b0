/**
 * A benchmark scenario: how long each AWS resource takes to create, which stacks already
 * exist, how the data layer is recovered and how long the last steps (target health,
 * Route 53 INSYNC) take. Stack keys are the blueprint's (templates/manifest.yaml).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { criticalPathSeconds, type TaskGraph } from './critical-path.js';

const Resource = z.strictObject({
  seconds: z.number().min(0),
  /** Resources of the same stack that must be complete first. Default: none. */
  dependsOn: z.array(z.string()).default([]),
});

const Stack = z.strictObject({
  /** The stack exists in the target region before the run (pilot light). Default: false. */
  exists: z.boolean().default(false),
  /**
   * What CloudFormation creates (or, for an existing stack, changes), with their own
   * dependencies; the stack takes as long as its longest chain. An existing stack with no
   * resources here answers "No updates are to be performed".
   */
  resources: z.record(z.string(), Resource).default({}),
});

const Data = z.discriminatedUnion('strategy', [
  z.strictObject({
    strategy: z.literal('snapshot'),
    /**
     * Seconds a cross-region CopyDBClusterSnapshot takes; 0: a fresh snapshot is already
     * in the target region (an AWS Backup copy rule). Default: 0.
     */
    copySeconds: z.number().min(0).default(0),
  }),
  z.strictObject({
    strategy: z.literal('global'),
    /** Seconds an Aurora Global Database switchover takes. */
    switchoverSeconds: z.number().min(0),
  }),
]);

const ScenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  /** Round-trip time of every AWS API call, ms. Default: 0. */
  apiLatencyMs: z.number().min(0).default(0),
  data: Data,
  stacks: z.record(z.string(), Stack),
  /** Targets turn healthy this long after the stack that runs the service completes. */
  targets: z.strictObject({ afterStack: z.string(), healthySeconds: z.number().min(0) }),
  /** A Route 53 change is INSYNC this long after it is submitted. */
  dns: z.strictObject({ insyncSeconds: z.number().min(0) }),
  /** Verification settings (drctl.yaml `verification`). Default: drctl's defaults, 3 × 5 s. */
  verification: z
    .strictObject({ consecutiveSuccesses: z.number().int().min(1), intervalSeconds: z.number().min(0.1) })
    .default({ consecutiveSuccesses: 3, intervalSeconds: 5 }),
});

export type Scenario = z.infer<typeof ScenarioSchema>;

export function parseScenario(json: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(json);
  if (!r.success)
    throw new Error(
      `${source}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

export function loadScenario(path: string): Scenario {
  return parseScenario(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** Seconds one stack's create (or update) takes: the longest chain of its resources. */
export function stackSeconds(stack: Scenario['stacks'][string]): number {
  const graph: TaskGraph = Object.fromEntries(
    Object.entries(stack.resources).map(([id, r]) => [id, { seconds: r.seconds, dependsOn: r.dependsOn }]),
  );
  return criticalPathSeconds(graph);
}

/** Seconds the data recovery itself takes (it runs beside the first wave). */
export function recoverySeconds(s: Scenario): number {
  return s.data.strategy === 'snapshot' ? s.data.copySeconds : s.data.switchoverSeconds;
}
