/**
 * `buildPlan`: reads the world (never changes it, but for change sets when asked), runs
 * every readiness check, plans the stacks and the DNS change, estimates recovery time
 * and RPO, applies the safety rules, and returns one versioned plan document.
 */

import { stackStatus } from '../../ports/stack-status.js';
import { DEFAULTS } from '../defaults.js';
import { keepEngineVersion } from '../steps/data.js';
import { addChangeSets } from './change-sets.js';
import {
  amiCheck,
  certificateCheck,
  check,
  dataCheck,
  identityCheck,
  lockCheck,
  regionCheck,
  templatesCheck,
} from './checks.js';
import { checksumOf, observedOf } from './checksum.js';
import {
  alreadyTargetCheck,
  controlPlaneCheck,
  dnsView,
  fromRegion,
  readDnsFacts,
  recordCheck,
} from './dns-view.js';
import { estimate } from './estimate.js';
import { controlPlaneRefusal, planSteps } from './planes.js';
import type { PlanPorts, PlanRequest } from './request.js';
import { planVerdict, refusals } from './safety.js';
import { desiredParameters, planStacks, readStacks, stacksCheck } from './stacks.js';
import { controlsCheck, readSwitchFacts, switchPlaneCheck, switchZoneCheck } from './switch-view.js';
import { type Check, PLAN_VERSION, type PlanDocument } from './types.js';

export async function buildPlan(req: PlanRequest, ports: PlanPorts): Promise<PlanDocument> {
  const { input } = req;
  const stackInfos = await readStacks(req, ports);
  const sw = input.switch ? await readSwitchFacts(req, ports, stackInfos) : undefined;
  const [identity, region, certificate, ami, lock, data, facts] = await Promise.all([
    identityCheck(req, ports),
    regionCheck(req, ports),
    certificateCheck(req, ports),
    amiCheck(req, ports),
    lockCheck(req, ports),
    dataCheck(req, ports),
    sw ? sw.facts : readDnsFacts(req, ports, stackInfos),
  ]);
  const dataStack = input.data ? stackInfos.get(input.data.stack) : undefined;
  if (dataStack && stackStatus.isStable(dataStack.status)) {
    data.parameters = keepEngineVersion(data.parameters, dataStack.parameters);
  }
  const stacks = await planStacks(req, ports, stackInfos, data.parameters);
  if (req.changeSets) {
    const params = new Map(
      input.waves
        .flat()
        .map((s) => [
          s.name,
          desiredParameters(s, stackInfos, s.name === input.data?.stack ? data.parameters : {}),
        ]),
    );
    await addChangeSets(req, ports, stacks, params);
  }
  const zone = sw
    ? switchZoneCheck(req)
    : check('zone', 'Hosted zone', 'passed', `${req.zone.name} (${req.zone.id}) found`);
  const checks: Check[] = [
    identity,
    region,
    zone,
    sw ? controlsCheck(sw) : recordCheck(req, facts),
    alreadyTargetCheck(req, facts),
    certificate,
    ami,
    data.check,
    stacksCheck(req, stacks),
    templatesCheck(req),
    lock,
    sw ? switchPlaneCheck(req) : controlPlaneCheck(),
  ];
  const dns = sw
    ? { albKnown: facts.alb.known, albDnsName: facts.alb.target.dnsName, before: [], after: [], batches: [] }
    : dnsView(req, facts);
  const steps = planSteps(input);
  const refused = refusals(req, facts, dns, stacks);
  const avoid = controlPlaneRefusal(input, steps);
  if (avoid) refused.push(avoid);
  const forced = Boolean(input.flags?.force);
  const observed = observedOf(facts.records ?? [], stackInfos.values());
  const est = await estimate(
    {
      input,
      stacks,
      batches: dns.batches.length,
      ...(data.action ? { dataAction: data.action } : {}),
      rpoSeconds: data.rpoSeconds,
      rpoNote: data.rpoNote,
    },
    ports.journal,
  );
  const account = identity.status === 'passed' ? identity.reason.match(/account (\d+)/)?.[1] : undefined;
  return {
    version: PLAN_VERSION,
    kind: 'drctl-plan',
    createdAt: new Date(ports.clock.now()).toISOString(),
    app: input.app,
    env: input.env,
    from: fromRegion(req, facts),
    to: input.targetRegion,
    afterFlip: input.afterFlip ?? DEFAULTS.afterFlip,
    hostedZoneId: input.hostedZoneId,
    record: { name: input.record.name, type: input.record.type, routing: input.record.routing },
    ...(account ? { account } : {}),
    verdict: planVerdict(checks, refused, forced),
    forced,
    checks,
    refusals: refused,
    stacks,
    dns,
    steps,
    ...(sw ? { controls: sw.controls } : {}),
    estimate: est,
    observed,
    checksum: checksumOf(observed),
  };
}
