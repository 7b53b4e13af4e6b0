/**
 * DNS port: Route 53 as the engine sees it. Record sets keep Route 53's own field names
 * (PascalCase, as in the API and the AWS CLI's JSON) so a snapshot can be restored field
 * for field and printed as a change batch an operator can apply by hand.
 */

/** The Route 53 routing policies drctl moves a record under. */
export const ROUTING_POLICIES = ['simple', 'failover', 'weighted', 'latency'] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export const isRoutingPolicy = (v: string): v is RoutingPolicy => ROUTING_POLICIES.some((p) => p === v);

/**
 * The record types drctl moves (`dns.record.type`): an A alias, an AAAA alias, or both
 * (`A+AAAA`), which move together in one change batch, are verified together and are
 * restored together: a name whose A moved and AAAA did not sends IPv6 users elsewhere.
 */
export const RECORD_TYPES = ['A', 'AAAA', 'A+AAAA'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export type AliasType = 'A' | 'AAAA';

/** The Route 53 types behind a record type: `A+AAAA` is both; any other type is itself. */
export function typesOf(type: string): string[] {
  return type === 'A+AAAA' ? ['A', 'AAAA'] : [type];
}

export interface AliasTarget {
  HostedZoneId: string;
  DNSName: string;
  EvaluateTargetHealth: boolean;
}

interface ResourceRecord {
  Value: string;
}

/** One Route 53 resource record set, every routing-policy field preserved. */
export interface RecordSet {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Weight?: number;
  Region?: string;
  Failover?: 'PRIMARY' | 'SECONDARY';
  GeoLocation?: { ContinentCode?: string; CountryCode?: string; SubdivisionCode?: string };
  MultiValueAnswer?: boolean;
  TTL?: number;
  ResourceRecords?: ResourceRecord[];
  AliasTarget?: AliasTarget;
  HealthCheckId?: string;
  TrafficPolicyInstanceId?: string;
  CidrRoutingConfig?: { CollectionId: string; LocationName: string };
  GeoProximityLocation?: Record<string, unknown>;
}

type ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';

export interface RecordChange {
  Action: ChangeAction;
  ResourceRecordSet: RecordSet;
}

export interface HostedZone {
  /** Bare id, without the `/hostedzone/` prefix. */
  id: string;
  /** Fully qualified, with the trailing dot. */
  name: string;
  privateZone: boolean;
}

export type ChangeStatus = 'PENDING' | 'INSYNC';

export interface DnsAnswer {
  responseCode: string;
  /**
   * What Route 53's name servers answer, as `dig` shows it: the values of a record, and
   * for an alias its target's addresses (never the target's name).
   */
  records: string[];
}

export interface DnsPort {
  /** By id (with or without `/hostedzone/`) or by name (with or without trailing dot). */
  findHostedZone(idOrName: string): Promise<HostedZone>;
  /**
   * Every record set of exactly this name and type: all routing-policy variants. `A+AAAA`
   * lists both types' (A first), in one read.
   */
  listRecordSets(zoneId: string, name: string, type: string): Promise<RecordSet[]>;
  /** One atomic change batch; resolves with the change id to poll. */
  changeRecordSets(zoneId: string, changes: RecordChange[], comment: string): Promise<{ changeId: string }>;
  getChangeStatus(changeId: string): Promise<ChangeStatus>;
  /** Route 53's TestDNSAnswer; `undefined` when the endpoint does not offer it. */
  testDnsAnswer(zoneId: string, name: string, type: string): Promise<DnsAnswer | undefined>;
}
