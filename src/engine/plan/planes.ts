/**
 * Which plane, service and regions each step of a failover depends on (docs/data-plane.md),
 * and the refusal of a Route 53 control-plane step when the config says `controlPlane:
 * avoid`. Computed from the input alone: the same input makes the same table in text,
 * markdown and JSON.
 */
import type { FailoverInput } from '../input.js';
import type { Refusal } from './types.js';

export interface PlanStep {
  /** The engine's phase, or `rollback` for the path a failed check takes. */
  step: string;
  plane: 'control' | 'data';
  /** What it calls, e.g. `ARC cluster data plane, endpoints in 5 regions`. */
  service: string;
  regions: string[];
  /** A Route 53 control-plane call (us-east-1): refused with `controlPlane: avoid`. */
  route53ControlPlane: boolean;
}

/** Route 53's control plane lives in us-east-1, whatever region the zone's traffic goes to. */
const ROUTE53_CONTROL = 'us-east-1';

function r53(step: string, calls: string): PlanStep {
  return {
    step,
    plane: 'control',
    service: `Route 53 control plane (${calls})`,
    regions: [ROUTE53_CONTROL],
    route53ControlPlane: true,
  };
}

function regional(step: string, plane: 'control' | 'data', service: string, region: string): PlanStep {
  return { step, plane, service: `${service} ${region}`, regions: [region], route53ControlPlane: false };
}

export function planSteps(input: FailoverInput): PlanStep[] {
  const to = input.targetRegion;
  const lock = input.lockStore ?? { store: 'route53' };
  const lockStep: PlanStep =
    lock.store === 's3'
      ? regional('lock', 'data', `S3 conditional write, bucket ${lock.bucket} in`, lock.region)
      : r53('lock', 'ChangeResourceRecordSets on a TXT record');
  const steps: PlanStep[] = [
    regional('preflight', 'control', 'STS and CloudFormation', to),
    lockStep,
    regional('deploy', 'control', 'CloudFormation', to),
    regional('await-alb', 'control', 'Elastic Load Balancing', to),
    regional('pre-flip-probe', 'data', 'HTTPS to the new ALB in', to),
  ];
  const sw = input.switch;
  if (!sw) {
    steps.push(
      r53('snapshot', 'ListResourceRecordSets'),
      r53('flip', 'ChangeResourceRecordSets'),
      r53('await-insync', 'GetChange'),
      r53('verify', 'ListResourceRecordSets, TestDNSAnswer'),
      regional('verify', 'data', 'HTTPS to the answered addresses in', to),
      r53('rollback', 'ChangeResourceRecordSets, GetChange'),
    );
    return steps;
  }
  const flip = switchStep(sw);
  steps.push(
    { ...flip, step: 'read-controls' },
    { ...flip, step: 'set-controls' },
    {
      step: 'verify',
      plane: 'data',
      service: `Route 53 authoritative DNS for ${sw.zoneName}${sw.nameServers?.length ? ` (${sw.nameServers.join(', ')})` : ' (NS lookup)'}, then HTTPS to the answered addresses`,
      regions: [to],
      route53ControlPlane: false,
    },
    { ...flip, step: 'rollback' },
  );
  return steps;
}

function switchStep(sw: NonNullable<FailoverInput['switch']>): PlanStep {
  if (sw.kind === 'arc') {
    const regions = sw.endpointRegions ?? [];
    return {
      step: 'set-controls',
      plane: 'data',
      service: `ARC cluster data plane, endpoints in ${regions.length} region${regions.length === 1 ? '' : 's'}${regions.length ? ` (${regions.join(', ')})` : ''}`,
      regions,
      route53ControlPlane: false,
    };
  }
  const region = sw.bucketRegion ?? 'the switch bucket region';
  return regional('set-controls', 'data', 'S3 PutObject, switch bucket in', region);
}

/** With `controlPlane: avoid`, the first Route 53 control-plane step refuses the plan (one sentence). */
export function controlPlaneRefusal(input: FailoverInput, steps: PlanStep[]): Refusal | undefined {
  if (input.controlPlane !== 'avoid') return undefined;
  const bad = steps.filter((s) => s.route53ControlPlane);
  if (bad.length === 0) return undefined;
  return {
    id: 'control-plane',
    reason: `the config says switch.controlPlane: avoid, but the ${[...new Set(bad.map((s) => s.step))].join(', ')} step(s) would call the Route 53 control plane`,
    fix: 'use a data-plane switch (switch.mode: arc or s3-object) with lock.store: s3',
  };
}
