/**
 * `failover --plan plan.json`: run exactly the plan that was reviewed, or refuse. The
 * plan must be intact, ready, for this target and environment, and the world (record
 * sets, stack states) must be what it saw; otherwise one sentence names what differs.
 */
import { DrctlError } from '../../errors.js';
import type { DnsPort } from '../../ports/dns.js';
import { stackStatus } from '../../ports/stack-status.js';
import type { StackInfo, StackPort } from '../../ports/stacks.js';
import type { TrafficSwitchPort } from '../../ports/traffic-switch.js';
import type { FailoverInput } from '../input.js';
import { describeStates, sameStates } from '../switch/controls.js';
import { checksumOf, observedOf, whatChanged } from './checksum.js';
import { PLAN_VERSION, type PlanDocument } from './types.js';

const refuse = (message: string, hint: string) =>
  new DrctlError('REFUSED', message, { source: 'user', hints: [hint] });

/** A parsed plan file: version 1, and its checksum still matches what it says it saw. */
export function parsePlanFile(text: string, path: string): PlanDocument {
  let doc: Partial<PlanDocument>;
  try {
    doc = JSON.parse(text) as Partial<PlanDocument>;
  } catch {
    throw new DrctlError(
      'USAGE',
      `${path} is not JSON; write a plan with drctl plan <region> --out ${path}.`,
    );
  }
  if (doc?.kind !== 'drctl-plan' || doc.version !== PLAN_VERSION || !doc.observed) {
    throw new DrctlError(
      'USAGE',
      `${path} is not a version ${PLAN_VERSION} drctl plan; make one with drctl plan --out.`,
    );
  }
  if (checksumOf(doc.observed) !== doc.checksum) {
    throw new DrctlError(
      'USAGE',
      `${path} was edited after drctl wrote it (its checksum does not match); make a new plan.`,
    );
  }
  return doc as PlanDocument;
}

/** Refuses a plan for another target, another environment or stacks, or one not ready. */
export function checkPlanMatches(doc: PlanDocument, input: FailoverInput, force: boolean): void {
  const hint = `make a new plan: drctl plan ${input.targetRegion} --env ${input.env} --out plan.json`;
  if (doc.to !== input.targetRegion || doc.env !== input.env || doc.app !== input.app) {
    throw refuse(
      `the plan is for ${doc.app} ${doc.env} to ${doc.to}, not ${input.app} ${input.env} to ${input.targetRegion}`,
      hint,
    );
  }
  if (doc.hostedZoneId !== input.hostedZoneId || doc.record.name !== input.record.name) {
    throw refuse(
      `the plan is for record ${doc.record.name} in zone ${doc.hostedZoneId}, not the configured one`,
      hint,
    );
  }
  const planned = doc.stacks.map((s) => s.name).join(',');
  if (
    planned !==
    input.waves
      .flat()
      .map((s) => s.name)
      .join(',')
  ) {
    throw refuse('the blueprint names other stacks than the plan did', hint);
  }
  if (doc.verdict === 'refused' && !force) {
    throw refuse(
      `the plan was refused: ${doc.refusals[0]?.reason ?? 'a safety rule'}`,
      'read why, then --force',
    );
  }
  if (doc.verdict === 'not-ready') {
    const failed = doc.checks.find((c) => c.status === 'failed');
    throw refuse(`the plan was not ready: ${failed?.title ?? 'a check'} failed`, hint);
  }
}

/** Reads the record sets and stack states again; refuses when they differ from the plan's. */
export async function checkPlanCurrent(
  doc: PlanDocument,
  input: FailoverInput,
  ports: { dns: DnsPort; stacks: StackPort; switch?: TrafficSwitchPort },
): Promise<void> {
  // A switch-mode plan read the controls, never the record sets (Route 53's control plane).
  const records = input.switch
    ? []
    : await ports.dns.listRecordSets(input.hostedZoneId, input.record.name, input.record.type);
  if (input.switch && ports.switch && doc.controls?.before) {
    const live = await ports.switch.read(input.switch.regions);
    if (!sameStates(live, doc.controls.before)) {
      throw refuse(
        `The world changed since the plan was made (${doc.createdAt}): the controls are ${describeStates(live)}, not ${describeStates(doc.controls.before)}.`,
        `make a new plan and review it: drctl plan ${input.targetRegion} --env ${input.env} --out plan.json`,
      );
    }
  }
  const stacks: StackInfo[] = [];
  for (const s of input.waves.flat()) {
    const info = await ports.stacks.describe(input.targetRegion, s.name);
    if (info && !stackStatus.isDeleted(info.status)) stacks.push(info);
  }
  const changed = whatChanged(doc.observed, observedOf(records, stacks));
  if (changed) {
    throw refuse(
      `The world changed since the plan was made (${doc.createdAt}): ${changed}.`,
      `make a new plan and review it: drctl plan ${input.targetRegion} --env ${input.env} --out plan.json`,
    );
  }
}
