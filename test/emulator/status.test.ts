/** `drctl status` through the real CLI process against the emulator's seeded world. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FailoverWorld, startFailoverWorld } from '../harness/failover-world.js';
import { runCli } from '../helpers/run-cli.js';

describe('drctl status on the emulator', () => {
  let w: FailoverWorld;
  beforeAll(async () => {
    w = await startFailoverWorld({ routing: 'failover' });
  });
  afterAll(() => w?.stop());

  it('names the serving region, each variant and the stacks per region', async () => {
    const r = await runCli(['status', '-c', w.configPath], { env: w.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Serving region: ap-southeast-1$/m);
    expect(r.stdout).toMatch(/failover PRIMARY\s+ap-southeast-1\s+.*shop-prod-alb\s+active\s+yes/);
    expect(r.stdout).toMatch(/failover SECONDARY\s+us-east-1\s+.*shop-prod-standby-alb\s+active\s+standby/);
    expect(r.stdout).toMatch(/ap-southeast-1: shop-prod-network {2}CREATE_COMPLETE/);
    expect(r.stdout).toMatch(/us-west-2: none/);
  });

  it('gives the same facts as JSON', async () => {
    const r = await runCli(['status', '-c', w.configPath, '--json'], { env: w.env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.servingRegions).toEqual(['ap-southeast-1']);
    expect(doc.records).toHaveLength(2);
    expect(doc.records[0].recordSet.AliasTarget.DNSName).toMatch(/shop-prod-alb/i);
    expect(doc.stacks['ap-southeast-1']).toMatchObject({ ok: true });
  });

  it('says which zone is missing, with exit 1, when the config names a zone id that does not exist', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const other = w.configPath.replace('drctl.yaml', 'other.yaml');
    writeFileSync(
      other,
      readFileSync(w.configPath, 'utf8').replace(
        'hostedZone: example.com.',
        'hostedZone: Z0000000000000000000',
      ),
    );
    const r = await runCli(['status', '-c', other], { env: w.env });
    expect(r.stderr.trim()).toBe('Error: Hosted zone Z0000000000000000000 does not exist in this account.');
    expect(r.code).toBe(1);
  });
});
