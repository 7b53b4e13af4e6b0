/**
 * The main job through the real CLI process against the emulator: a full failover, a
 * failed verification rolled back to byte-identical record sets, a concurrent run refused
 * by the lock, and runs killed with SIGKILL then resumed or rolled back by run id.
 */
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it } from 'vitest';
import { clientConfig } from '../harness/aws-clients.js';
import {
  type FailoverWorld,
  type FailoverWorldOptions,
  startFailoverWorld,
} from '../harness/failover-world.js';
import { runCli } from '../helpers/run-cli.js';
import { LiveCli } from '../helpers/spawn-cli.js';

let w: FailoverWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

async function world(options: FailoverWorldOptions = {}): Promise<FailoverWorld> {
  w = await startFailoverWorld(options);
  return w;
}

/** The zone's record sets exactly as Route 53 returns them (the lock's TXT left out). */
async function recordSets(fw: FailoverWorld): Promise<string> {
  const r53 = new Route53Client(clientConfig(fw.emulator.endpoint, 'us-east-1'));
  const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: fw.world.hostedZoneId }));
  r53.destroy();
  return JSON.stringify((out.ResourceRecordSets ?? []).filter((r) => !r.Name?.startsWith('_drctl-lock.')));
}

/** Waits for drctl's new ALB in us-east-1 to exist, then fixes the addresses its name has. */
async function pinNewAlbNodes(fw: FailoverWorld, ipv4: string[]): Promise<void> {
  const elb = new ElasticLoadBalancingV2Client(clientConfig(fw.emulator.endpoint, 'us-east-1'));
  const seeded = new Set(Object.values(fw.world.albsByRegion).map((a) => a.arn));
  try {
    for (let i = 0; i < 1200; i++) {
      const lbs = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
      const fresh = lbs.find((lb) => !seeded.has(lb.LoadBalancerArn!));
      if (fresh) return await fw.emulator.setLoadBalancerNodes({ dnsName: fresh.DNSName!, ipv4 });
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('drctl never created its ALB in us-east-1');
  } finally {
    elb.destroy();
  }
}

const failoverArgs = (fw: FailoverWorld, ...more: string[]) => [
  'failover',
  'us-east-1',
  '--yes',
  '-c',
  fw.configPath,
  ...more,
];

describe('drctl failover on the emulator', () => {
  it('deploys the blueprint in us-east-1, proves it, moves the record and verifies it', async () => {
    const fw = await world();
    const r = await runCli(failoverArgs(fw), { env: fw.env, timeoutMs: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Failover complete: ap-southeast-1 -> us-east-1/);
    expect(r.stdout).toMatch(/Recovery time: /);
    const status = await runCli(['status', '-c', fw.configPath, '--json'], { env: fw.env });
    const doc = JSON.parse(status.stdout);
    expect(doc.servingRegions).toEqual(['us-east-1']);
    expect(doc.stacks['us-east-1'].value.map((s: { name: string }) => s.name)).toEqual([
      'shop-prod-compute',
      'shop-prod-data',
      'shop-prod-edge',
      'shop-prod-media',
      'shop-prod-network',
      'shop-prod-security',
    ]);
    // The probe reached the stand-in app as users will: SNI and Host are the public name.
    expect(fw.app.requests.length).toBeGreaterThanOrEqual(6);
    expect(
      fw.app.requests.every((q) => q.servername === 'www.example.com' && q.host === 'www.example.com'),
    ).toBe(true);
    const runs = await runCli(['runs', '-c', fw.configPath], { env: fw.env });
    expect(runs.stdout).toMatch(/failover\s+traffic moved, verified/);
  });

  it('refuses type A when the name also has an AAAA alias to a load balancer: exit 2, nothing deployed or changed', async () => {
    const fw = await world();
    const r53 = new Route53Client(clientConfig(fw.emulator.endpoint, 'us-east-1'));
    const sets = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: fw.world.hostedZoneId }));
    const a = sets.ResourceRecordSets?.find((rs) => rs.Name === 'www.example.com.' && rs.Type === 'A');
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: fw.world.hostedZoneId,
        ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { ...a!, Type: 'AAAA' } }] },
      }),
    );
    r53.destroy();
    const before = await recordSets(fw);
    const r = await runCli(failoverArgs(fw), { env: fw.env, timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /www\.example\.com has AAAA alias record sets to a load balancer as well as A: moving only A would leave IPv6 users on the old region/,
    );
    expect(r.stderr).toMatch(/A\+AAAA/);
    expect(await recordSets(fw)).toBe(before);
    const elb = new ElasticLoadBalancingV2Client(clientConfig(fw.emulator.endpoint, 'us-east-1'));
    expect((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).toEqual([]);
    elb.destroy();
  });

  it('mirrors the run journal to S3 when journal.s3 is set, identical to the local one', async () => {
    const { CreateBucketCommand, GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const fw = await world();
    const s3 = new S3Client({ ...clientConfig(fw.emulator.endpoint, 'us-east-1'), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'ops-evidence' }));
    writeFileSync(
      fw.configPath,
      readFileSync(fw.configPath, 'utf8').replace(/journal:\n/, 'journal:\n  s3: s3://ops-evidence/drctl/\n'),
    );
    const r = await runCli([...failoverArgs(fw), '--json'], { env: fw.env, timeoutMs: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const runId = JSON.parse(r.stdout.split('\n').find((l) => l.includes('"run-start"'))!).data.runId;
    const obj = await s3.send(new GetObjectCommand({ Bucket: 'ops-evidence', Key: `drctl/${runId}.ndjson` }));
    const mirrored = await obj.Body!.transformToString();
    s3.destroy();
    expect(mirrored).toBe(readFileSync(`${fw.journalDir}/${runId}.ndjson`, 'utf8'));
    expect(mirrored).toMatch(/"run-finished"/);
  });

  it('rolls back to byte-identical record sets when the site fails after the flip (exit 3)', async () => {
    const { startAppServer } = await import('../harness/app-server.js');
    const broken = await startAppServer();
    broken.setHealthy(false);
    try {
      // Through the new ALB's name the site is healthy; through the addresses Route 53
      // answers after the flip (the ALB's nodes, pinned below) it is not.
      const node = '198.18.250.1';
      const fw = await world({
        verification: { windowSeconds: 3, connectTo: [`${node}::127.0.0.1:${broken.port}`] },
      });
      const good = fw.app.port;
      const { readFileSync, writeFileSync } = await import('node:fs');
      writeFileSync(
        fw.configPath,
        readFileSync(fw.configPath, 'utf8').replace(
          /connectTo:\n(\s+)- (.*)\n/,
          (_m, ind, first) => `connectTo:\n${ind}- ${first}\n${ind}- "::127.0.0.1:${good}"\n`,
        ),
      );
      const before = await recordSets(fw);
      const run = runCli(failoverArgs(fw), { env: fw.env, timeoutMs: 240_000 });
      // moto creates the ALB inside CreateStack, seconds before the flip: pin its nodes then.
      await pinNewAlbNodes(fw, [node]);
      const r = await run;
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/Rolled back: /);
      expect(await recordSets(fw)).toBe(before);
    } finally {
      await broken.close();
    }
  });

  it('refuses a second concurrent run with the lock-held exit code, naming the holder', async () => {
    const fw = await world();
    const first = new LiveCli([...failoverArgs(fw), '--json'], fw.env);
    await first.event('lock-acquired');
    // Freeze the first run while it holds the lock: on a loaded machine the second process
    // can otherwise take longer to start than the first takes to finish and release it.
    first.child.kill('SIGSTOP');
    const second = await runCli(failoverArgs(fw), { env: fw.env }).finally(() => first.child.kill('SIGCONT'));
    expect(second.code).toBe(6);
    expect(second.stderr).toMatch(/lock|held/i);
    expect((await first.exited).code).toBe(0);
  });

  it('resumes a run killed with SIGKILL during the deploy, to the same verified result', async () => {
    const fw = await world();
    const first = new LiveCli([...failoverArgs(fw), '--json'], fw.env);
    const start = await first.event('run-start');
    const runId = String(start.data?.runId);
    await first.event('stack-status');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const listed = await runCli(['runs', '-c', fw.configPath], { env: fw.env });
    expect(listed.stdout).toContain(runId);
    const resumed = await runCli(['resume', runId, '--yes', '-c', fw.configPath], {
      env: fw.env,
      timeoutMs: 240_000,
    });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/Failover complete/);
  });

  it('rolls back by run id a run killed with SIGKILL after its DNS change', async () => {
    const fw = await world({ route53PendingSeconds: 4 });
    const before = await recordSets(fw);
    const first = new LiveCli([...failoverArgs(fw), '--json'], fw.env);
    const runId = String((await first.event('run-start')).data?.runId);
    await first.event('dns-change-submitted');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await recordSets(fw)).not.toBe(before);
    const r = await runCli(['rollback', runId, '--yes', '-c', fw.configPath], {
      env: fw.env,
      timeoutMs: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rolled back/);
    expect(await recordSets(fw)).toBe(before);
  });
});
