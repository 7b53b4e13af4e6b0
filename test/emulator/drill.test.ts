/**
 * `drctl drill` through the real CLI against the emulator: a drill rehearses the failover
 * into us-east-1 in drill stacks, verifies a drill record, tears it all down and writes
 * its reports; then the emulator's own stacks, record sets, buckets and KMS keys are
 * listed to prove nothing drill-made is left. A kept drill is then removed by --sweep.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { clientConfig } from '../harness/aws-clients.js';
import { type FailoverWorld, startFailoverWorld } from '../harness/failover-world.js';
import { runCli } from '../helpers/run-cli.js';

let fw: FailoverWorld;
let hook: Server;
const posted: unknown[] = [];

beforeAll(async () => {
  fw = await startFailoverWorld();
  const config = parse(readFileSync(fw.configPath, 'utf8'));
  config.drill = { record: 'dr-drill.example.com', rtoTargetMinutes: 30 };
  writeFileSync(fw.configPath, stringify(config));
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      posted.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  await new Promise((r) => hook?.close(r));
  await fw?.stop();
});

/** Everything in the emulator whose name or tags say "drill", still alive. */
async function drillLeftovers(): Promise<string[]> {
  const region = 'us-east-1';
  const cfg = clientConfig(fw.emulator.endpoint, region);
  const cfn = new CloudFormationClient(cfg);
  const r53 = new Route53Client(cfg);
  const s3 = new S3Client(cfg);
  const kms = new KMSClient(cfg);
  try {
    const stacks = (await cfn.send(new ListStacksCommand({}))).StackSummaries ?? [];
    const records =
      (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: fw.world.hostedZoneId })))
        .ResourceRecordSets ?? [];
    const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
    const keys = (await kms.send(new ListKeysCommand({}))).Keys ?? [];
    const liveKeys: string[] = [];
    for (const k of keys) {
      const m = (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata;
      if (m?.KeyState !== 'PendingDeletion' && /drill|-d[a-z0-9]{6}-/.test(m?.Description ?? ''))
        liveKeys.push(k.KeyId!);
    }
    return [
      ...stacks
        .filter((s) => s.StackName?.includes('-drill-') && s.StackStatus !== 'DELETE_COMPLETE')
        .map((s) => `stack ${s.StackName} ${s.StackStatus}`),
      ...records.filter((r) => r.Name?.includes('dr-drill')).map((r) => `record ${r.Name} ${r.Type}`),
      ...buckets.filter((b) => /-d[a-z0-9]{6}-/.test(b.Name ?? '')).map((b) => `bucket ${b.Name}`),
      ...liveKeys.map((k) => `key ${k}`),
    ];
  } finally {
    for (const c of [cfn, r53, s3, kms]) c.destroy();
  }
}

describe('drctl drill on the emulator', () => {
  it('rehearses into us-east-1, reports, and leaves nothing drill-made behind', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'drctl-drill-reports-'));
    const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/drills`;
    const r = await runCli(
      ['drill', 'us-east-1', '--report-dir', reports, '--notify', url, '-c', fw.configPath],
      {
        env: fw.env,
        timeoutMs: 90_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Drill [a-z0-9]{6} PASSED/);
    expect(r.stdout).toMatch(/Cleanup: clean/);
    const id = /Drill ([a-z0-9]{6}) PASSED/.exec(r.stdout)![1]!;
    const json = JSON.parse(readFileSync(join(reports, `drill-${id}.json`), 'utf8'));
    expect(json).toMatchObject({
      verdict: 'passed',
      cleanup: 'clean',
      region: 'us-east-1',
      record: 'dr-drill.example.com',
    });
    expect(json.phases.map((p: { phase: string }) => p.phase)).toEqual(
      expect.arrayContaining([
        'deploy',
        'await-alb',
        'pre-flip-probe',
        'flip',
        'verify',
        'teardown',
        'verify-clean',
      ]),
    );
    expect(json.cleaned.filter((c: { kind: string }) => c.kind === 'stack')).toHaveLength(6);
    expect(json.cleaned.map((c: { kind: string }) => c.kind)).toEqual(
      expect.arrayContaining(['bucket', 'kms-key', 'record']),
    );
    expect(readFileSync(join(reports, `drill-${id}.junit.xml`), 'utf8')).toMatch(
      /<testsuite name="drctl drill shop prod us-east-1"[^>]* failures="0"/,
    );
    expect(readFileSync(join(reports, `drill-${id}.html`), 'utf8')).toMatch(/<svg[^>]*id="waterfall"/);
    expect(readFileSync(join(reports, `drill-${id}.md`), 'utf8')).toMatch(/^# DR drill [a-z0-9]{6}: PASSED/);
    expect(posted).toEqual([
      expect.objectContaining({ type: 'drill-result', drillId: id, verdict: 'passed' }),
    ]);
    expect(await drillLeftovers()).toEqual([]);
    // Production is untouched: the record still routes to the primary.
    const status = JSON.parse(
      (await runCli(['status', '-c', fw.configPath, '--json'], { env: fw.env })).stdout,
    );
    expect(status.servingRegions).toEqual(['ap-southeast-1']);
    const drills = await runCli(['drills', '-c', fw.configPath], { env: fw.env });
    expect(drills.stdout).toMatch(new RegExp(`${id}\\s+us-east-1\\s+prod\\s+passed`));
  });

  it('a kept drill is listed by --sweep, then removed by --sweep --yes', async () => {
    const kept = await runCli(['drill', 'us-east-1', '--keep', '-c', fw.configPath], {
      env: fw.env,
      timeoutMs: 90_000,
    });
    expect(kept.code).toBe(0);
    const left = await drillLeftovers();
    for (const kind of ['stack', 'record', 'bucket', 'key'])
      expect(left.some((l) => l.startsWith(`${kind} `))).toBe(true);
    const dry = await runCli(['drill', '--sweep', '--min-age', '0', '-c', fw.configPath], { env: fw.env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing deleted/);
    expect(await drillLeftovers()).not.toEqual([]);
    const swept = await runCli(['drill', '--sweep', '--yes', '--min-age', '0', '-c', fw.configPath], {
      env: fw.env,
      timeoutMs: 90_000,
    });
    expect(swept.stderr).toBe('');
    expect(swept.code).toBe(0);
    expect(swept.stdout).toMatch(/Sweep finished: nothing left/);
    expect(await drillLeftovers()).toEqual([]);
  });
});
