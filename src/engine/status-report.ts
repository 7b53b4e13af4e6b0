/**
 * `drctl status` as data: where the record set points, which region's ALB serves each
 * variant, drctl's stacks per region, and the latest run. Read-only, and tolerant: a
 * region that does not answer (the outage drctl exists for) is reported, not fatal.
 */
import type { DnsPort, HostedZone, RecordSet } from '../ports/dns.js';
import type { JournalPort, RunSummary } from '../ports/journal.js';
import { type LoadBalancer, type LoadBalancerPort, normaliseLbDnsName } from '../ports/load-balancers.js';
import type { LockHolder, LockPort } from '../ports/lock.js';
import type { StackInfo, StackPort } from '../ports/stacks.js';
import { lockKeyFor } from './input.js';
import {
  type SwitchStatus,
  type SwitchStatusInput,
  type SwitchStatusPorts,
  switchStatus,
} from './switch/status.js';

export interface StatusInput {
  app: string;
  hostedZone: string;
  recordName: string;
  recordType: string;
  /** Primary first, then the targets. */
  regions: string[];
  /** Now, ms since the epoch, for the lock's age. Default: `Date.now()`. */
  now?: number;
  /** A switch mode: serving is read from the data plane. Default: records mode. */
  switch?: SwitchStatusInput & { controlPlane: 'use' | 'avoid' };
}

export interface StatusPorts {
  dns: DnsPort;
  loadBalancers: LoadBalancerPort;
  stacks: StackPort;
  journal?: JournalPort;
  /** The record's lock in the zone found (read only). Default: the lock is not shown. */
  lockIn?: (zoneId: string) => LockPort;
  /** Needed with `input.switch`. */
  dataPlane?: SwitchStatusPorts;
}

interface RecordTarget {
  recordSet: RecordSet;
  /** `simple`, `failover PRIMARY`, `weighted 100`, `latency us-east-1`... */
  routing: string;
  /** Alias DNS name or the record's values. */
  target: string;
  /** The ALB this variant points at, when it is one drctl can see in a configured region. */
  loadBalancer?: Pick<LoadBalancer, 'name' | 'region' | 'state' | 'arn'>;
  /** Does this variant receive traffic (weight > 0, PRIMARY, simple, latency)? */
  serving: boolean;
}

type RegionResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface StatusReport {
  zone: HostedZone;
  recordName: string;
  recordType: string;
  records: RecordTarget[];
  /** Regions whose ALBs receive traffic now, in record order. */
  servingRegions: string[];
  /** Variants pointing somewhere drctl cannot match to a configured region's ALB. */
  unmatchedTargets: string[];
  loadBalancers: Record<string, RegionResult<number>>;
  stacks: Record<string, RegionResult<StackInfo[]>>;
  latestRun?: RunSummary;
  /** The lock on the record, when a run holds it: who, since when, how long. */
  lock?: LockHolder & { key: string; ageMs: number };
  /** The lock could not be read (it is reported, status still answers). */
  lockError?: string;
  /** Journaled runs with no end: resume or roll back (close) each. */
  unfinishedRuns: RunSummary[];
  /** A switch mode: the controls and the authoritative answer (then `servingRegions` comes from them). */
  dataPlane?: SwitchStatus;
}

function routingOf(r: RecordSet): string {
  if (r.Failover) return `failover ${r.Failover}`;
  if (r.Weight !== undefined) return `weighted ${r.Weight}`;
  if (r.Region) return `latency ${r.Region}`;
  if (r.GeoLocation) return 'geolocation';
  if (r.MultiValueAnswer) return 'multivalue';
  return 'simple';
}

function isServing(r: RecordSet): boolean {
  if (r.Failover) return r.Failover === 'PRIMARY';
  if (r.Weight !== undefined) return r.Weight > 0;
  return true;
}

