/**
 * A fake world for drills: the shared fake world (us-west-2 serves, us-east-1 is the
 * drill region) with the stacks renamed for drill `abc123`, their outputs naming a
 * retained bucket and KMS key, a drill record `dr-drill.example.com` that does not exist
 * yet, and a cleanup port. The probe through the drill record goes where Route 53 answers.
 */
import type { DrillInput, DrillPorts } from '../../../src/engine/drill/index.js';
import { FakeDrillCleanup } from '../../fakes/drill-cleanup.js';
import { recordCalls } from '../../fakes/recorder.js';
import { createWorld, inputFor, NEW_ALB_ARN } from '../../fakes/world.js';
import { FakeDatabase } from '../data/fakes.js';

export const ID = 'abc123';
export const NETWORK = `shop-drill-${ID}-network`;
export const ALB = `shop-drill-${ID}-alb`;
export const DRILL_RECORD = 'dr-drill.example.com';
export const BUCKET = `shop-d${ID}-prod-media-111122223333-us-east-1`;
export const KEY = 'arn:aws:kms:us-east-1:111122223333:key/drill-key';

export function drillWorld() {
  const w = createWorld('simple');
  w.stacks
    .script(NETWORK, { outputs: { VpcId: 'vpc-123', MediaBucketName: BUCKET, DataKeyArn: KEY } })
    .script(ALB, { outputs: { LoadBalancerArn: NEW_ALB_ARN } });
  const db = new FakeDatabase([], w.clock);
  const cleanup = new FakeDrillCleanup(db);
  // The blueprint retains these: they exist once the network stack does, and outlive it.
  const create = w.stacks.create.bind(w.stacks);
  w.stacks.create = async (region, spec) => {
    if (spec.name === NETWORK) {
      cleanup.buckets.add(BUCKET);
      cleanup.keys.set(KEY, 'Enabled');
      cleanup.resources.set(NETWORK, [
        { logicalId: 'Vpc', type: 'AWS::EC2::VPC', physicalId: 'vpc-123' },
        { logicalId: 'MediaBucket', type: 'AWS::S3::Bucket', physicalId: BUCKET },
        { logicalId: 'DataKey', type: 'AWS::KMS::Key', physicalId: KEY },
      ]);
    }
    return create(region, spec);
  };
  const ports: DrillPorts = { ...w.ports, db, cleanup: recordCalls(cleanup, 'cleanup', w.calls, w.timeline) };
  return { ...w, db, cleanup, ports };
}

export type DrillWorld = ReturnType<typeof drillWorld>;

export function drillInput(over: Partial<DrillInput> = {}): DrillInput {
  const base = inputFor('simple');
  const rename = (n: string) => n.replace(/^shop-/, `shop-drill-${ID}-`);
  return {
    drillId: ID,
    failover: {
      ...base,
      runId: `20260101-0000-us-east-1-drill-${ID}`,
      record: { name: DRILL_RECORD, type: 'A', routing: 'simple' },
      waves: base.waves.map((w) =>
        w.map((s) => ({
          ...s,
          name: rename(s.name),
          tags: { 'drctl:app': 'shop', 'drctl:drill': ID, 'drctl:stack': s.name.slice(5) },
          ...(s.parametersFrom
            ? {
                parametersFrom: Object.fromEntries(
                  Object.entries(s.parametersFrom).map(([k, r]) => [
                    k,
                    { ...r, fromStack: rename(r.fromStack) },
                  ]),
                ),
              }
            : {}),
        })),
      ),
      alb: { ...base.alb, stack: ALB },
    },
    dns: true,
    rtoTargetMs: 30 * 60_000,
    ...over,
  };
}

/** What is still there: live stacks, the drill record, buckets and keys not pending deletion. */
export function remains(w: DrillWorld): string[] {
  return [
    ...[...w.stacks.stacks.values()]
      .filter((s) => s.info.status !== 'DELETE_COMPLETE')
      .map((s) => `stack ${s.info.name}`),
    ...w.dns.sets.filter((rs) => rs.Name.startsWith('dr-drill')).map((rs) => `record ${rs.Name}`),
    ...[...w.cleanup.buckets].map((b) => `bucket ${b}`),
    ...[...w.cleanup.keys].filter(([, s]) => s !== 'PendingDeletion').map(([k]) => `key ${k}`),
    ...[...(w.db.snapshots.get('us-east-1') ?? [])].map((s) => `snapshot ${s.id}`),
  ];
}
