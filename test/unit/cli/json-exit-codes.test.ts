/**
 * Walks docs/exit-codes.md: for every documented code, a real CLI path that ends with it
 * under --json, whose result line must carry the same number as `exitCode`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishDrill } from '../../../src/cli/commands/drill.js';
import { createContext } from '../../../src/cli/context.js';
import { finishFleet } from '../../../src/cli/fleet/finish.js';
import { main } from '../../../src/cli/main.js';
import { ndjsonPresenter } from '../../../src/cli/presenters/sinks.js';
import { renderError } from '../../../src/cli/render-error.js';
import { executeRun, type PreparedRun } from '../../../src/cli/run-setup.js';
import type { DrillResult } from '../../../src/engine/drill/types.js';
import type { FailoverOutcome } from '../../../src/engine/input.js';
import { DrctlError, type ErrorCode } from '../../../src/errors.js';
import { captureIo } from '../../helpers/capture-io.js';
import { configWith } from '../config/fixtures.js';

type Scenario = () => Promise<{ returned: number; lines: string[] }>;

const base = { runId: 'r1', timings: [], totalMs: 1, journal: '/tmp/j' };

/** A failover whose engine returned `outcome`, through the command's own printing. */
function failoverEnding(outcome: FailoverOutcome): Scenario {
  return async () => {
    const cap = captureIo();
    const ctx = createContext({ config: 'x', json: true, verbose: false }, cap.io);
    const run = {
      input: { runId: 'r1' },
      wired: { close: () => undefined },
      presenter: ndjsonPresenter(cap.io),
    } as unknown as PreparedRun;
    const returned = await executeRun(ctx, run, async () => outcome);
    return { returned, lines: cap.out };
  };
}

/** A command that threw `code`, through the one error renderer. */
function errorEnding(code: ErrorCode): Scenario {
  return async () => {
    const cap = captureIo();
    const returned = renderError(new DrctlError(code, 'x'), cap.io, { json: true, verbose: false });
    return { returned, lines: cap.out };
  };
}

function configValidate(text: string): Scenario {
  return async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-exit-')), 'drctl.yaml');
    writeFileSync(path, text);
    const cap = captureIo();
    const returned = await main(['node', 'drctl', 'config', 'validate', '-c', path, '--json'], cap.io);
    return { returned, lines: cap.out };
  };
}

const SCENARIOS: Record<number, Record<string, Scenario>> = {
  0: {
    'config validate of a valid config': configValidate(configWith(() => undefined)),
    'a verified failover': failoverEnding({
      ...base,
      kind: 'flipped',
      from: 'a',
      to: 'b',
      alb: { arn: 'x', dnsName: 'x', canonicalHostedZoneId: 'Z', targetGroupArns: [] },
      batches: [],
      answerVerified: true,
    }),
  },
  1: { 'a failed AWS call': errorEnding('AWS_CALL_FAILED') },
  2: {
    'config validate of a bad config': configValidate('app: 42\n'),
    'bad flags': errorEnding('USAGE'),
  },
  3: {
    'a failover rolled back after a failed verification': failoverEnding({
      ...base,
      kind: 'rolled-back',
      reason: 'probe failed',
      cause: 'PROBE_FAILED',
      restore: [],
    }),
  },
  4: {
    'a declined confirmation': failoverEnding({
      ...base,
      kind: 'aborted',
      reason: 'declined',
      dnsChanged: false,
    }),
    'Ctrl-C after the flip (restored)': failoverEnding({
      ...base,
      kind: 'rolled-back',
      reason: 'interrupted',
      cause: 'ABORTED',
      restore: [],
    }),
    'an interrupted wait': errorEnding('ABORTED'),
  },
  5: { 'a refused change': errorEnding('REFUSED') },
  6: { 'a held lock': errorEnding('LOCK_HELD') },
  7: { 'a failed rollback': errorEnding('ROLLBACK_FAILED') },
  9: {
    'a failed check after the flip, the new record held': failoverEnding({
      ...base,
      kind: 'held',
      from: 'a',
      to: 'b',
      reason: 'probe failed',
      cause: 'PROBE_FAILED',
      why: 'source-unhealthy',
    }),
  },
  10: {
    'a fleet with one app not moved': async () => {
      const cap = captureIo();
      const ctx = createContext({ config: 'x', json: true, verbose: false }, cap.io);
      const app = { wave: 1, runId: 'r1', journal: '/tmp/j' };
      const result = {
        apps: [
          { ...app, app: 'shop', status: 'moved' as const },
          {
            ...app,
            app: 'api',
            status: 'failed' as const,
            error: { code: 'PROBE_FAILED', message: 'probe failed' },
          },
        ],
        allMoved: false,
        interrupted: false,
        totalMs: 1,
      };
      return { returned: finishFleet(ctx, result, 'us-east-1', new Map()), lines: cap.out };
    },
  },
  8: {
    'a drill over its RTO target': async () => {
      const cap = captureIo();
      const ctx = createContext({ config: 'x', json: true, verbose: false }, cap.io);
      const r = { verdict: 'rto-exceeded', cleaned: [], leftovers: [], phases: [] } as unknown as DrillResult;
      return { returned: await finishDrill(ctx, r, {}), lines: cap.out };
    },
  },
};

const documented = [
  ...readFileSync('docs/exit-codes.md', 'utf8').matchAll(/^\| (\d+) \| ([a-z ]+) \|/gm),
].map((m) => Number(m[1]));

describe('every documented exit code, with --json', () => {
  it('has a scenario for each row of docs/exit-codes.md', () => {
    expect(Object.keys(SCENARIOS).map(Number)).toEqual(documented);
  });
  for (const code of documented) {
    for (const [name, scenario] of Object.entries(SCENARIOS[code] ?? {})) {
      it(`${code}: ${name}`, async () => {
        const { returned, lines } = await scenario();
        expect(returned).toBe(code);
        const results = lines
          .map((l) => JSON.parse(l) as { type: string; exitCode?: number })
          .filter((j) => j.type !== 'event' && j.type !== 'question');
        expect(results).toHaveLength(1);
        expect(results[0]!.exitCode).toBe(code);
      });
    }
  }
});
