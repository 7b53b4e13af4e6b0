/**
 * What plan reads in a switch mode: the controls (data plane), never the record sets, so
 * a plan with `controlPlane: avoid` calls nothing on Route 53's control plane either.
 */
import type { StackInfo } from '../../ports/stacks.js';
import { describeStates, desiredStates, servingOf } from '../switch/controls.js';
import { check } from './checks.js';
import { type DnsFacts, newAlb, placeholderAlb } from './dns-view.js';
import type { PlanPorts, PlanRequest } from './request.js';
import type { Check, PlanDocument } from './types.js';

export interface SwitchFacts {
  facts: DnsFacts;
  controls: NonNullable<PlanDocument['controls']>;
}

export async function readSwitchFacts(
  req: PlanRequest,
  ports: PlanPorts,
  stacks: Map<string, StackInfo>,
): Promise<SwitchFacts> {
  const { input } = req;
  const sw = input.switch!;
  const alb = await newAlb(req, ports, stacks).catch(() => ({
    target: placeholderAlb(input.targetRegion),
    known: false,
  }));
  const after = desiredStates(sw.regions, input.targetRegion);
  if (!ports.switch) {
    return {
      facts: { alb, readError: 'no switch adapter' },
      controls: { kind: sw.kind, after, readError: 'no switch adapter' },
    };
  }
  try {
    const before = await ports.switch.read(sw.regions);
    const serving = servingOf(before);
    return { facts: { alb, ...(serving ? { serving } : {}) }, controls: { kind: sw.kind, before, after } };
  } catch (e) {
    const readError = e instanceof Error ? e.message : String(e);
    return { facts: { alb, readError }, controls: { kind: sw.kind, after, readError } };
  }
}

export function controlsCheck(s: SwitchFacts): Check {
  const title = s.controls.kind === 'arc' ? 'ARC routing controls' : 'S3 switch objects';
  if (s.controls.readError || !s.controls.before) {
    return check(
      'controls',
      title,
      'failed',
      `could not be read: ${s.controls.readError ?? 'unknown'}`,
      'check the switch settings and access (docs/data-plane.md)',
    );
  }
  return check('controls', title, 'passed', `now ${describeStates(s.controls.before)}`);
}

export function switchPlaneCheck(req: PlanRequest): Check {
  return check(
    'route53-control-plane',
    'Route 53 control plane',
    'passed',
    `the flip, its verification and its rollback use the ${req.input.switch!.kind} switch and authoritative DNS (data plane)${req.input.controlPlane === 'avoid' ? '; no step calls the control plane' : ''}`,
  );
}

export function switchZoneCheck(req: PlanRequest): Check {
  return check('zone', 'Hosted zone', 'passed', `${req.zone.name} (${req.zone.id}) as configured`);
}
