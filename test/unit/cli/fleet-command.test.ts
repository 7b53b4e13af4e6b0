/**
 * `drctl fleet` in-process: bad input refused in one sentence before any AWS call, the
 * one confirmation required without a terminal, and the summary a person reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/cli/context.js';
import { finishFleet } from '../../../src/cli/fleet/finish.js';
import { main } from '../../../src/cli/main.js';
import type { FleetResult } from '../../../src/engine/fleet/index.js';
import { captureIo } from '../../helpers/capture-io.js';
import { startRequestRecorder } from '../../helpers/request-recorder.js';
import { configWith } from '../config/fixtures.js';

let recorder: Awaited<ReturnType<typeof startRequestRecorder>>;
beforeAll(async () => {
  recorder = await startRequestRecorder();
});
afterAll(() => recorder.close());

function fleetDir(fleet: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'drctl-fleet-cli-'));
  writeFileSync(
    join(dir, 'shop.yaml'),
    configWith(() => {}),
  );
  writeFileSync(join(dir, 'fleet.yaml'), fleet);
  return dir;
}

async function drctl(args: string[]) {
  const cap = captureIo();
  const code = await main(['node', 'drctl', ...args, '--endpoint-url', recorder.endpoint], cap.io);
  return { code, ...cap };
}

describe('drctl fleet: refused before any AWS call', () => {
  it.each([
    [
      'a bad fleet file',
      'apps: [{config: shop.yaml, wave: 0}]',
      ['--yes'],
      /apps\[0\]\.wave: must be at least 1/,
    ],
    [
      'a region not in an app config',
      'apps: [{config: shop.yaml}]',
      ['--yes'],
      /eu-north-1 is not one of app shop's regions/,
    ],
    ['no terminal and no --yes', 'apps: [{config: shop.yaml}]', [], /needs a terminal to confirm, or --yes/],
    [
      'a bad --concurrency',
      'apps: [{config: shop.yaml}]',
      ['--yes', '--concurrency', '0'],
      /--concurrency 0 is not/,
    ],
  ])('%s: exit 2, one sentence', async (_what, fleet, more, message) => {
    const dir = fleetDir(fleet);
    const region = String(message).includes('eu-north-1') ? 'eu-north-1' : 'us-east-1';
    const before = recorder.requests.length;
    const r = await drctl(['fleet', 'failover', region, '--fleet', join(dir, 'fleet.yaml'), ...more]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(recorder.requests.length).toBe(before);
  });
});

describe('the fleet summary', () => {
  const app = { wave: 1, journal: '/j/x.ndjson' };
  const result: FleetResult = {
    apps: [
      { ...app, app: 'shop', runId: 'r-shop', status: 'moved' },
      {
        ...app,
        app: 'api',
        runId: 'r-api',
        status: 'failed',
        error: { code: 'PROBE_FAILED', message: 'probe' },
      },
      { ...app, app: 'cms', runId: 'r-cms', status: 'held' },
      {
        app: 'blog',
        wave: 2,
        runId: 'r-blog',
        status: 'not-started',
        error: { code: 'NOT_STARTED', message: 'x' },
      },
    ],
    allMoved: false,
    stoppedAfterWave: 1,
    interrupted: false,
    totalMs: 61_000,
  };
  const configs = new Map([
    ['shop', '/f/shop.yaml'],
    ['api', '/f/api.yaml'],
    ['cms', '/f/cms.yaml'],
    ['blog', '/f/blog.yaml'],
  ]);

  it('lists each app with its journal and the exact command to resume or roll it back; exit 10', () => {
    const cap = captureIo();
    const code = finishFleet(
      createContext({ config: 'x', json: false, verbose: false }, cap.io),
      result,
      'us-east-1',
      configs,
    );
    expect(code).toBe(10);
    expect(cap.stdout).toMatch(
      /shop\s+1\s+moved\s+r-shop\s+\/j\/x\.ndjson\s+drctl rollback r-shop -c \/f\/shop\.yaml/,
    );
    expect(cap.stdout).toMatch(/api\s+1\s+failed\s+r-api\s+\S+\s+drctl resume r-api -c \/f\/api\.yaml/);
    expect(cap.stdout).toMatch(/cms\s+1\s+held\s+r-cms\s+\S+\s+drctl rollback r-cms -c \/f\/cms\.yaml/);
    expect(cap.stdout).toMatch(/blog\s+2\s+not-started\s+-\s+-\s+-/);
    expect(cap.stdout).toMatch(
      /Not every app moved to us-east-1: 1 moved, 1 held, 1 failed, 1 not-started \(61.0 s\)\./,
    );
    expect(cap.stdout).toMatch(/Later waves did not start: wave 1 did not all move/);
  });

  it('says 0 when every app moved, 7 when any rollback failed, 4 when interrupted', () => {
    const ctx = () => createContext({ config: 'x', json: true, verbose: false }, captureIo().io);
    const moved = { ...result, apps: [result.apps[0]!], allMoved: true };
    expect(finishFleet(ctx(), moved, 'us-east-1', configs)).toBe(0);
    const failedRollback = {
      ...result,
      interrupted: true,
      apps: [{ ...result.apps[1]!, error: { code: 'ROLLBACK_FAILED', message: 'x' } }],
    };
    expect(finishFleet(ctx(), failedRollback, 'us-east-1', configs)).toBe(7);
    expect(finishFleet(ctx(), { ...result, interrupted: true }, 'us-east-1', configs)).toBe(4);
  });
});
