/**
 * The failover a team would script by hand with the AWS CLI: recover the data, then every
 * stack one after another (`create-stack` + `wait stack-create-complete`), then
 * `elbv2 wait target-in-service`, a curl loop, `change-resource-record-sets` +
 * `route53 wait resource-record-sets-changed`, a curl loop. Waiters poll as botocore's
 * waiters-2.json says: a first call at once, then a fixed delay (CloudFormation 30 s,
 * Route 53 30 s, ELBv2 15 s, RDS 30 s), no jitter. Existing stacks (pilot light) are
 * skipped, which flatters the script: it would at least have to ask for a change set.
 */
import { stackName } from '../../src/templates/manifest.js';
import type { Scenario } from './scenario.js';
import { NEW_ALB_DNS, TG_ARN } from './timed-aws.js';
import { APP, blueprint, ENV, PRIMARY, TARGET, type World } from './world.js';

/** botocore waiter semantics: call, and if not done, sleep `delaySeconds`; give up after `maxAttempts`. */
async function waiter(w: World, delaySeconds: number, maxAttempts: number, done: () => Promise<boolean>) {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (await done()) return;
    if (attempt < maxAttempts) await w.clock.sleep(delaySeconds * 1000);
  }
  throw new Error(`waiter gave up after ${maxAttempts} attempts`);
}

/** Runs the script; resolves with the number of `aws` invocations. */
export async function runBaselineScript(s: Scenario, w: World, cliStartSeconds: number): Promise<number> {
  let invocations = 0;
  const aws = async () => {
    invocations++;
    if (cliStartSeconds > 0) await w.clock.sleep(cliStartSeconds * 1000);
  };
  // Data first: the script knows nothing of running it beside the network.
  if (s.data.strategy === 'snapshot') {
    await aws();
    const inTarget = await w.db.listClusterSnapshots(TARGET, 'shop-prod');
    if (inTarget.length === 0) {
      const [source] = await w.db.listClusterSnapshots(PRIMARY, 'shop-prod');
      await aws();
      const copy = await w.db.copyClusterSnapshot({
        sourceArn: source!.arn,
        targetRegion: TARGET,
        targetId: 'copy',
      });
      await aws();
      await waiter(
        w,
        30,
        60,
        async () => (await w.db.describeClusterSnapshot(TARGET, copy.id))?.status === 'available',
      );
    }
  } else {
    const gid = 'shop-global';
    await aws();
    const g = await w.db.describeGlobalCluster(TARGET, gid);
    const target = g?.members.find((m) => m.region === TARGET)?.clusterArn ?? '';
    await aws();
    await w.db.switchoverGlobalCluster(TARGET, gid, target);
    // No CLI waiter exists for a global switchover: a `sleep 30` loop around describe-global-clusters.
    await waiter(w, 30, 90, async () => {
      await aws();
      const now = await w.db.describeGlobalCluster(TARGET, gid);
      return now?.members.find((m) => m.isWriter)?.clusterArn === target && !now.failover;
    });
  }
  const specs = new Map(w.input.waves.flat().map((x) => [x.name, x]));
  for (const key of Object.keys(blueprint().stacks)) {
    const st = s.stacks[key]!;
    if (st.exists && Object.keys(st.resources).length === 0) continue;
    const name = stackName(APP, ENV, key);
    const spec = { name, templateBody: specs.get(name)!.templateBody, parameters: {}, tags: {} };
    await aws();
    if (st.exists) await w.stacks.update(TARGET, spec);
    else await w.stacks.create(TARGET, spec);
    await aws();
    await waiter(
      w,
      30,
      120,
      async () => !(await w.stacks.describe(TARGET, name))?.status.endsWith('_IN_PROGRESS'),
    );
  }
  await aws();
  await waiter(w, 15, 40, async () =>
    (await w.ports.lbs.targetHealth(TARGET, TG_ARN)).every((t) => t.state === 'healthy'),
  );
  await curlLoop(s, w, NEW_ALB_DNS);
  await aws();
  const { changeId } = await w.dns.changeRecordSets(
    'ZFAKE',
    [
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          ...w.dns.sets[0]!,
          AliasTarget: {
            HostedZoneId: 'Z35SXDOTRQ7X7K',
            DNSName: `dualstack.${NEW_ALB_DNS}.`,
            EvaluateTargetHealth: true,
          },
        },
      },
    ],
    'by hand',
  );
  await aws();
  await waiter(w, 30, 60, async () => (await w.dns.getChangeStatus(changeId)) === 'INSYNC');
  await curlLoop(s, w);
  return invocations;
}

/** The same proof drctl asks for: n successes in a row, `intervalSeconds` apart. */
async function curlLoop(s: Scenario, w: World, connectHost?: string): Promise<void> {
  let inRow = 0;
  const started = w.clock.now();
  while (inRow < s.verification.consecutiveSuccesses) {
    const r = await w.probe.probe(
      {
        hostname: 'www.example.com',
        path: '/healthz',
        timeoutMs: 5000,
        ...(connectHost ? { connectHost } : {}),
      },
      200,
    );
    inRow = r.ok ? inRow + 1 : 0;
    if (inRow < s.verification.consecutiveSuccesses)
      await w.clock.sleep(s.verification.intervalSeconds * 1000);
    if (w.clock.now() - started > 3_600_000) throw new Error('the application never answered');
  }
}
