/**
 * The zone as Route 53 (the emulator) holds it, read directly, never through the fault
 * proxy: what a case asserts on must not be faulted itself.
 */
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { clientConfig } from '../harness/aws-clients.js';
import type { World } from '../harness/seed.js';

const LOCK = '_drctl-lock.www.example.com.';

async function withRoute53<T>(endpoint: string, fn: (r53: Route53Client) => Promise<T>): Promise<T> {
  const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
  try {
    return await fn(r53);
  } finally {
    r53.destroy();
  }
}

/** Every record set of the zone, in Route 53's order. */
function zoneRecords(endpoint: string, zoneId: string): Promise<ResourceRecordSet[]> {
  return withRoute53(endpoint, async (r53) => {
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    return out.ResourceRecordSets ?? [];
  });
}

/** The record drctl moves (every variant), byte for byte as listed. */
export async function recordJson(endpoint: string, world: World): Promise<string> {
  const all = await zoneRecords(endpoint, world.hostedZoneId);
  return JSON.stringify(all.filter((r) => r.Name === world.recordName && r.Type === 'A'));
}

export async function lockRecord(endpoint: string, world: World): Promise<ResourceRecordSet | undefined> {
  const all = await zoneRecords(endpoint, world.hostedZoneId);
  return all.find((r) => r.Name === LOCK);
}

/** Puts www.example.com back as seeded and removes any lock left behind. */
export async function restoreRecords(endpoint: string, world: World): Promise<void> {
  const all = await zoneRecords(endpoint, world.hostedZoneId);
  const stale = all.filter((r) => r.Name === LOCK || (r.Name === world.recordName && r.Type === 'A'));
  const changes = [
    ...stale.map((r) => ({ Action: 'DELETE' as const, ResourceRecordSet: r })),
    ...world.recordSets.map((r) => ({ Action: 'CREATE' as const, ResourceRecordSet: r })),
  ];
  await withRoute53(endpoint, (r53) =>
    r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: world.hostedZoneId,
        ChangeBatch: { Comment: 'drctl fault matrix: back to the seed', Changes: changes },
      }),
    ),
  );
}
