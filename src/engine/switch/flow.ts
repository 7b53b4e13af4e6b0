/**
 * The failover in a switch mode (`arc`, `s3-object`; docs/data-plane.md): preflight,
 * lock, deploy, await ALB, pre-flip probe as in records mode, then read the controls
 * (journaled: what a rollback puts back), confirm, set the target On and the others Off,
 * verify on the authoritative servers and the probe, and on failure set the controls back.
 * No step here reads or writes a record set: with `controlPlane: avoid` nothing in a run
 * calls Route 53's control plane (the lock is the configured store's).
 */
import { DrctlError, isDrctlError } from '../../errors.js';
import { outcomeBase as base } from '../after-flip.js';
import { type RunContext, throwIfAborted } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { skipped, span } from '../events.js';
import type { FailoverOutcome, NewAlb } from '../input.js';
import type { SourceHealth } from '../journal-entries.js';
import { standUpAlb } from '../steps/alb.js';
import { withRunLock } from '../steps/lock.js';
import { checkMediaReady } from '../steps/preflight.js';
import { probeUntilProven } from '../steps/probe.js';
import {
  describeStates,
  desiredStates,
  readControls,
  restoreControls,
  type States,
  sameStates,
  sourceOf,
  switchPort,
} from './controls.js';
import { verifyAuthoritative } from './verify.js';

export async function switchFlow(ctx: RunContext, resumed: boolean): Promise<FailoverOutcome> {
  const { input } = ctx;
  const sw = input.switch!;
  const checkServing = !resumed && !input.flags?.force;
  const pre = await span(ctx.em, ctx.timings, 'preflight', async () => {
    await ctx.ports.identity.whoami(input.targetRegion);
    const found = ctx.journal.doneData('controls-found') ?? (await readControls(ctx, sw.regions, 'found'));
    ctx.from = sourceOf(sw, input.primaryRegion, input.targetRegion, found.serving);
    await checkMediaReady(ctx, input);
    if (!ctx.journal.isDone('controls-found')) await ctx.journal.done('controls-found', found);
    return found;
  });
  if (checkServing && pre.serving === input.targetRegion) {
    return {
      ...base(ctx),
      kind: 'no-op',
      reason: `${input.targetRegion}'s control is the only one On already`,
    };
  }
  await checkSourceHealth(ctx);
  const out = await withRunLock(ctx, () =>
    underLock(ctx).catch((e: unknown): FailoverOutcome => {
      if (isDrctlError(e) && e.code === 'ABORTED' && !ctx.journal.isIntended('set-controls')) {
        return { ...base(ctx), kind: 'aborted', reason: 'interrupted', dnsChanged: false };
      }
      throw e;
    }),
  );
  return out === 'declined' ? { ...base(ctx), kind: 'aborted', reason: 'declined', dnsChanged: false } : out;
}

async function underLock(ctx: RunContext): Promise<FailoverOutcome> {
  const { em, timings, journal, input } = ctx;
  const sw = input.switch!;
  const setStarted = journal.isIntended('set-controls');
  const alb = await standUpAlb(ctx, setStarted);
  let before = journal.doneData('controls-before');
  if (before) skipped(em, timings, 'read-controls');
  else {
    before = await span(em, timings, 'read-controls', () => readControls(ctx, sw.regions, 'before'));
    await journal.done('controls-before', before);
  }
  const desired = desiredStates(sw.regions, input.targetRegion);
  if (!setStarted && sameStates(before.states, desired)) {
    return {
      ...base(ctx),
      kind: 'no-op',
      reason: `${input.targetRegion}'s control is the only one On already`,
    };
  }
  em.emit('switch-states', { what: 'plan', states: desired });
  if (!setStarted && !(await span(em, timings, 'confirm', () => confirm(ctx, desired)))) {
    return { ...base(ctx), kind: 'aborted', reason: 'declined', dnsChanged: false };
  }
  throwIfAborted(ctx);
  return setAndVerify(ctx, alb, before.states, desired);
}

async function confirm(ctx: RunContext, desired: States): Promise<boolean> {
  const { input } = ctx;
  if (input.flags?.yes) return true;
  const what = input.switch!.kind === 'arc' ? 'ARC routing controls' : 'S3 switch objects';
  const typed = await ctx.sink.ask({
    kind: 'type-to-confirm',
    id: 'confirm-flip',
    message: `Move ${input.record.name} from ${ctx.from} to ${input.targetRegion} by setting the ${what} to ${describeStates(desired)}. Type the target region to confirm`,
    expected: input.targetRegion,
    default: '',
  });
  return typed.trim() === input.targetRegion;
}

