/**
 * `drctl plan` through the real CLI against the emulator's seeded world (no deploy: plan
 * only reads). A recording proxy between the CLI and the emulator proves, at the HTTP
 * level, that every AWS call plan makes is a read.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, DeleteCertificateCommand } from '@aws-sdk/client-acm';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { Route53Dns } from '../../src/aws/route53-dns.js';
import { Route53Lock } from '../../src/aws/route53-lock.js';
import { clientConfig } from '../harness/aws-clients.js';
import { type FailoverWorld, startFailoverWorld } from '../harness/failover-world.js';
import { isReadOnly, startRecordingProxy } from '../helpers/recording-proxy.js';
import { runCli } from '../helpers/run-cli.js';

describe('drctl plan on the emulator', () => {
  let w: FailoverWorld;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  const plan = async (args: string[]) => {
    proxy.calls.length = 0;
    return runCli([...args, '-c', w.configPath], { env: { ...w.env, AWS_ENDPOINT_URL: proxy.endpoint } });
  };
  const writes = () => proxy.calls.map((c) => c.operation).filter((op) => !isReadOnly(op));

  beforeAll(async () => {
    // The lock adapter below runs in this process: it must never find a real profile.
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    w = await startFailoverWorld({ routing: 'simple' });
    proxy = await startRecordingProxy(w.emulator.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
    await w?.stop();
  });

  it('is READY on the seeded world, shows every part, and makes only read calls', async () => {
    const r = await plan(['plan', 'us-east-1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Plan: fail over shop \(prod\) from ap-southeast-1 to us-east-1, account \d{12}$/m,
    );
    for (const id of [
      'Credentials and account',
      'Region us-east-1 enabled',
      'ACM certificate for www.example.com in us-east-1',
      'ECS-optimised AMI in us-east-1',
      'Record lock free',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  ok   ${id}`, 'm'));
    }
    expect(r.stdout).toMatch(/wave 1 {2}create {4}shop-prod-network/);
    expect(r.stdout).toMatch(
      /\* +\(no set id\) +alias dualstack\.shop-prod-alb-\S+ap-southeast-1\.elb\.amazonaws\.com\. .*alias dualstack\.<new-alb>\.us-east-1/,
    );
    expect(r.stdout).toMatch(/^READY: every check passed/m);
    const ops = new Set(proxy.calls.map((c) => c.operation));
    for (const op of [
      'GetCallerIdentity',
      'DescribeRegions',
      'ListCertificates',
      'GetParameter',
      'DescribeStacks',
    ])
      expect(ops).toContain(op);
    expect(writes()).toEqual([]);
  });

  it('--json gives the version 1 document; --format md a change ticket; failover --dry-run the same plan', async () => {
    const json = await plan(['plan', 'us-east-1', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      version: 1,
      kind: 'drctl-plan',
      verdict: 'ready',
      to: 'us-east-1',
    });
    const md = await plan(['plan', 'us-east-1', '--format', 'md']);
    expect(md.stdout).toMatch(/^# drctl plan: shop prod, ap-southeast-1 to us-east-1$/m);
    const dry = await plan(['failover', 'us-east-1', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^READY: every check passed/m);
    expect(writes()).toEqual([]);
  });

  it('is NOT READY (exit 1) while another run holds the lock, naming it', async () => {
    const factory = new ClientFactory({ endpointUrl: w.emulator.endpoint });
    const lock = new Route53Lock(new Route53Dns(factory), w.world.hostedZoneId);
    const key = `${w.world.hostedZoneId}/www.example.com/A`;
    const holder = {
      runId: 'run-other',
      holder: 'bob@ci',
      host: 'ci',
      startedAt: '2026-11-30T01:00:00.000Z',
    };
    expect(await lock.acquire(key, holder)).toEqual({ acquired: true });
    try {
      const r = await plan(['plan', 'us-east-1']);
      expect(r.code).toBe(1);
      // The public lock record names the run only, never bob or his host.
      expect(r.stdout).toMatch(
        /^ {2}FAIL Record lock free +run run-other \(since 2026-11-30T01:00:00.000Z\) holds the lock/m,
      );
      expect(r.stdout).not.toContain('bob');
      expect(r.stdout).toMatch(/^NOT READY/m);
      expect(writes()).toEqual([]);
    } finally {
      await lock.release(key, 'run-other');
      factory.destroy();
    }
  });

  it('is NOT READY (exit 1) for us-west-2 once its certificate is gone', async () => {
    const acm = new ACMClient(clientConfig(w.emulator.endpoint, 'us-west-2'));
    await acm.send(new DeleteCertificateCommand({ CertificateArn: w.world.certificateArns['us-west-2']! }));
    const r = await plan(['plan', 'us-west-2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAIL ACM certificate for www.example.com in us-west-2 +no ISSUED certificate in us-west-2 covers www.example.com/,
    );
    expect(r.stdout).toMatch(/CertificateArn = arn:aws:acm:us-west-2:000000000000:certificate\/none-found/);
    expect(writes()).toEqual([]);
  });

  it('--out writes the plan; failover --plan refuses it (exit 5, one sentence) after the record set changed', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'drctl-plan-')), 'plan.json');
    const made = await plan(['plan', 'us-east-1', '--out', out]);
    expect(made.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.checksum).toMatch(/^sha256:/);
    const r53 = new Route53Client(clientConfig(w.emulator.endpoint, 'us-east-1'));
    const [seeded] = w.world.recordSets;
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: w.world.hostedZoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                ...seeded!,
                AliasTarget: { ...seeded!.AliasTarget!, EvaluateTargetHealth: false },
              },
            },
          ],
        },
      }),
    );
    const r = await plan(['failover', 'us-east-1', '--plan', out, '--yes']);
    expect(r.code).toBe(5);
    expect(r.stderr.split('\n')[0]).toBe(
      `Error: The world changed since the plan was made (${doc.createdAt}): the record set www.example.com. A was changed.`,
    );
    expect(writes()).toEqual([]);
  });
});
