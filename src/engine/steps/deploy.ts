/**
 * Deploy the stacks into the target region: waves in order, the stacks of one wave in
 * parallel, each created or updated and then watched until it settles, with its events
 * streamed as progress. A failed stack stops the run with the resource and reason
 * CloudFormation gave; nothing after this step (DNS above all) runs.
 */
import { DrctlError } from '../../errors.js';
import { clearDeadEnd, stackStatus } from '../../ports/stack-status.js';
import type { StackEvent, StackInfo, StackSpec } from '../../ports/stacks.js';
import type { RunContext } from '../context.js';
import { waitFor } from '../context.js';
import type { StackInput } from '../input.js';
import { poll } from '../poller.js';
import { type DataParameters, startDataRecovery } from './data.js';

type Outputs = Map<string, Record<string, string>>;

export async function deployWaves(ctx: RunContext): Promise<void> {
  const outputs: Outputs = new Map();
  const data = ctx.journal.isDone(`deploy:${ctx.input.data?.stack}`) ? undefined : startDataRecovery(ctx);
  for (const wave of ctx.input.waves) {
    // allSettled, not all: a failing stack must not leave its siblings unwatched.
    const results = await Promise.allSettled(wave.map((s) => deployStack(ctx, s, outputs, data)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

function resolveParameters(stack: StackInput, outputs: Outputs): Record<string, string> {
  const params = { ...stack.parameters };
  for (const [param, ref] of Object.entries(stack.parametersFrom ?? {})) {
    const value = outputs.get(ref.fromStack)?.[ref.output];
    if (value === undefined) {
      throw new DrctlError(
        'CONFIG_INVALID',
        `stack ${stack.name} parameter ${param} needs output ${ref.output} of ${ref.fromStack}, which it does not have`,
        {
          source: 'user',
          hints: ['check the manifest: the output name, and that the stack is in an earlier wave'],
        },
      );
    }
    params[param] = value;
  }
  return params;
}

async function deployStack(
  ctx: RunContext,
  stack: StackInput,
  outputs: Outputs,
  data?: DataParameters,
): Promise<void> {
  const region = ctx.input.targetRegion;
  const step = `deploy:${stack.name}` as const;
  let existing = await ctx.ports.stacks.describe(region, stack.name);
  if (existing && stackStatus.isInProgress(existing.status)) {
    // Another operation (a previous, interrupted run) still runs: CloudFormation would refuse ours.
    // Its events are not this run's (no token of ours to match): only its status is followed.
    existing = await settle(ctx, stack.name, undefined);
  }
  if (ctx.journal.isDone(step) && existing && stackStatus.isStable(existing.status)) {
    outputs.set(stack.name, existing.outputs);
    return;
  }
  if (existing && stackStatus.isDeadEnd(existing.status)) {
    throw new DrctlError(
      'STACK_FAILED',
      `stack ${stack.name} in ${region} is ${existing.status} and cannot be updated: ${clearDeadEnd(existing.status, region, stack.name)}, then run again`,
      { source: 'aws', hints: ['DNS was not changed'] },
    );
  }
  const spec: StackSpec = {
    name: stack.name,
    templateBody: stack.templateBody,
    parameters: resolveParameters(stack, outputs),
    tags: stack.tags ?? {},
    // One token per attempt by drctl (stable across the SDK's retries of that attempt).
    clientRequestToken: `drctl-${ctx.runId}-${stack.name}-${ctx.ports.clock.now()}`
      .replace(/[^a-zA-Z0-9-]/g, '-')
      .slice(0, 128),
  };
  if (data && stack.name === ctx.input.data?.stack) Object.assign(spec.parameters, await data);
  const action = existing && !stackStatus.isDeleted(existing.status) ? 'update' : 'create';
  await ctx.journal.intent(step, { stack: stack.name, region, action });
  const operation = spec.clientRequestToken!;
  if (action === 'create') {
    await ctx.ports.stacks.create(region, spec);
  } else if ((await ctx.ports.stacks.update(region, spec)) === 'no-changes') {
    ctx.em.emit('stack-no-changes', { stack: stack.name });
    outputs.set(stack.name, existing!.outputs);
    await ctx.journal.done(step, { status: existing!.status });
    return;
  }
  const settled = await settle(ctx, stack.name, operation, ctx.expect?.stack(stack.name, action));
  if (!stackStatus.isStable(settled.status)) throw await failure(ctx, settled, operation);
  outputs.set(stack.name, settled.outputs);
  await ctx.journal.done(step, { status: settled.status });
}

const EVENTS_EVERY_MS = 10_000;

/**
 * Polls the stack until its operation ends, streaming new events as progress; by
 * expectation when `expectedMs` (how long this stack's create or update should take) is known.
 */
async function settle(
  ctx: RunContext,
  name: string,
  operation: string | undefined,
  expectedMs?: number,
): Promise<StackInfo> {
  const region = ctx.input.targetRegion;
  const seen = new Set<string>();
  let lastStatus = '';
  let lastEventsAt = Number.NEGATIVE_INFINITY;
  return poll({
    ...waitFor(ctx, ctx.waits.stack, `stack ${name} in ${region} to finish`, true, expectedMs),
    check: async () => {
      const info = await ctx.ports.stacks.describe(region, name);
      if (!info)
        throw new DrctlError('NOT_FOUND', `stack ${name} disappeared from ${region} while deploying`);
      // Events are progress for the operator, not what the wait decides on: read them when
      // the stack's status changes and otherwise at most every EVENTS_EVERY_MS. That halves
      // CloudFormation calls at tight poll intervals (half of them were DescribeStackEvents).
      const now = ctx.ports.clock.now();
      if (info.status !== lastStatus || now - lastEventsAt >= EVENTS_EVERY_MS) {
        lastEventsAt = now;
        if (operation) await streamEvents(ctx, name, operation, seen);
      }
      if (info.status !== lastStatus) {
        lastStatus = info.status;
        ctx.em.emit('stack-status', {
          stack: name,
          region,
          status: info.status,
          ...(info.statusReason ? { reason: info.statusReason } : {}),
        });
      }
      return stackStatus.isInProgress(info.status)
        ? { done: false, seen: info.status }
        : { done: true, value: info };
    },
  });
}

/** `operation`: the ClientRequestToken of this run's create or update (events are matched by it). */
async function streamEvents(
  ctx: RunContext,
  name: string,
  operation: string,
  seen: Set<string>,
): Promise<void> {
  const events = await ctx.ports.stacks.events(ctx.input.targetRegion, name, operation);
  // CloudFormation returns newest first; progress reads oldest first.
  for (const e of [...events].reverse()) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    ctx.em.emit('stack-event', {
      stack: name,
      logicalId: e.logicalId,
      resourceType: e.resourceType,
      status: e.status,
      ...(e.reason ? { reason: e.reason } : {}),
    });
  }
}

/**
 * The first resource that failed is the cause; later failures are mostly "Resource creation
 * cancelled" cascades, and the stack's own event only says "The following resource(s) failed".
 */
async function failure(ctx: RunContext, info: StackInfo, operation: string): Promise<DrctlError> {
  const events = await ctx.ports.stacks.events(ctx.input.targetRegion, info.name, operation);
  const first = [...events]
    .reverse()
    .find((e: StackEvent) => stackStatus.isFailed(e.status) && e.logicalId !== info.name && e.reason);
  const what = first
    ? `resource ${first.logicalId} (${first.resourceType}) failed: ${first.reason}`
    : (info.statusReason ?? 'no reason given');
  return new DrctlError('STACK_FAILED', `stack ${info.name} ended ${info.status}: ${what}`, {
    source: 'aws',
    hints: ['DNS was not changed'],
  });
}
