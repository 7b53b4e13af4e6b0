/**
 * The DNS flip as a plan (pure): from the snapshot of every record set of the name and
 * type, the routing policy and the new ALB, compute the atomic change batch(es). Shapes
 * the config does not describe are refused rather than guessed at: a wrong guess here
 * sends users to the wrong place.
 */
import { DrctlError } from '../errors.js';
import { type AliasTarget, type RecordChange, type RecordSet, typesOf } from '../ports/dns.js';
import { normaliseLbDnsName } from '../ports/load-balancers.js';
import { recordKey, sameRecordSet } from './dns-restore.js';
import type { RecordInput } from './input.js';

export interface AlbTarget {
  dnsName: string;
  canonicalHostedZoneId: string;
}

export interface PlanInput {
  /** Every record set of the name and type, as read just before the flip. */
  snapshot: RecordSet[];
  record: RecordInput;
  fromRegion: string;
  toRegion: string;
  alb: AlbTarget;
}

export interface PlannedBatch {
  /** 1-based; several only for weighted steps. */
  step: number;
  changes: RecordChange[];
  /**
   * Whether Route 53's answer must name the new ALB once this batch is INSYNC. False for
   * intermediate weighted steps and latency sets that keep other regions (the answer then
   * depends on where the resolver is).
   */
  expectNewAlbAnswer: boolean;
}

const EXOTIC_FIELDS = [
  'GeoLocation',
  'MultiValueAnswer',
  'CidrRoutingConfig',
  'GeoProximityLocation',
  'TrafficPolicyInstanceId',
] as const;

function refuse(message: string, hint?: string): DrctlError {
  return new DrctlError('REFUSED', message, { source: 'user', hints: hint ? [hint] : [] });
}

export function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** Alias records evaluate target health so Route 53 stops answering with a dead ALB. */
export function aliasTo(alb: AlbTarget): AliasTarget {
  return {
    HostedZoneId: alb.canonicalHostedZoneId,
    DNSName: `dualstack.${normaliseLbDnsName(alb.dnsName)}.`,
    EvaluateTargetHealth: true,
  };
}

function namesAlb(rs: RecordSet | undefined, alb: AlbTarget): boolean {
  return (
    rs?.AliasTarget !== undefined &&
    normaliseLbDnsName(rs.AliasTarget.DNSName) === normaliseLbDnsName(alb.dnsName)
  );
}

/** The record re-pointed at the ALB: alias records carry no TTL and no values. */
function pointed(rs: RecordSet, alb: AlbTarget): RecordSet {
  const { TTL: _ttl, ResourceRecords: _rr, ...rest } = rs;
  return { ...rest, AliasTarget: aliasTo(alb) };
}

/**
 * The record split by Route 53 type, each with its own record sets: one part for `A` or
 * `AAAA`, two for `A+AAAA`. Every rule below holds per type, so both types of a name are
 * checked, planned and moved alike (and in the same batches).
 */
function perType<T extends { snapshot: RecordSet[]; record: RecordInput }>(input: T): T[] {
  return typesOf(input.record.type).map((type) => ({
    ...input,
    record: { ...input.record, type: type as RecordInput['type'] },
    snapshot: input.snapshot.filter((rs) => rs.Type === type),
  }));
}

function setIdOf(record: RecordInput, region: string): string {
  const id = record.setIdentifiers?.[region];
  if (!id) {
    throw new DrctlError(
      'CONFIG_INVALID',
      `record ${record.name} has no set identifier for region ${region}`,
      {
        source: 'user',
        hints: [`add ${region} under record.setIdentifiers in the config`],
      },
    );
  }
  return id;
}

/**
 * The configured record set must exist: drctl moves a record, it never creates one that
 * should be there (invariant 9). Without this, `type: AAAA` beside a zone holding only an
 * A record would create a new AAAA record and leave the A record on the dead region.
 * `zone` names the hosted zone in the sentence (its name, or its id).
 */
export function requireRecord(
  snapshot: RecordSet[],
  record: { name: string; type: string },
  zone: string,
): void {
  const type = missingType(snapshot, record);
  if (!type) return;
  throw new DrctlError('CONFIG_INVALID', missingRecordMessage({ name: record.name, type }, zone), {
    source: 'user',
    hints: [MISSING_RECORD_FIX],
  });
}

/** The first of the record's Route 53 types with no record set in `snapshot`. */
export function missingType(snapshot: RecordSet[], record: { type: string }): string | undefined {
  return typesOf(record.type).find((type) => !snapshot.some((rs) => rs.Type === type));
}

const LB_ALIAS = /\.elb\.amazonaws\.com(\.cn)?\.?$/i;