async function settle<T>(p: Promise<T>): Promise<RegionResult<T>> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export async function buildStatus(input: StatusInput, ports: StatusPorts): Promise<StatusReport> {
  // With controlPlane avoid, the zone is taken as configured and no record set is read.
  const avoid = input.switch?.controlPlane === 'avoid';
  const zone = avoid
    ? { id: input.hostedZone, name: input.switch!.zoneName, privateZone: false }
    : await ports.dns.findHostedZone(input.hostedZone);
  const key = lockKeyFor(zone.id, input.recordName, input.recordType);
  const [sets, lbResults, stackResults, runs, lock] = await Promise.all([
    avoid ? Promise.resolve([]) : ports.dns.listRecordSets(zone.id, input.recordName, input.recordType),
    Promise.all(input.regions.map((r) => settle(ports.loadBalancers.list(r)))),
    Promise.all(input.regions.map((r) => settle(ports.stacks.listByApp(r, input.app)))),
    ports.journal ? ports.journal.list().catch(() => []) : Promise.resolve([]),
    ports.lockIn ? settle(ports.lockIn(zone.id).read(key)) : Promise.resolve(undefined),
  ]);

  const byDns = new Map<string, LoadBalancer>();
  for (const res of lbResults)
    if (res.ok) for (const lb of res.value) byDns.set(normaliseLbDnsName(lb.dnsName), lb);

  const records: RecordTarget[] = sets.map((rs) => {
    const alias = rs.AliasTarget?.DNSName;
    const target = alias ?? (rs.ResourceRecords ?? []).map((v) => v.Value).join(', ');
    const lb = alias ? byDns.get(normaliseLbDnsName(alias)) : undefined;
    return {
      recordSet: rs,
      routing: routingOf(rs),
      target,
      ...(lb ? { loadBalancer: { name: lb.name, region: lb.region, state: lb.state, arn: lb.arn } } : {}),
      serving: isServing(rs),
    };
  });

  const servingRegions: string[] = [];
  for (const r of records) {
    const region = r.loadBalancer?.region;
    if (r.serving && region && !servingRegions.includes(region)) servingRegions.push(region);
  }

  const report: StatusReport = {
    zone,
    recordName: input.recordName,
    recordType: input.recordType,
    records,
    servingRegions,
    unmatchedTargets: records.filter((r) => !r.loadBalancer).map((r) => r.target),
    // A damaged journal cannot be resumed either; `runs` shows it.
    unfinishedRuns: runs.filter((r) => !r.outcome && r.lastKind !== 'damaged'),
    loadBalancers: Object.fromEntries(
      input.regions.map((r, i) => {
        const res = lbResults[i]!;
        return [r, res.ok ? { ok: true, value: res.value.length } : res];
      }),
    ),
    // Parameters are left out: status is pasted into chats and tickets, and a parameter
    // value is the one field of a stack that can be a secret (AWS masks NoEcho ones, but
    // other tools and emulators may not).
    stacks: Object.fromEntries(
      input.regions.map((r, i) => {
        const res = stackResults[i]!;
        return [
          r,
          res.ok
            ? {
                ok: true,
                value: res.value.map(({ parameters: _p, ...rest }) => ({ ...rest, parameters: {} })),
              }
            : res,
        ];
      }),
    ),
  };
  if (input.switch && ports.dataPlane) {
    const lbs = lbResults.flatMap((r) => (r.ok ? r.value : []));
    const dp = await switchStatus(input.switch, ports.dataPlane, lbs);
    report.dataPlane = dp;
    const region = dp.answerServes ?? dp.controlsServe;
    report.servingRegions = region ? [region] : [];
  }
  const latest = runs[0];
  if (latest) report.latestRun = latest;
  if (lock && !lock.ok) report.lockError = lock.error;
  if (lock?.ok && lock.value) {
    const since = Date.parse(lock.value.startedAt);
    const ageMs = Number.isNaN(since) ? 0 : Math.max(0, (input.now ?? Date.now()) - since);
    report.lock = { ...lock.value, key, ageMs };
  }
  return report;
}
