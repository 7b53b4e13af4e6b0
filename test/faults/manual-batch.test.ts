/**
 * The fault matrix, through the CLI's entry point: when the automatic rollback itself
 * fails, `drctl failover` exits 7, prints the exact change batch, writes it as
 * `restore-<run>.json` beside the journal and puts it in `--json`; applying that file by
 * hand (what docs/failover.md tells the operator to do) restores the record exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, emulatorEnv } from '../harness/aws-clients.js';
import { runCli } from '../helpers/run-cli.js';
import { LiveCli } from '../helpers/spawn-cli.js';
import { OUTAGE, recordChange } from './case.js';
import { lockRecord, recordJson } from './dns-state.js';
import { type FaultWorld, startFaultWorld } from './fault-world.js';

let fw: FaultWorld;
beforeAll(async () => {
  fw = await startFaultWorld();
});
afterAll(async () => {
  await fw?.stop();
});

interface ErrorResult {
  type: string;
  code: string;
  exitCode: number;
  manualRestore?: { file: string; command: string; changeBatch: { Changes: unknown[] } };
}

describe('fault matrix: the manual batch through the CLI', () => {
  it('restore: change batch | restore failure -> the batch printed, saved, in --json, and it works', async () => {
    await fw.reset();
    const env = emulatorEnv(fw.proxy.endpoint);
    const seeded = await recordJson(fw.emulator.endpoint, fw.world);
    // The flip goes through; the restore's change batch meets a regional outage.
    fw.proxy.inject({ ...OUTAGE, operation: 'ChangeResourceRecordSets', nth: 2, when: recordChange });
    const live = new LiveCli(['failover', fw.target, '--yes', '--json', '-c', fw.configPath], env);
    const runId = String((await live.event('run-start')).data?.runId);
    await live.event('dns-change-submitted');
    fw.app.setHealthy(false); // the site breaks the moment DNS moves: verification fails
    const ended = await live.exited;
    expect(ended.code, live.stderr).toBe(7);

    const results = live.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as ErrorResult)
      .filter((j) => j.type === 'error');
    expect(results).toHaveLength(1);
    const r = results[0]!;
    expect(r).toMatchObject({ code: 'ROLLBACK_FAILED', exitCode: 7 });
    const file = join(fw.journalDir, `restore-${runId}.json`);
    expect(r.manualRestore?.file).toBe(file);
    expect(r.manualRestore?.command).toContain(`--change-batch file://${file}`);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { Changes: unknown[] };
    expect(saved).toEqual(r.manualRestore?.changeBatch);
    expect(saved.Changes.length).toBeGreaterThan(0);

    // The operator applies the file by hand (straight to Route 53, no proxy faults).
    const r53 = new Route53Client(clientConfig(fw.emulator.endpoint, 'us-east-1'));
    try {
      await r53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: fw.world.hostedZoneId,
          ChangeBatch: saved as never,
        }),
      );
    } finally {
      r53.destroy();
    }
    expect(await recordJson(fw.emulator.endpoint, fw.world)).toBe(seeded);

    // And `drctl rollback` then finds nothing left to change, verifies, and frees the lock.
    fw.spend();
    fw.proxy.clear();
    const next = await runCli(['rollback', runId, '--yes', '--json', '-c', fw.configPath], {
      env,
      timeoutMs: 60_000,
    });
    expect(next.code, next.stderr).toBe(0);
    expect(await lockRecord(fw.emulator.endpoint, fw.world)).toBeUndefined();
  });
});
