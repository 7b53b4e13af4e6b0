/**
 * The plan document (version 1): what `drctl plan` saw, what a failover would do, whether
 * it is ready and safe. Renderers only display it; `failover --plan` re-checks `observed`
 * against the world through `checksum`.
 */
import type { RecordChange, RecordSet, RoutingPolicy } from '../../ports/dns.js';
import type { ResourceChange } from '../../ports/readiness.js';
import type { SwitchState } from '../../ports/traffic-switch.js';
import type { Phase } from '../events.js';
import type { AfterFlipPolicy } from '../input.js';
import type { PlanStep } from './planes.js';

export const PLAN_VERSION = 1;

export type CheckStatus = 'passed' | 'failed' | 'warning';

/** One readiness check, as a value: the renderers decide how it looks. */
export interface Check {
  /** Stable id, e.g. `certificate`, `lock` (docs/plan.md lists them). */
  id: string;
  title: string;
  status: CheckStatus;
  /** What was seen, one sentence. */
  reason: string;
  /** What to do about it; empty when passed. */
  fix: string;
}

/** A safety rule that refuses the plan (exit 5) unless `--force`. */
export interface Refusal {
  id: 'already-target' | 'unknown-variants' | 'no-healthy-target' | 'control-plane';
  reason: string;
  fix: string;
}

export interface ParameterDiff {
  name: string;
  /** The deployed stack's value; absent when the stack or parameter does not exist. */
  before?: string;
  /** The value a failover passes; `<output X of Y>` when it comes from a stack not yet deployed. */
  after?: string;
  /** NoEcho: both sides are shown as `****`. */
  secret: boolean;
}

export type StackAction = 'create' | 'update' | 'no-change' | 'blocked';

export interface ChangeSetResult {
  /** `ok` (computed) with changes, `no-changes`, `failed`, or `skipped` with why. */
  status: 'ok' | 'no-changes' | 'failed' | 'skipped';
  reason?: string;
  changes: ResourceChange[];
}

export interface StackPlan {
  name: string;
  /** 1-based deployment wave. */
  wave: number;
  action: StackAction;
  /** The deployed stack's status; absent when there is none. */
  status?: string;
  /** Why this action (template changed, parameters changed, cannot be updated...). */
  why: string;
  parameters: ParameterDiff[];
  changeSet?: ChangeSetResult;
}

export interface DnsPlanView {
  /** False when the new ALB does not exist yet: `after` names a placeholder. */
  albKnown: boolean;
  albDnsName: string;
  before: RecordSet[];
  after: RecordSet[];
  batches: RecordChange[][];
  /** Why no change could be planned (the record's shape, say); batches are then empty. */
  problem?: string;
}

export interface PhaseEstimate {
  phase: Phase | 'recover-data';
  seconds: number;
  /** `history`: median of past failovers; `drills`: median of recent drills into the region; `model`: docs/plan.md's model. */
  source: 'history' | 'drills' | 'model';
}

export interface Estimate {
  phases: PhaseEstimate[];
  totalSeconds: number;
  /** Past flipped runs whose timings were used. */
  runsUsed: number;
  /** Data that could be lost, in seconds; null when unknown, 0 when none. */
  rpoSeconds: number | null;
  rpoNote: string;
}

/** What the plan's checksum covers: the state a failover would act on. */
export interface Observed {
  recordSets: RecordSet[];
  stacks: { name: string; status: string; lastUpdated?: string }[];
}

export type Verdict = 'ready' | 'not-ready' | 'refused';

export interface PlanDocument {
  version: typeof PLAN_VERSION;
  kind: 'drctl-plan';
  createdAt: string;
  app: string;
  env: string;
  /** The region serving now (the config's primary when that cannot be told). */
  from: string;
  to: string;
  /** The after-flip policy the failover would run with (docs/failover.md). */
  afterFlip: AfterFlipPolicy;
  hostedZoneId: string;
  record: { name: string; type: string; routing: RoutingPolicy };
  account?: string;
  /** `ready`: no failed check, no refusal; `refused` wins over `not-ready`. */
  verdict: Verdict;
  /** `--force` was given: refusals are listed but do not refuse. */
  forced: boolean;
  checks: Check[];
  refusals: Refusal[];
  stacks: StackPlan[];
  dns: DnsPlanView;
  /** Which plane, service and regions each step depends on (docs/data-plane.md). */
  steps: PlanStep[];
  /** Switch mode: the controls now and after the flip (then `dns.batches` is empty). */
  controls?: {
    kind: 'arc' | 's3-object';
    before?: Record<string, SwitchState>;
    after: Record<string, SwitchState>;
    readError?: string;
  };
  estimate: Estimate;
  observed: Observed;
  /** `sha256:<hex>` of the canonical JSON of `observed`. */
  checksum: string;
}
