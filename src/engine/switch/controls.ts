/**
 * The controls of a data-plane switch (docs/data-plane.md), as values: which states a
 * flip sets, which region they serve, and the read / set / restore steps with their
 * journal entries. The data plane is the only thing asked: no record set is read.
 */
import { DrctlError } from '../../errors.js';
import type { SwitchState, TrafficSwitchPort } from '../../ports/traffic-switch.js';
import type { DnsContext } from '../context.js';
import type { SwitchInput } from '../input.js';
import type { ControlStates } from '../journal-entries.js';

export type States = Record<string, SwitchState>;

/** The target On, every other region Off. */
export function desiredStates(regions: string[], target: string): States {
  return Object.fromEntries(regions.map((r) => [r, r === target ? 'On' : 'Off']));
}

/** The region traffic goes to: the one control On, when exactly one is. */
export function servingOf(states: States): string | undefined {
  const on = Object.entries(states).filter(([, s]) => s === 'On');
  return on.length === 1 ? on[0]![0] : undefined;
}

export function sameStates(a: States, b: States): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/** `us-east-1 On, eu-west-1 Off`: what the operator reads. */
export function describeStates(states: States): string {
  return Object.entries(states)
    .map(([r, s]) => `${r} ${s}`)
    .join(', ');
}

export function switchPort(ctx: DnsContext): TrafficSwitchPort {
  const port = ctx.ports.switch;
  if (!port)
    throw new DrctlError('INTERNAL', 'the switch mode is configured but no switch adapter was wired');
  return port;
}

export async function readControls(
  ctx: DnsContext,
  regions: string[],
  what: 'found' | 'before' | 'read-back',
): Promise<ControlStates> {
  const states = await switchPort(ctx).read(regions);
  ctx.em.emit('switch-states', { what, states });
  const serving = servingOf(states);
  return serving ? { states, serving } : { states };
}

/** The region a run moves traffic away from: the one serving, else the primary (else any other). */
export function sourceOf(sw: SwitchInput, primary: string, target: string, serving?: string): string {
  if (serving && serving !== target) return serving;
  if (primary !== target) return primary;
  return sw.regions.find((r) => r !== target) ?? primary;
}

/**
 * Puts `states` back and reads them back: the rollback of a switch run. Journaled before
 * the call. A failure is ROLLBACK_FAILED with the states to set by hand: a switch left
 * half set must never be reported as restored.
 */
export async function restoreControls(ctx: DnsContext, regions: string[], states: States): Promise<void> {
  const port = switchPort(ctx);
  await ctx.journal.intent('restore-controls', { states });
  ctx.em.emit('switch-states', { what: 'plan', states });
  let live: States;
  try {
    await port.set(states);
    live = await port.read(regions);
  } catch (e) {
    throw rollbackFailed(ctx.runId, states, e instanceof Error ? e.message : String(e), e);
  }
  ctx.em.emit('switch-states', { what: 'read-back', states: live });
  if (!sameStates(live, states)) {
    throw rollbackFailed(ctx.runId, states, `the controls read back as ${describeStates(live)}`);
  }
  await ctx.journal.done('restore-controls');
}

function rollbackFailed(runId: string, states: States, why: string, cause?: unknown): DrctlError {
  return new DrctlError(
    'ROLLBACK_FAILED',
    `ROLLBACK FAILED for run ${runId}: ${why}. Set the controls by hand to ${describeStates(states)}.`,
    {
      source: 'aws',
      cause,
      hints: [`or retry: drctl rollback ${runId}`, 'docs/data-plane.md shows how to set each switch by hand'],
    },
  );
}