/**
 * `sets` holds both the A and the AAAA sets of the name. A name whose A and AAAA both alias
 * a load balancer must move both (`A+AAAA`, one batch): moving one would leave that
 * family's users on the old region. Refused before anything changes.
 */
export function refuseHalfMove(sets: RecordSet[], record: { name: string; type: string }): void {
  if (typesOf(record.type).length > 1) return;
  const other = record.type === 'A' ? 'AAAA' : 'A';
  if (!sets.some((rs) => rs.Type === other && LB_ALIAS.test(rs.AliasTarget?.DNSName ?? ''))) return;
  throw new DrctlError(
    'CONFIG_INVALID',
    `${record.name.replace(/\.$/, '')} has ${other} alias record sets to a load balancer as well as ${record.type}: moving only ${record.type} would leave ${other === 'AAAA' ? 'IPv6' : 'IPv4'} users on the old region`,
    { source: 'user', hints: ['set dns.record.type: A+AAAA so both move together, in one change batch'] },
  );
}

export function missingRecordMessage(record: { name: string; type: string }, zone: string): string {
  return `no ${record.type} record set named ${record.name} exists in ${zone}`;
}

export const MISSING_RECORD_FIX =
  'create the record (pointing at the primary ALB) or fix dns.record in the config: drctl never creates a record that should exist';

/**
 * The changes that turn `old` into `next`: DELETE of `old` exactly as it was read, then
 * CREATE of `next`; a CREATE alone when there was no such set; nothing when they are
 * equal. Not UPSERT: Route 53 refuses a DELETE whose values differ from the live set, so
 * if anyone changed the record after drctl read it, the whole batch fails and nothing is
 * overwritten (a fence, like the lock's, invariant 9).
 */
function replaceSet(
  old: RecordSet | undefined,
  next: RecordSet,
): { deletes: RecordChange[]; creates: RecordChange[] } {
  if (old && sameRecordSet(old, next)) return { deletes: [], creates: [] };
  return {
    deletes: old ? [{ Action: 'DELETE', ResourceRecordSet: old }] : [],
    creates: [{ Action: 'CREATE', ResourceRecordSet: next }],
  };
}

/** Deletes first: a DELETE and CREATE of the same set in one batch must come in that order. */
function batchOf(pairs: { deletes: RecordChange[]; creates: RecordChange[] }[]): RecordChange[] {
  return [...pairs.flatMap((p) => p.deletes), ...pairs.flatMap((p) => p.creates)];
}

/**
 * Rejects snapshots the config does not describe: exotic routing fields, records of
 * another policy, set identifiers the config does not know. Called at preflight so bad
 * config stops the run before any mutation.
 */
export function validateShape(snapshot: RecordSet[], record: RecordInput, from: string, to: string): void {
  for (const part of perType({ snapshot, record })) validateOne(part.snapshot, part.record, from, to);
}

function validateOne(snapshot: RecordSet[], record: RecordInput, from: string, to: string): void {
  const where = `${record.name} ${record.type}`;
  for (const rs of snapshot) {
    const exotic = EXOTIC_FIELDS.find((f) => rs[f] !== undefined);
    if (exotic) throw refuse(`${where} has a ${exotic} record set, which drctl does not manage`);
  }
  if (record.routing === 'simple') {
    if (snapshot.some((rs) => rs.SetIdentifier !== undefined) || snapshot.length > 1) {
      throw refuse(`${where} has routing-policy record sets but the config says simple`);
    }
    return;
  }
  const known = new Set([
    setIdOf(record, from),
    setIdOf(record, to),
    ...Object.values(record.setIdentifiers ?? {}),
  ]);
  const field = { failover: 'Failover', weighted: 'Weight', latency: 'Region' } as const;
  for (const rs of snapshot) {
    if (rs[field[record.routing]] === undefined) {
      throw refuse(`${where} set ${rs.SetIdentifier ?? '(none)'} is not a ${record.routing} record set`);
    }
    if (!rs.SetIdentifier || !known.has(rs.SetIdentifier)) {
      throw refuse(
        `${where} has set identifier ${rs.SetIdentifier ?? '(none)'} that the config does not name`,
        'list every set identifier of this record under record.setIdentifiers',
      );
    }
  }
}

/**
 * The region the record routes to now, when one region clearly serves: used at preflight
 * to end with `no-op` before deploying anything. Undefined when it cannot be told.
 */
export function servingRegion(snapshot: RecordSet[], record: RecordInput): string | undefined {
  const regions = new Set(perType({ snapshot, record }).map((p) => servingOne(p.snapshot, p.record)));
  // A and AAAA serving different regions: no one region serves.
  return regions.size === 1 ? [...regions][0] : undefined;
}

