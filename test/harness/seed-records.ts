/** The www.example.com record set variants the seed writes, per routing policy. */
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';

export type Routing = 'simple' | 'failover' | 'weighted' | 'latency';

/** What a record needs to know about an ALB to alias it. */
export interface AliasableAlb {
  region: string;
  dnsName: string;
  canonicalHostedZoneId: string;
}

const RECORD = 'www.example.com.';

function alias(alb: AliasableAlb): ResourceRecordSet['AliasTarget'] {
  return {
    HostedZoneId: alb.canonicalHostedZoneId,
    DNSName: `dualstack.${alb.dnsName}.`,
    EvaluateTargetHealth: true,
  };
}

/** The record set variants for a routing policy: primary first, then the DR side. */
export function recordSetsFor(
  routing: Routing,
  primary: AliasableAlb,
  standby?: AliasableAlb,
): ResourceRecordSet[] {
  const base = { Name: RECORD, Type: 'A' as const };
  if (routing === 'simple') return [{ ...base, AliasTarget: alias(primary) }];
  if (!standby) throw new Error(`routing ${routing} needs a standby ALB`);
  const sides: [AliasableAlb, Partial<ResourceRecordSet>][] =
    routing === 'failover'
      ? [
          [primary, { Failover: 'PRIMARY' }],
          [standby, { Failover: 'SECONDARY' }],
        ]
      : routing === 'weighted'
        ? [
            [primary, { Weight: 100 }],
            [standby, { Weight: 0 }],
          ]
        : [
            [primary, { Region: primary.region as ResourceRecordSet['Region'] }],
            [standby, { Region: standby.region as ResourceRecordSet['Region'] }],
          ];
  return sides.map(([alb, extra]) => ({
    ...base,
    SetIdentifier: alb.region,
    ...extra,
    AliasTarget: alias(alb),
  }));
}