async function setAndVerify(
  ctx: RunContext,
  alb: NewAlb,
  previous: States,
  desired: States,
): Promise<FailoverOutcome> {
  const { em, timings, journal } = ctx;
  try {
    if (journal.isDone('set-controls')) skipped(em, timings, 'set-controls');
    else {
      // Written before the call; a resume re-sends the same states (setting them twice is harmless).
      await journal.intent('set-controls', { states: desired, previous });
      await span(em, timings, 'set-controls', () => switchPort(ctx).set(desired));
      await journal.done('set-controls');
    }
    await span(em, timings, 'verify', async () => {
      const addresses = await verifyAuthoritative(ctx, alb);
      await probeUntilProven(ctx, 'post-flip', addresses);
    });
    await journal.done('verify:1');
  } catch (e) {
    return afterSetFailure(ctx, previous, desired, e);
  }
  await journal.done('controls-left', { states: desired, serving: ctx.input.targetRegion });
  return {
    ...base(ctx),
    kind: 'flipped',
    from: ctx.from,
    to: ctx.input.targetRegion,
    alb,
    batches: [],
    answerVerified: true,
    controls: { before: previous, after: desired },
  };
}

/**
 * A failed set or check once the set was journaled: the after-flip policy, as in records
 * mode. `hold` (or a source region that failed its probe) keeps the new states; otherwise
 * the journaled states go back, read back to prove it. A set that failed half way (an
 * s3-object target On, an old region still On) is restored the same way.
 */
async function afterSetFailure(
  ctx: RunContext,
  previous: States,
  desired: States,
  cause: unknown,
): Promise<FailoverOutcome> {
  // The intent could not even be journaled: nothing was set, nothing to undo.
  if (!ctx.journal.isIntended('set-controls')) throw cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const code = isDrctlError(cause) ? cause.code : 'INTERNAL';
  const sw = ctx.input.switch!;
  const health = ctx.journal.doneData('source-health');
  const policy = ctx.input.afterFlip ?? DEFAULTS.afterFlip;
  const why = policy === 'hold' ? 'policy' : health && !health.healthy ? 'source-unhealthy' : undefined;
  if (why && ctx.journal.isDone('set-controls')) {
    await ctx.journal.done('controls-left', { states: desired, serving: ctx.input.targetRegion });
    return {
      ...base(ctx),
      kind: 'held',
      from: ctx.from,
      to: ctx.input.targetRegion,
      reason,
      cause: code,
      why,
      ...(why === 'source-unhealthy' && health?.detail ? { sourceProblem: health.detail } : {}),
    };
  }
  await span(ctx.em, ctx.timings, 'restore-controls', () => restoreControls(ctx, sw.regions, previous));
  await ctx.journal.done('controls-left', { states: previous });
  return { ...base(ctx), kind: 'rolled-back', reason, cause: code, restore: [], restoredControls: previous };
}

/**
 * Under the `rollback` policy: one probe of the serving region's ALB (the edge stack's
 * output in that region), journaled. A region whose stack cannot even be read counts as
 * unhealthy: rolling traffic back to it would be worse than holding.
 */
async function checkSourceHealth(ctx: RunContext): Promise<void> {
  const { input } = ctx;
  if ((input.afterFlip ?? DEFAULTS.afterFlip) !== 'rollback' || ctx.journal.isDone('source-health')) return;
  const v = input.verification;
  let health: SourceHealth;
  try {
    const stack = await ctx.ports.stacks.describe(ctx.from, input.alb.stack);
    const host = stack?.outputs[input.alb.dnsNameOutput ?? 'LoadBalancerDnsName'];
    if (!host) throw new DrctlError('NOT_FOUND', `no ${input.alb.stack} stack with an ALB in ${ctx.from}`);
    const r = await ctx.ports.probe.probe(
      {
        hostname: v.hostname,
        path: v.path,
        timeoutMs: v.timeoutMs ?? DEFAULTS.verification.timeoutSeconds * 1000,
        connectHost: host,
        ...(v.connectTo ? { connectTo: v.connectTo } : {}),
        ...(v.caFile ? { caFile: v.caFile } : {}),
      },
      v.expectStatus ?? DEFAULTS.verification.expectStatus,
    );
    health = r.ok
      ? { region: ctx.from, healthy: true }
      : { region: ctx.from, healthy: false, detail: r.error ?? `status ${r.status}` };
  } catch (e) {
    health = { region: ctx.from, healthy: false, detail: e instanceof Error ? e.message : String(e) };
  }
  await ctx.journal.done('source-health', health);
  if (!health.healthy) {
    ctx.em.warn(
      `${ctx.from}, which serves now, fails its health probe (${health.detail}): if a check fails after the switch, drctl will keep the new states rather than switch back to it`,
    );
  }
}
