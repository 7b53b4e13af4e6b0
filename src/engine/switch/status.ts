/**
 * `drctl status` in a switch mode: where traffic goes as the data plane says it, from the
 * controls' states and the zone's authoritative answer (matched to a region's ALB by its
 * addresses), so it answers while Route 53's control plane does not.
 */
import type { AuthoritativeDnsPort } from '../../ports/authoritative-dns.js';
import { type LoadBalancer, normaliseLbDnsName } from '../../ports/load-balancers.js';
import type { ResolverPort } from '../../ports/resolver.js';
import type { SwitchState, TrafficSwitchPort } from '../../ports/traffic-switch.js';
import { servingOf } from './controls.js';

export interface SwitchStatusInput {
  kind: 'arc' | 's3-object';
  regions: string[];
  recordName: string;
  recordType: 'A' | 'AAAA';
  zoneName: string;
  /** Default: the zone's NS. */
  nameServers?: string[];
}

export interface SwitchStatusPorts {
  switch: TrafficSwitchPort;
  authDns: AuthoritativeDnsPort;
  resolver: ResolverPort;
}

export interface SwitchStatus {
  kind: 'arc' | 's3-object';
  controls?: Record<string, SwitchState>;
  controlsError?: string;
  /** The one region whose control is On. */
  controlsServe?: string;
  /** What the authoritative servers answer now (every server once). */
  answer?: { servers: string[]; addresses: string[] };
  answerError?: string;
  /** The region whose ALB owns the answered addresses. */
  answerServes?: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function switchStatus(
  input: SwitchStatusInput,
  ports: SwitchStatusPorts,
  loadBalancers: LoadBalancer[],
): Promise<SwitchStatus> {
  const out: SwitchStatus = { kind: input.kind };
  try {
    out.controls = await ports.switch.read(input.regions);
    const serving = servingOf(out.controls);
    if (serving) out.controlsServe = serving;
  } catch (e) {
    out.controlsError = message(e);
  }
  try {
    const servers = input.nameServers?.length
      ? input.nameServers
      : await ports.authDns.nameServers(input.zoneName);
    const answers = await ports.authDns.query(input.recordName, input.recordType, servers, 1);
    const addresses = [...new Set(answers.flatMap((a) => a.addresses))].sort();
    out.answer = { servers, addresses };
    for (const lb of loadBalancers.filter((l) => input.regions.includes(l.region))) {
      const own = await ports.resolver
        .resolve(normaliseLbDnsName(lb.dnsName), input.recordType)
        .catch((): string[] => []);
      if (addresses.length && addresses.every((a) => own.includes(a))) {
        out.answerServes = lb.region;
        break;
      }
    }
  } catch (e) {
    out.answerError = message(e);
  }
  return out;
}
