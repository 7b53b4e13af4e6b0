/**
 * Issue 15's "done when", through the real CLI: with a data-plane switch provisioned and
 * Route 53's control plane down (as in a us-east-1 outage), `drctl plan us-east-1` and
 * `drctl failover us-east-1 --yes` succeed, `drctl status` reports us-east-1 serving, the
 * zone's authoritative server answers the DR region's ALB, a rollback switches back, and
 * not one Route 53 API call was made on the way (invariant 10). For both switches.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authoritativeA as answers,
  runIds,
  type SwitchKind,
  type SwitchWorld,
  startSwitchWorld,
} from '../harness/switch-world.js';
import { runCli } from '../helpers/run-cli.js';

describe.each<SwitchKind>(['arc', 's3-object'])('%s switch, Route 53 control plane down', (kind) => {
  let w: SwitchWorld;
  let primaryIps: string[];
  let targetIps: string[];
  /** Route 53 calls the seeding made, before its control plane went down. */
  let seeded: number;
  const cli = (...args: string[]) =>
    runCli([...args, '-c', w.configPath], { env: w.env, timeoutMs: 240_000 });

  beforeAll(async () => {
    w = await startSwitchWorld({ switch: kind, route53ControlPlane: 'down' });
    primaryIps = await answers(w, w.world.primaryAlb.dnsName);
    targetIps = await answers(w, w.targetAlb.dnsName);
    seeded = await w.emulator.route53Calls();
  }, 240_000);
  afterAll(async () => {
    await w?.stop();
  });

  it('plans a failover to us-east-1 without a Route 53 control-plane step', async () => {
    const r = await cli('plan', 'us-east-1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await w.emulator.route53Calls()).toBe(seeded);
  });

  it('fails over to us-east-1: the switch moves, the authoritative answer follows, status says us-east-1', async () => {
    expect(await answers(w)).toEqual(primaryIps);
    const r = await cli('failover', 'us-east-1', '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Failover complete: ap-southeast-1 -> us-east-1/);
    expect(await answers(w)).toEqual(targetIps);
    const status = await cli('status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).servingRegions).toEqual(['us-east-1']);
    expect(await w.emulator.route53Calls()).toBe(seeded);
  });

  it('rolls the failover back by run id: the switch and the answer return to ap-southeast-1', async () => {
    const runId = runIds(w).at(-1)!;
    const r = await cli('rollback', runId, '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await answers(w)).toEqual(primaryIps);
    const status = await cli('status', '--json');
    expect(JSON.parse(status.stdout).servingRegions).toEqual(['ap-southeast-1']);
    expect(await w.emulator.route53Calls()).toBe(seeded);
  });
});

describe('npm run demo -- --switch arc', () => {
  it('runs status, plan, the data-plane failover and status with Route 53 down, and drctl made no Route 53 call', async () => {
    const { stdout } = await promisify(execFile)(
      resolve('node_modules/.bin/tsx'),
      ['test/harness/demo.ts', '--switch', 'arc'],
      { timeout: 280_000, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout).toMatch(/Failover complete: ap-southeast-1 -> us-east-1/);
    expect(stdout).toMatch(/Serving region: us-east-1/);
    expect(stdout).toMatch(/Route 53 API calls drctl made: 0 \(its control plane was down\)/);
    expect(stdout).toMatch(/Demo finished in/);
  }, 300_000);
});
