/** DnsPort on Route 53. */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { DrctlError } from '../errors.js';
import {
  type ChangeStatus,
  type DnsAnswer,
  type DnsPort,
  type HostedZone,
  type RecordChange,
  type RecordSet,
  typesOf,
} from '../ports/dns.js';
import { callAws } from './call.js';
import type { ClientFactory } from './clients.js';

const fqdn = (n: string) => (n.endsWith('.') ? n : `${n}.`).toLowerCase();
const bareZoneId = (id: string) => id.replace(/^\/hostedzone\//, '');

/**
 * Route 53 returns `*` and some characters as octal escapes (`\052`); compare names in
 * that form so a wildcard or odd label still matches what the config says.
 */
function unescapeName(n: string): string {
  return n.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

/** SDK shape -> port shape: same field names, undefined fields dropped, so snapshots compare exactly. */
export function toRecordSet(r: ResourceRecordSet): RecordSet {
  const rs = JSON.parse(JSON.stringify({ ...r, Name: unescapeName(r.Name ?? '') })) as RecordSet;
  // An alias record has no TTL (Route 53 rejects a change that gives it one). Some
  // endpoints report one anyway (moto says 0); keeping it would make a snapshot that
  // cannot be restored and that never equals the record drctl itself wrote.
  if (rs.AliasTarget) delete rs.TTL;
  return rs;
}

export class Route53Dns implements DnsPort {
  constructor(private readonly clients: ClientFactory) {}

  async findHostedZone(idOrName: string): Promise<HostedZone> {
    if (/^(\/hostedzone\/)?Z[A-Z0-9]+$/.test(idOrName)) {
      const id = bareZoneId(idOrName);
      const out = await callAws(
        `Route 53 GetHostedZone ${id}`,
        () => this.clients.route53().send(new GetHostedZoneCommand({ Id: id })),
        this.clients.retry,
      ).catch((e: DrctlError) => {
        if (String((e.cause as { name?: string })?.name) === 'NoSuchHostedZone') {
          throw new DrctlError('NOT_FOUND', `Hosted zone ${id} does not exist in this account.`, {
            source: 'user',
          });
        }
        throw e;
      });
      const z = out.HostedZone!;
      return { id: bareZoneId(z.Id!), name: z.Name!, privateZone: Boolean(z.Config?.PrivateZone) };
    }
    const name = fqdn(idOrName);
    const out = await callAws(
      `Route 53 ListHostedZonesByName ${name}`,
      () => this.clients.route53().send(new ListHostedZonesByNameCommand({ DNSName: name, MaxItems: 100 })),
      this.clients.retry,
    );
    const matches = (out.HostedZones ?? []).filter((z) => fqdn(z.Name ?? '') === name);
    const publicZones = matches.filter((z) => !z.Config?.PrivateZone);
    if (matches.length === 0) {
      throw new DrctlError('NOT_FOUND', `No hosted zone named ${name} in this account.`, {
        source: 'user',
        hints: ['Check dns.hostedZone in the config, or give the zone id (Z...).'],
      });
    }
    if (publicZones.length > 1 || (publicZones.length === 0 && matches.length > 1)) {
      throw new DrctlError(
        'USAGE',
        `${matches.length} hosted zones are named ${name}; set dns.hostedZone to the id of the one to change (${matches.map((z) => bareZoneId(z.Id!)).join(', ')}).`,
        { source: 'user' },
      );
    }
    const z = publicZones[0] ?? matches[0]!;
    return { id: bareZoneId(z.Id!), name: z.Name!, privateZone: Boolean(z.Config?.PrivateZone) };
  }

  async listRecordSets(zoneId: string, name: string, type: string): Promise<RecordSet[]> {
    const want = fqdn(name);
    const found: RecordSet[] = [];
    const types = typesOf(type);
    let start: { name?: string; type?: string; id?: string } = { name: want, type: types[0] };
    // Record sets are listed in name/type order from the start point; stop once past ours
    // (for `A+AAAA`, once past the name: the other types of the name are skipped).
    for (let page = 0; page < 1000; page++) {
      const out = await callAws(
        `Route 53 ListResourceRecordSets ${want} ${type}`,
        () =>
          this.clients.route53().send(
            new ListResourceRecordSetsCommand({
              HostedZoneId: zoneId,
              StartRecordName: start.name,
              StartRecordType: start.type as never,
              StartRecordIdentifier: start.id,
            }),
          ),
        this.clients.retry,
      );
      for (const r of out.ResourceRecordSets ?? []) {
        const rs = toRecordSet(r);
        if (fqdn(rs.Name) !== want || (types.length === 1 && rs.Type !== type)) return found;
        if (types.includes(rs.Type)) found.push(rs);
      }
      if (!out.IsTruncated) return found;
      start = { name: out.NextRecordName, type: out.NextRecordType, id: out.NextRecordIdentifier };
    }
    throw new DrctlError(
      'INTERNAL',
      `Route 53 kept paging record sets of ${want}; stopped after 1000 pages.`,
    );
  }

  async changeRecordSets(
    zoneId: string,
    changes: RecordChange[],
    comment: string,
  ): Promise<{ changeId: string }> {
    const out = await callAws(
      `Route 53 ChangeResourceRecordSets in ${zoneId}`,
      () =>
        this.clients.route53().send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            ChangeBatch: { Comment: comment, Changes: changes as never },
          }),
        ),
      this.clients.retry,
    );
    return { changeId: bareChangeId(out.ChangeInfo!.Id!) };
  }

  async getChangeStatus(changeId: string): Promise<ChangeStatus> {
    const out = await callAws(
      `Route 53 GetChange ${changeId}`,
      () => this.clients.route53().send(new GetChangeCommand({ Id: changeId })),
      this.clients.retry,
    );
    return out.ChangeInfo?.Status === 'INSYNC' ? 'INSYNC' : 'PENDING';
  }

  async testDnsAnswer(zoneId: string, name: string, type: string): Promise<DnsAnswer | undefined> {
    try {
      const out = await callAws(
        `Route 53 TestDNSAnswer ${name} ${type}`,
        () =>
          this.clients.route53().send(
            new TestDNSAnswerCommand({
              HostedZoneId: zoneId,
              RecordName: fqdn(name),
              RecordType: type as never,
            }),
          ),
        this.clients.retry,
      );
      return { responseCode: out.ResponseCode ?? 'UNKNOWN', records: out.RecordData ?? [] };
    } catch (e) {
      // Endpoints without TestDNSAnswer (some emulators) answer 404/501: report "not available".
      const status = ((e as DrctlError).cause as { $metadata?: { httpStatusCode?: number } })?.$metadata
        ?.httpStatusCode;
      if (status === 404 || status === 501) return undefined;
      throw e;
    }
  }
}

function bareChangeId(id: string): string {
  return id.replace(/^\/change\//, '');
}
