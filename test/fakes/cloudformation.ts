/**
 * Fake CloudFormation, many regions. Spec:
 * - create: fails with AlreadyExistsException if the stack exists (not deleted); the stack
 *   is CREATE_IN_PROGRESS for `polls` describes, then CREATE_COMPLETE with the scripted
 *   outputs, or (scripted `fail`) a resource CREATE_FAILED event with the reason, then
 *   ROLLBACK_COMPLETE;
 * - update: ValidationError if absent, in progress, under review (REVIEW_IN_PROGRESS never
 *   ends by itself) or in a state only delete or continue-update-rollback leaves; `no-changes` when template, parameters
 *   and tags are unchanged; else UPDATE_IN_PROGRESS then UPDATE_COMPLETE, or
 *   UPDATE_FAILED + UPDATE_ROLLBACK_COMPLETE;
 * - events: newest first, stamped with the fake clock and the token of the operation
 *   (its spec's clientRequestToken) that caused them; filtered by token when asked.
 */
import type { Clock } from '../../src/ports/clock.js';
import type { StackEvent, StackInfo, StackPort, StackSpec } from '../../src/ports/stacks.js';

export interface StackScript {
  /** Describes that still show IN_PROGRESS. Default: 2. */
  polls?: number;
  outputs?: Record<string, string>;
  fail?: { logicalId: string; resourceType: string; reason: string };
  /** Never leaves IN_PROGRESS (for deadline tests). */
  hang?: boolean;
}

interface Stack {
  info: StackInfo;
  spec: StackSpec;
  events: StackEvent[];
  left: number;
  script: StackScript;
}

/** UpdateStack refuses these (besides any *_IN_PROGRESS). */
const CANNOT_UPDATE = new Set([
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'CREATE_FAILED',
  'DELETE_FAILED',
  'UPDATE_ROLLBACK_FAILED',
]);
const err = (name: string, message: string) => Object.assign(new Error(message), { name });

export class FakeCloudFormation implements StackPort {
  stacks = new Map<string, Stack>();
  scripts = new Map<string, StackScript>();
  private n = 0;

  constructor(private readonly clock: Clock) {}

  /** Scripts a stack by name, or only in `region` (a region's script wins over the name's). */
  script(name: string, s: StackScript, region?: string): this {
    this.scripts.set(region ? `${region}/${name}` : name, s);
    return this;
  }

  /** A stack that exists before the run (an earlier drill). */
  seed(region: string, spec: StackSpec, status: string, outputs: Record<string, string> = {}): void {
    const info = {
      name: spec.name,
      id: `arn:${spec.name}`,
      region,
      status,
      outputs,
      parameters: spec.parameters,
      tags: spec.tags,
    };
    this.stacks.set(`${region}/${spec.name}`, { info, spec, events: [], left: 0, script: {} });
  }

  private event(s: Stack, logicalId: string, resourceType: string, status: string, reason?: string): void {
    const e: StackEvent = {
      id: `e${++this.n}`,
      timestamp: new Date(this.clock.now()),
      logicalId,
      resourceType,
      status,
    };
    if (reason) e.reason = reason;
    if (s.spec.clientRequestToken) e.clientRequestToken = s.spec.clientRequestToken;
    s.events.unshift(e);
  }

  private start(s: Stack, verb: 'CREATE' | 'UPDATE'): void {
    s.script = this.scripts.get(`${s.info.region}/${s.spec.name}`) ?? this.scripts.get(s.spec.name) ?? {};
    s.left = s.script.polls ?? 2;
    s.info.status = `${verb}_IN_PROGRESS`;
    this.event(s, s.spec.name, 'AWS::CloudFormation::Stack', s.info.status, 'User Initiated');
  }

  async create(region: string, spec: StackSpec): Promise<{ stackId: string }> {
    const k = `${region}/${spec.name}`;
    const old = this.stacks.get(k);
    if (old && old.info.status !== 'DELETE_COMPLETE')
      throw err('AlreadyExistsException', `Stack [${spec.name}] already exists`);
    const info = {
      name: spec.name,
      id: `arn:${spec.name}`,
      region,
      status: '',
      outputs: {},
      parameters: spec.parameters,
      tags: spec.tags,
    };
    const s: Stack = { info, spec, events: [], left: 0, script: {} };
    this.stacks.set(k, s);
    this.start(s, 'CREATE');
    return { stackId: info.id };
  }

  async update(region: string, spec: StackSpec): Promise<'updating' | 'no-changes'> {
    const s = this.stacks.get(`${region}/${spec.name}`);
    if (!s) throw err('ValidationError', `Stack [${spec.name}] does not exist`);
    if (s.info.status.endsWith('_IN_PROGRESS') || CANNOT_UPDATE.has(s.info.status))
      throw err(
        'ValidationError',
        `Stack [${spec.name}] is in ${s.info.status} state and can not be updated.`,
      );
    if (JSON.stringify(s.spec) === JSON.stringify(spec)) return 'no-changes';
    s.spec = spec;
    this.start(s, 'UPDATE');
    return 'updating';
  }

  async describe(region: string, name: string): Promise<StackInfo | undefined> {
    const s = this.stacks.get(`${region}/${name}`);
    if (!s) return undefined;
    // REVIEW_IN_PROGRESS (a CREATE change set's empty stack) never ends by itself.
    const busy = s.info.status.endsWith('_IN_PROGRESS') && s.info.status !== 'REVIEW_IN_PROGRESS';
    if (busy && !s.script.hang && --s.left < 0) this.finish(s);
    return structuredClone(s.info);
  }

  private finish(s: Stack): void {
    const verb = s.info.status.startsWith('CREATE') ? 'CREATE' : 'UPDATE';
    const { fail } = s.script;
    if (fail) {
      this.event(s, fail.logicalId, fail.resourceType, `${verb}_FAILED`, fail.reason);
      this.event(
        s,
        s.spec.name,
        'AWS::CloudFormation::Stack',
        verb === 'CREATE' ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS',
        `The following resource(s) failed to ${verb.toLowerCase()}: [${fail.logicalId}].`,
      );
      s.info.status = verb === 'CREATE' ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE';
    } else {
      this.event(s, 'Resources', 'AWS::CloudFormation::WaitConditionHandle', `${verb}_COMPLETE`);
      s.info.status = `${verb}_COMPLETE`;
      s.info.outputs = { ...(s.script.outputs ?? {}) };
    }
    this.event(s, s.spec.name, 'AWS::CloudFormation::Stack', s.info.status);
  }

  async events(region: string, name: string, clientRequestToken?: string): Promise<StackEvent[]> {
    const s = this.stacks.get(`${region}/${name}`);
    return (s?.events ?? []).filter(
      (e) => !clientRequestToken || e.clientRequestToken === clientRequestToken,
    );
  }

  async listByApp(region: string, app: string): Promise<StackInfo[]> {
    return [...this.stacks.values()]
      .filter((s) => s.info.region === region && s.info.tags['drctl:app'] === app)
      .map((s) => s.info);
  }

  /** By name or by StackId, as DeleteStack accepts either. */
  async delete(region: string, nameOrId: string): Promise<void> {
    const s =
      this.stacks.get(`${region}/${nameOrId}`) ??
      [...this.stacks.values()].find((x) => x.info.region === region && x.info.id === nameOrId);
    if (s) s.info.status = 'DELETE_COMPLETE';
  }
}