function servingOne(snapshot: RecordSet[], record: RecordInput): string | undefined {
  const regionOfId = (id?: string) =>
    Object.entries(record.setIdentifiers ?? {}).find(([, v]) => v === id)?.[0];
  switch (record.routing) {
    case 'simple':
      return snapshot[0]?.AliasTarget?.DNSName.toLowerCase().match(/\.([a-z]{2}(?:-[a-z]+)+-\d)\.elb\./)?.[1];
    case 'failover':
      return regionOfId(snapshot.find((rs) => rs.Failover === 'PRIMARY')?.SetIdentifier);
    case 'weighted': {
      const live = snapshot.filter((rs) => (rs.Weight ?? 0) > 0);
      return live.length === 1 ? regionOfId(live[0]?.SetIdentifier) : undefined;
    }
    case 'latency':
      return snapshot.length === 1 ? regionOfId(snapshot[0]?.SetIdentifier) : undefined;
  }
}

/**
 * The region a run moves traffic away from: the one serving now, as the live record sets
 * say, else the config's primary. Failing back (target = the config's primary) is then the
 * same operation as failing over, and summaries name the region that was really serving.
 */
export function sourceRegion(records: RecordSet[], record: RecordInput, primary: string, target: string) {
  const serving = servingRegion(records, record);
  if (serving) return serving;
  if (primary !== target) return primary;
  throw refuse(
    `drctl cannot tell which region serves ${record.name} ${record.type} now, so it cannot move it to ${target}`,
    'check it with drctl status; fail back by hand if the record points outside the configured regions',
  );
}

/** Whether the record already sends users to the new ALB (the run is then a no-op). */
export function alreadyRoutesTo(input: PlanInput): boolean {
  return perType(input).every(routesOne);
}

function routesOne(input: PlanInput): boolean {
  const { snapshot, record, alb, fromRegion, toRegion } = input;
  const target = snapshot.find((rs) => rs.SetIdentifier === record.setIdentifiers?.[toRegion]);
  switch (record.routing) {
    case 'simple':
      return namesAlb(snapshot[0], alb);
    case 'failover':
      return namesAlb(
        snapshot.find((rs) => rs.Failover === 'PRIMARY'),
        alb,
      );
    case 'weighted':
      // A target at weight 0 gets no traffic while any other set has weight (and only a
      // share when every set is at 0): it serves only with a weight of its own.
      return (
        namesAlb(target, alb) &&
        (target?.Weight ?? 0) > 0 &&
        snapshot.every((rs) => rs === target || rs.Weight === 0)
      );
    case 'latency':
      return (
        namesAlb(target, alb) &&
        !snapshot.some((rs) => rs.SetIdentifier === record.setIdentifiers?.[fromRegion])
      );
  }
}

/** The batches that move the record to the new ALB; refuses when nothing would change. */
export function planFlip(input: PlanInput, zone = 'the hosted zone'): PlannedBatch[] {
  const { record, fromRegion, toRegion } = input;
  if (fromRegion === toRegion) throw refuse(`the target region ${toRegion} is the region serving now`);
  requireRecord(input.snapshot, record, zone);
  validateShape(input.snapshot, record, fromRegion, toRegion);
  if (alreadyRoutesTo(input)) {
    throw refuse(`${input.record.name} already routes to ${normaliseLbDnsName(input.alb.dnsName)}`);
  }
  return mergeSteps(perType(input).map(planOne));
}

/**
 * One batch per step holding every type's changes: A and AAAA move together, atomically
 * (Route 53 applies a batch all or nothing), so no resolver sees them split across regions.
 */
function mergeSteps(parts: PlannedBatch[][]): PlannedBatch[] {
  return (parts[0] ?? []).map((first, i) => ({
    step: first.step,
    changes: parts.flatMap((p) => p[i]?.changes ?? []),
    expectNewAlbAnswer: parts.every((p) => p[i]?.expectNewAlbAnswer ?? false),
  }));
}

function planOne(input: PlanInput): PlannedBatch[] {
  const { record } = input;
  switch (record.routing) {
    case 'simple':
      return [planSimple(input)];
    case 'failover':
      return [planFailover(input)];
    case 'weighted':
      return planWeighted(input);
    case 'latency':
      return [planLatency(input)];
    default:
      throw refuse(`routing policy ${String((record as { routing: unknown }).routing)} is not supported`);
  }
}

function planSimple(input: PlanInput): PlannedBatch {
  const current = input.snapshot[0]!; // requireRecord: it exists
  return {
    step: 1,
    changes: batchOf([replaceSet(current, pointed(current, input.alb))]),
    expectNewAlbAnswer: true,
  };
}

