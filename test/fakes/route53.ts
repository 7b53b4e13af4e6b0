/**
 * Fake Route 53, one hosted zone. Spec, as the real service behaves:
 * - a change batch is atomic: validated whole against a copy, applied all or nothing;
 * - CREATE of an existing set (name, type, set identifier) fails; DELETE must name an
 *   existing set with every field equal; UPSERT creates or replaces;
 * - afterwards at most one PRIMARY and one SECONDARY per name and type, and a set without
 *   a set identifier cannot sit beside sets with one; alias sets have no TTL;
 * - failures are `InvalidChangeBatch` errors; nothing is applied;
 * - a change is PENDING for `pendingPolls` GetChange calls, then INSYNC;
 * - TestDNSAnswer answers from the sets: simple → the one set; failover → PRIMARY unless
 *   its alias target is in `unhealthy`; weighted → the heaviest set; latency → the set of
 *   `resolverRegion`, else the first. An alias answers its target's addresses (from
 *   `resolver`), never the target's name, as AWS's TestDNSAnswer does.
 * Hooks: `failChangeNumber` (1-based) rejects that change; `failListCall` rejects that
 * ListResourceRecordSets call; `loseAnswerOfChange` (1-based) applies that change and then
 * throws InvalidChangeBatch, as the SDK's retry of a batch whose first answer was lost
 * does; `stuck` change ids stay PENDING; `answerOverride` replaces
 * TestDNSAnswer when it returns an answer; `testDnsAvailable = false` makes it undefined.
 */
import {
  type ChangeStatus,
  type DnsAnswer,
  type DnsPort,
  type HostedZone,
  type RecordChange,
  type RecordSet,
  typesOf,
} from '../../src/ports/dns.js';
import { normaliseLbDnsName } from '../../src/ports/load-balancers.js';
import { FakeResolver } from './resolver.js';

const key = (rs: RecordSet) =>
  `${rs.Name.toLowerCase().replace(/\.$/, '')}|${rs.Type}|${rs.SetIdentifier ?? ''}`;
const sameName = (a: string, b: string) =>
  a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );

function invalid(message: string): Error {
  return Object.assign(new Error(message), { name: 'InvalidChangeBatch' });
}

export interface ChangeLogEntry {
  changeId: string;
  comment: string;
  changes: RecordChange[];
  /** Position on the shared timeline when it was applied. */
  seq: number;
}

export class FakeRoute53 implements DnsPort {
  readonly zone: HostedZone = { id: 'ZFAKE', name: 'example.com.', privateZone: false };
  sets: RecordSet[] = [];
  changeLog: ChangeLogEntry[] = [];
  pendingPolls = 1;
  stuck = new Set<string>();
  unhealthy = new Set<string>();
  resolverRegion: string | undefined;
  /** What alias targets resolve to; share it with the engine's resolver port. */
  resolver = new FakeResolver();
  failChangeNumber: number | undefined;
  failListCall: number | undefined;
  loseAnswerOfChange: number | undefined;
  answerOverride: ((name: string, type: string) => DnsAnswer | undefined) | undefined;
  testDnsAvailable = true;
  private polls = new Map<string, number>();
  private changes = 0;
  private lists = 0;

  constructor(
    readonly timeline: string[] = [],
    seed: RecordSet[] = [],
  ) {
    this.sets = clone(seed);
  }

  async findHostedZone(): Promise<HostedZone> {
    return this.zone;
  }

  async listRecordSets(_zone: string, name: string, type: string): Promise<RecordSet[]> {
    if (++this.lists === this.failListCall)
      throw Object.assign(new Error('Rate exceeded'), { name: 'ServiceUnavailable' });
    const types = typesOf(type);
    return clone(
      this.sets
        .filter((rs) => sameName(rs.Name, name) && types.includes(rs.Type))
        .sort((a, b) => types.indexOf(a.Type) - types.indexOf(b.Type)),
    );
  }

