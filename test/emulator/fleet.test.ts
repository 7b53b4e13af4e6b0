/**
 * `drctl fleet` through the real CLI process against the emulator: three apps (two in one
 * hosted zone, one in a second wave) moved and verified each, and one app failing while
 * the others still move.
 */
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it } from 'vitest';
import { clientConfig } from '../harness/aws-clients.js';
import { type FleetWorld, type FleetWorldApp, startFleetWorld } from '../harness/fleet-world.js';
import { runCli } from '../helpers/run-cli.js';
import { LiveCli } from '../helpers/spawn-cli.js';

let w: FleetWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

async function aliasOf(fw: FleetWorld, a: FleetWorldApp): Promise<string | undefined> {
  const r53 = new Route53Client(clientConfig(fw.emulator.endpoint, 'us-east-1'));
  try {
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: a.hostedZoneId }));
    return out.ResourceRecordSets?.find((r) => r.Name === a.record && r.Type === 'A')?.AliasTarget?.DNSName;
  } finally {
    r53.destroy();
  }
}

async function servingRegions(fw: FleetWorld, a: FleetWorldApp): Promise<string[]> {
  const r = await runCli(['status', '-c', a.configPath, '--json'], { env: fw.env, timeoutMs: 120_000 });
  return JSON.parse(r.stdout).servingRegions;
}

const fleetFailover = (fw: FleetWorld) =>
  runCli(['fleet', 'failover', 'us-east-1', '--yes', '--fleet', fw.fleetPath], {
    env: fw.env,
    timeoutMs: 600_000,
  });

// Three failovers in one run: a ceiling of 2.5 single ones (each 240 s on a loaded machine).
describe('drctl fleet on the emulator', () => {
  it('moves all three apps to us-east-1 and verifies each, wave 1 before wave 2; fleet rollback undoes all', async () => {
    w = await startFleetWorld({ apps: 3 });
    const fw = w;
    const r = await fleetFailover(fw);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All 3 app\(s\) moved to us-east-1: 3 moved/);
    for (const a of fw.apps) {
      expect(r.stdout).toMatch(new RegExp(`\\[${a.name}\\] moved, verified`));
      expect(r.stdout).toMatch(new RegExp(`\\[${a.name}\\] ok Verify`));
      expect(await servingRegions(fw, a)).toEqual(['us-east-1']);
      expect(await aliasOf(fw, a)).not.toContain(a.primaryAlbDns);
    }
    // blog (wave 2) starts only after shop and api (wave 1) ended.
    const lines = r.stdout.split('\n');
    const blogStart = lines.findIndex((l) => l.includes('[blog] started run'));
    const wave1End = lines.findIndex((l) => l.includes('wave 1 done: 2 of 2 moved'));
    expect(wave1End).toBeGreaterThan(-1);
    expect(blogStart).toBeGreaterThan(wave1End);
    // Each app has its own journal, resumable and reversible with the single-app commands.
    for (const a of fw.apps) expect(r.stdout).toContain(` -c ${a.configPath}`);
    const status = await runCli(['fleet', 'status', 'us-east-1', '--fleet', fw.fleetPath, '--json'], {
      env: fw.env,
      timeoutMs: 120_000,
    });
    const doc = JSON.parse(status.stdout);
    expect(
      doc.apps.map((x: { app: string; serving: string[] }) => `${x.app}:${x.serving.join(',')}`),
    ).toEqual(['shop:us-east-1', 'api:us-east-1', 'blog:us-east-1']);
    // fleet rollback: every app's own run undone, each record back on its primary ALB.
    const back = await runCli(['fleet', 'rollback', 'us-east-1', '--yes', '--fleet', fw.fleetPath], {
      env: fw.env,
      timeoutMs: 300_000,
    });
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/All 3 app\(s\) rolled back from us-east-1: 3 rolled-back/);
    for (const a of fw.apps) expect(await aliasOf(fw, a)).toContain(a.primaryAlbDns);
  }, 600_000);

  it('one app failing (its new region never proves healthy) does not stop or roll back the others', async () => {
    w = await startFleetWorld({ apps: 3 });
    const fw = w;
    const api = fw.apps.find((a) => a.name === 'api')!;
    api.server.setHealthy(false);
    const r = await fleetFailover(fw);
    expect(r.code).toBe(10);
    expect(r.stdout).toMatch(/Not every app moved to us-east-1: 2 moved, 1 failed/);
    expect(r.stdout).toMatch(/\[api\] FAILED/);
    // The failed app: untouched, and the summary says how to resume it.
    expect(await aliasOf(fw, api)).toContain(api.primaryAlbDns);
    expect(r.stdout).toMatch(new RegExp(`drctl resume \\S+ -c ${api.configPath.replace(/[.]/g, '\\.')}`));
    for (const a of fw.apps.filter((x) => x.name !== 'api')) {
      expect(await servingRegions(fw, a)).toEqual(['us-east-1']);
    }
  }, 600_000);

  it('Ctrl-C stops the running apps safely, starts no more, and exits 4 with every record untouched', async () => {
    w = await startFleetWorld({ apps: 3 });
    const fw = w;
    const cli = new LiveCli(
      ['fleet', 'failover', 'us-east-1', '--yes', '--json', '--fleet', fw.fleetPath],
      fw.env,
    );
    await cli.waitFor(
      (e) => e.code === 'phase-start' && (e as { app?: string }).app === 'shop' && e.data?.phase === 'deploy',
      'shop deploying',
    );
    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    expect(code).toBe(4);
    expect(cli.stderr).toMatch(/SIGINT: stopping the fleet's running apps safely/);
    const result = JSON.parse(cli.stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ type: 'fleet', exitCode: 4, interrupted: true, allMoved: false });
    const status = Object.fromEntries(
      result.apps.map((a: { app: string; status: string }) => [a.app, a.status]),
    );
    expect(status.blog).toBe('not-started');
    // Interrupted before their flips (or restored after): nothing of theirs stays changed.
    expect(['aborted', 'rolled-back']).toContain(status.shop);
    expect(['aborted', 'rolled-back']).toContain(status.api);
    for (const a of fw.apps) expect(await aliasOf(fw, a)).toContain(a.primaryAlbDns);
  }, 600_000);
});
