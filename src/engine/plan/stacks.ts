/**
 * The stack plan: per stack, create / update / no change (or blocked), and the parameter
 * differences against the deployed stack. Without change sets, "update" means the
 * template or a parameter differs; CloudFormation alone knows the resource changes.
 */

import { clearDeadEnd, stackStatus } from '../../ports/stack-status.js';
import type { StackInfo } from '../../ports/stacks.js';
import type { StackInput } from '../input.js';
import { check } from './checks.js';
import type { PlanPorts, PlanRequest } from './request.js';
import type { Check, ParameterDiff, StackPlan } from './types.js';

const MASK = '****';

const exists = (info: StackInfo | undefined): info is StackInfo =>
  info !== undefined && !stackStatus.isDeleted(info.status);

/** Every stack of the waves as deployed now (undefined when absent). */
export async function readStacks(req: PlanRequest, ports: PlanPorts): Promise<Map<string, StackInfo>> {
  const out = new Map<string, StackInfo>();
  for (const s of req.input.waves.flat()) {
    const info = await ports.stacks.describe(req.input.targetRegion, s.name);
    if (exists(info)) out.set(s.name, info);
  }
  return out;
}

/** The values a failover would pass; outputs of stacks not deployed yet stay as `<output ...>`. */
export function desiredParameters(
  stack: StackInput,
  stacks: Map<string, StackInfo>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const params = { ...stack.parameters, ...extra };
  for (const [name, ref] of Object.entries(stack.parametersFrom ?? {})) {
    const from = stacks.get(ref.fromStack);
    const value = from && stackStatus.isStable(from.status) ? from.outputs[ref.output] : undefined;
    params[name] = value ?? `<output ${ref.output} of ${ref.fromStack}>`;
  }
  return params;
}

/** Values known only during the failover: `<output ...>`, `<from data recovery ...>`. */
export const isPending = (value: string) => value.startsWith('<');

function diffParameters(
  stack: StackInput,
  desired: Record<string, string>,
  info?: StackInfo,
): ParameterDiff[] {
  const secret = new Set(stack.secretParameters ?? []);
  const names = [...new Set([...Object.keys(desired), ...Object.keys(info?.parameters ?? {})])].sort();
  const out: ParameterDiff[] = [];
  for (const name of names) {
    const hidden = secret.has(name);
    const before = info?.parameters[name];
    const after = desired[name];
    // NoEcho values come back from CloudFormation as ****: they cannot be compared, only shown as set.
    if (info && (hidden || before === after)) continue;
    out.push({
      name,
      ...(before !== undefined ? { before: hidden ? MASK : before } : {}),
      ...(after !== undefined ? { after: hidden ? MASK : after } : {}),
      secret: hidden,
    });
  }
  return out;
}

const sameTemplate = (a: string | undefined, b: string) =>
  a !== undefined && a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();

async function planOne(
  req: PlanRequest,
  ports: PlanPorts,
  stack: StackInput,
  wave: number,
  stacks: Map<string, StackInfo>,
  extra: Record<string, string>,
): Promise<StackPlan> {
  const info = stacks.get(stack.name);
  const desired = desiredParameters(stack, stacks, extra);
  const parameters = diffParameters(stack, desired, info);
  const base = { name: stack.name, wave, parameters };
  if (!info) return { ...base, action: 'create', why: `does not exist in ${req.input.targetRegion}` };
  const status = { status: info.status };
  if (stackStatus.isDeadEnd(info.status)) {
    return {
      ...base,
      ...status,
      action: 'blocked',
      why: `${info.status}: a failover would stop here`,
    };
  }
  if (stackStatus.isInProgress(info.status)) {
    return {
      ...base,
      ...status,
      action: 'update',
      why: `${info.status}: a failover waits for it, then updates`,
    };
  }
  const template = await ports.review.templateBody(req.input.targetRegion, stack.name);
  const reasons = [
    ...(sameTemplate(template, stack.templateBody) ? [] : ['the template differs']),
    ...(parameters.length ? [`${parameters.length} parameter(s) differ`] : []),
  ];
  return reasons.length
    ? { ...base, ...status, action: 'update', why: reasons.join(' and ') }
    : { ...base, ...status, action: 'no-change', why: 'template and parameters as deployed' };
}

export async function planStacks(
  req: PlanRequest,
  ports: PlanPorts,
  stacks: Map<string, StackInfo>,
  dataParameters: Record<string, string> = {},
): Promise<StackPlan[]> {
  const out: StackPlan[] = [];
  for (const [i, wave] of req.input.waves.entries()) {
    for (const s of wave) {
      const extra = s.name === req.input.data?.stack ? dataParameters : {};
      out.push(await planOne(req, ports, s, i + 1, stacks, extra));
    }
  }
  return out;
}

export function stacksCheck(req: PlanRequest, plans: StackPlan[]): Check {
  const region = req.input.targetRegion;
  const title = `Existing stacks in ${region}`;
  const existing = plans.filter((p) => p.status);
  const blocked = plans.filter((p) => p.action === 'blocked');
  if (blocked.length) {
    return check(
      'stacks',
      title,
      'failed',
      blocked.map((p) => `${p.name} is ${p.status}`).join('; '),
      `${blocked.map((p) => `${p.name}: ${clearDeadEnd(p.status!, region, p.name)}`).join('; ')}; then plan again`,
    );
  }
  const busy = existing.filter((p) => p.status && stackStatus.isInProgress(p.status));
  const listed = existing.map((p) => `${p.name} ${p.status}`).join(', ');
  if (busy.length) {
    return check(
      'stacks',
      title,
      'warning',
      `an operation is in progress: ${listed}`,
      'a failover waits for it first; check who started it',
    );
  }
  return check(
    'stacks',
    title,
    'passed',
    existing.length
      ? `${existing.length} of ${plans.length} exist: ${listed}`
      : `none of the ${plans.length} stacks exist yet`,
  );
}
