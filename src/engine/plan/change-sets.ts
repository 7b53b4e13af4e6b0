/**
 * `--change-sets`: CloudFormation's own answer to "what would change", per stack. The
 * only mutation plan ever makes: each change set is created, described, and deleted
 * (never executed), and the empty stack (under review) a CREATE change set leaves
 * behind is deleted too (rain does the same when a deploy is declined), by the StackId
 * CloudFormation returned: by then the name could stand for another stack. Ctrl-C stops
 * the wait but never the cleanup.
 */
import { DrctlError } from '../../errors.js';
import { changeSetStatus, stackStatus } from '../../ports/stack-status.js';
import type { StackInput } from '../input.js';
import { poll } from '../poller.js';
import { resolveWaits } from '../wait-profiles.js';
import type { PlanPorts, PlanRequest } from './request.js';
import { isPending } from './stacks.js';
import type { ChangeSetResult, StackPlan } from './types.js';

const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

/** Change set names: a letter, then letters, digits and hyphens, at most 128. */
function changeSetName(planId: string): string {
  return `drctl-plan-${planId}`.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 128);
}

async function describeSettled(ports: PlanPorts, region: string, id: string, signal?: AbortSignal) {
  return poll({
    ...resolveWaits().changeSet,
    clock: ports.clock,
    ...(signal ? { signal } : {}),
    describe: `change set ${id} to be computed`,
    check: async () => {
      const cs = await ports.review.describeChangeSet(region, id);
      return changeSetStatus.isComputing(cs.status)
        ? { done: false, seen: cs.status }
        : { done: true, value: cs };
    },
  });
}

async function oneChangeSet(
  req: PlanRequest,
  ports: PlanPorts,
  stack: StackInput,
  plan: StackPlan,
  params: Record<string, string>,
): Promise<ChangeSetResult> {
  const region = req.input.targetRegion;
  const type = plan.action === 'create' ? 'CREATE' : 'UPDATE';
  let created: { id: string; stackId: string } | undefined;
  const cleanup: string[] = [];
  try {
    created = await ports.review.createChangeSet(region, {
      stackName: stack.name,
      changeSetName: changeSetName(req.planId ?? req.input.runId),
      type,
      templateBody: stack.templateBody,
      parameters: params,
      tags: stack.tags ?? {},
    });
    const cs = await describeSettled(ports, region, created.id, req.signal);
    if (changeSetStatus.isReady(cs.status)) return { status: 'ok', changes: cs.changes };
    if (NO_CHANGES.test(cs.statusReason ?? '')) return { status: 'no-changes', changes: [] };
    return { status: 'failed', reason: cs.statusReason ?? cs.status, changes: [] };
  } catch (e) {
    if (req.signal?.aborted) throw interrupted();
    return { status: 'failed', reason: e instanceof Error ? e.message : String(e), changes: [] };
  } finally {
    if (created) {
      const { id, stackId } = created;
      await ports.review.deleteChangeSet(region, id).catch(() => cleanup.push(`change set ${id}`));
      if (type === 'CREATE')
        await ports.stacks
          .delete(region, stackId)
          .catch(() => cleanup.push(`stack ${stack.name} (${stackId})`));
    }
    // A leftover is worth a loud note: an empty stack under review blocks the next create.
    if (cleanup.length) plan.why += `; COULD NOT DELETE ${cleanup.join(' and ')}: delete by hand`;
  }
}

function interrupted(): DrctlError {
  return new DrctlError('ABORTED', 'plan interrupted; the change sets it had created were deleted', {
    source: 'user',
  });
}

/** Adds `changeSet` to every stack plan, and lets CloudFormation's answer settle update vs no change. */
export async function addChangeSets(
  req: PlanRequest,
  ports: PlanPorts,
  plans: StackPlan[],
  parameters: Map<string, Record<string, string>>,
): Promise<void> {
  const inputs = new Map(req.input.waves.flat().map((s) => [s.name, s]));
  for (const plan of plans) {
    if (req.signal?.aborted) throw interrupted();
    const stack = inputs.get(plan.name)!;
    const params = parameters.get(plan.name) ?? {};
    const pending = Object.values(params).filter(isPending);
    if (plan.action === 'blocked' || (plan.status && stackStatus.isInProgress(plan.status))) {
      plan.changeSet = { status: 'skipped', reason: `the stack is ${plan.status}`, changes: [] };
    } else if (pending.length) {
      plan.changeSet = {
        status: 'skipped',
        reason: `it needs ${pending[0]}, which exists only after deploy`,
        changes: [],
      };
    } else {
      plan.changeSet = await oneChangeSet(req, ports, stack, plan, params);
      if (plan.changeSet.status === 'no-changes' && plan.action === 'update') {
        plan.action = 'no-change';
        plan.why = 'CloudFormation reports no changes';
      }
    }
  }
}