  async changeRecordSets(
    _zone: string,
    changes: RecordChange[],
    comment: string,
  ): Promise<{ changeId: string }> {
    if (++this.changes === this.failChangeNumber)
      throw invalid(`change ${this.changes} rejected by the test`);
    const next = new Map(this.sets.map((rs) => [key(rs), rs]));
    for (const { Action, ResourceRecordSet: rs } of clone(changes)) {
      const k = key(rs);
      const have = next.get(k);
      if (Action === 'CREATE' && have)
        throw invalid(`Tried to create resource record set [${k}] but it already exists`);
      if (Action === 'DELETE' && !have)
        throw invalid(`Tried to delete resource record set [${k}] but it was not found`);
      if (Action === 'DELETE' && canonical(have) !== canonical(rs)) {
        throw invalid(
          `Tried to delete resource record set [${k}] but the values provided do not match the current values`,
        );
      }
      if (rs.AliasTarget && (rs.TTL !== undefined || rs.ResourceRecords))
        throw invalid(`alias ${k} cannot have a TTL`);
      if (Action === 'DELETE') next.delete(k);
      else next.set(k, rs);
    }
    this.checkInvariants([...next.values()]);
    this.sets = [...next.values()];
    const changeId = `C${this.changes}`;
    this.timeline.push(`dns-change ${changeId}`);
    this.changeLog.push({ changeId, comment, changes: clone(changes), seq: this.timeline.length - 1 });
    this.polls.set(changeId, 0);
    if (this.changes === this.loseAnswerOfChange)
      throw invalid(`Tried to create resource record set but it already exists (retry of ${changeId})`);
    return { changeId };
  }

  private checkInvariants(sets: RecordSet[]): void {
    const groups = new Map<string, RecordSet[]>();
    for (const rs of sets) {
      const g = `${rs.Name.toLowerCase()}|${rs.Type}`;
      groups.set(g, [...(groups.get(g) ?? []), rs]);
    }
    for (const [g, list] of groups) {
      for (const role of ['PRIMARY', 'SECONDARY']) {
        if (list.filter((rs) => rs.Failover === role).length > 1)
          throw invalid(`${g} would have two ${role} sets`);
      }
      const plain = list.filter((rs) => rs.SetIdentifier === undefined).length;
      if (plain > 0 && list.length > 1) throw invalid(`${g} mixes a simple set with routing-policy sets`);
    }
  }

  async getChangeStatus(changeId: string): Promise<ChangeStatus> {
    const n = this.polls.get(changeId);
    if (n === undefined) throw Object.assign(new Error(`no change ${changeId}`), { name: 'NoSuchChange' });
    this.polls.set(changeId, n + 1);
    return n + 1 > this.pendingPolls && !this.stuck.has(changeId) ? 'INSYNC' : 'PENDING';
  }

  async testDnsAnswer(_zone: string, name: string, type: string): Promise<DnsAnswer | undefined> {
    if (!this.testDnsAvailable) return undefined;
    const override = this.answerOverride?.(name, type);
    if (override) return override;
    const values = this.answerFor(name, type);
    return { responseCode: values.length ? 'NOERROR' : 'NXDOMAIN', records: values };
  }

  /** What a resolver would get now (also used by the fake probe to go "through DNS"). */
  answerFor(name: string, type: string): string[] {
    const sets = this.sets.filter((rs) => sameName(rs.Name, name) && rs.Type === type);
    const pick =
      sets.find((rs) => rs.Failover === 'PRIMARY' && !this.isUnhealthy(rs)) ??
      sets.find((rs) => rs.Failover === 'SECONDARY') ??
      sets.find((rs) => rs.Region !== undefined && rs.Region === this.resolverRegion) ??
      [...sets].sort((a, b) => (b.Weight ?? 0) - (a.Weight ?? 0))[0];
    if (!pick) return [];
    if (!pick.AliasTarget) return (pick.ResourceRecords ?? []).map((r) => r.Value);
    return this.resolver.addressesOf(pick.AliasTarget.DNSName, type === 'AAAA' ? 'AAAA' : 'A');
  }

  private isUnhealthy(rs: RecordSet): boolean {
    return rs.AliasTarget !== undefined && this.unhealthy.has(normaliseLbDnsName(rs.AliasTarget.DNSName));
  }
}