/**
 * Route 53 allows one PRIMARY and one SECONDARY per name and type, so roles are swapped
 * with DELETE + CREATE of exact copies in one batch (UPSERTs could briefly describe two
 * PRIMARY sets, which Route 53 may reject depending on the order it validates them).
 */
function planFailover(input: PlanInput): PlannedBatch {
  const { snapshot, record, alb, toRegion } = input;
  const primary = snapshot.find((rs) => rs.Failover === 'PRIMARY');
  if (!primary) throw refuse(`${record.name} has no PRIMARY failover record set to take over`);
  const changes: RecordChange[] = [{ Action: 'DELETE', ResourceRecordSet: primary }];
  const targetId = setIdOf(record, toRegion);
  if ((record.failoverMode ?? 'swap') === 'repoint' || primary.SetIdentifier === targetId) {
    changes.push({ Action: 'CREATE', ResourceRecordSet: pointed(primary, alb) });
    return { step: 1, changes, expectNewAlbAnswer: true };
  }
  const targetOld = snapshot.find((rs) => rs.SetIdentifier === targetId);
  if (targetOld) changes.push({ Action: 'DELETE', ResourceRecordSet: targetOld });
  const base = targetOld ?? { Name: primary.Name, Type: primary.Type, SetIdentifier: targetId };
  changes.push({ Action: 'CREATE', ResourceRecordSet: pointed({ ...base, Failover: 'PRIMARY' }, alb) });
  changes.push({ Action: 'CREATE', ResourceRecordSet: { ...primary, Failover: 'SECONDARY' } });
  return { step: 1, changes, expectNewAlbAnswer: true };
}

function weightSteps(record: RecordInput): number[] {
  const steps = record.weightSteps?.length ? record.weightSteps : [100];
  const ascending = steps.every(
    (p, i) => Number.isInteger(p) && p > 0 && p <= 100 && (i === 0 || p > steps[i - 1]!),
  );
  if (!ascending || steps[steps.length - 1] !== 100) {
    throw new DrctlError(
      'CONFIG_INVALID',
      `weightSteps ${JSON.stringify(steps)} must rise from 1 to end at 100`,
      {
        source: 'user',
      },
    );
  }
  return steps;
}

/**
 * Each step gives the target `p` percent; the other sets share the rest in proportion to
 * their snapshot weights, so a third region keeps its relative share until the last step.
 */
function planWeighted(input: PlanInput): PlannedBatch[] {
  const { snapshot, record, alb, toRegion } = input;
  const targetId = setIdOf(record, toRegion);
  const targetOld = snapshot.find((rs) => rs.SetIdentifier === targetId);
  const others = snapshot.filter((rs) => rs !== targetOld);
  const sumOthers = others.reduce((n, rs) => n + (rs.Weight ?? 0), 0);
  const base = targetOld ?? {
    Name: snapshot[0]?.Name ?? fqdn(record.name),
    Type: record.type,
    SetIdentifier: targetId,
  };
  // Each step's DELETEs name the sets exactly as the step before left them.
  const live = new Map(snapshot.map((rs) => [recordKey(rs), rs]));
  return weightSteps(record).map((p, i) => {
    const next = [pointed({ ...base, Weight: p }, alb)];
    for (const rs of others) {
      const weight = sumOthers === 0 ? 0 : Math.round(((rs.Weight ?? 0) * (100 - p)) / sumOthers);
      next.push({ ...rs, Weight: weight });
    }
    const changes = batchOf(next.map((rs) => replaceSet(live.get(recordKey(rs)), rs)));
    for (const rs of next) live.set(recordKey(rs), rs);
    return { step: i + 1, changes, expectNewAlbAnswer: p === 100 };
  });
}

/** The failed region's latency record is withdrawn; the target's is created or re-pointed. */
function planLatency(input: PlanInput): PlannedBatch {
  const { snapshot, record, alb, fromRegion, toRegion } = input;
  const fromId = setIdOf(record, fromRegion);
  const targetId = setIdOf(record, toRegion);
  const failed = snapshot.find((rs) => rs.SetIdentifier === fromId);
  const targetOld = snapshot.find((rs) => rs.SetIdentifier === targetId);
  if (!failed) throw refuse(`${record.name} has no latency record for ${fromRegion} to withdraw`);
  const base = targetOld ?? {
    Name: failed.Name,
    Type: failed.Type,
    SetIdentifier: targetId,
    Region: toRegion,
  };
  const remaining = snapshot.length - 1 - (targetOld ? 1 : 0);
  return {
    step: 1,
    changes: batchOf([
      { deletes: [{ Action: 'DELETE', ResourceRecordSet: failed }], creates: [] },
      replaceSet(targetOld, pointed(base, alb)),
    ]),
    expectNewAlbAnswer: remaining === 0,
  };
}
