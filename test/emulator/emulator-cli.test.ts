/**
 * `npm run emulator -- --switch arc --route53-control-plane down` as an operator runs it:
 * it prints the config it wrote (switch, S3 lock, the zone's authoritative name server),
 * the control plane really is down, and Ctrl-C stops it. Bad flags: one sentence, exit 2.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clientConfig } from '../harness/aws-clients.js';

const TSX = resolve('node_modules/.bin/tsx');
const CLI = 'test/harness/emulator-cli.ts';
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  child = undefined;
});

function start(args: string[]): { output: () => string; exited: Promise<number | null> } {
  let output = '';
  child = spawn(TSX, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
  return { output: () => output, exited };
}

async function until(read: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = read().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${read()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm run emulator -- --switch', () => {
  it('seeds the ARC switch, prints its config, takes Route 53 down, and stops on Ctrl-C', async () => {
    const run = start(['--switch', 'arc', '--route53-control-plane', 'down']);
    await until(run.output, /Ctrl-C stops it\./, 240_000);
    const text = run.output();
    const configPath = text.match(/Config for this emulator: (\S+)/)![1]!;
    const endpoint = text.match(/drctl emulator on (http:\/\/127\.0\.0\.1:\d+)/)![1]!;
    const dns = text.match(/authoritative name server: (127\.0\.0\.1:\d+)/)![1]!;
    const config = parse(readFileSync(configPath, 'utf8'));
    expect(config.switch.mode).toBe('arc');
    expect(config.switch.arc.endpoints).toHaveLength(5);
    expect(config.lock.store).toBe('s3');
    expect(config.verification.nameServers).toEqual([dns]);
    expect(text).toContain('Route 53 control plane: down');
    const r53 = new Route53Client({ ...clientConfig(endpoint, 'us-east-1'), maxAttempts: 1 });
    await expect(r53.send(new ListHostedZonesCommand({}))).rejects.toMatchObject({
      name: 'ServiceUnavailable',
    });
    r53.destroy();
    child!.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 300_000);

  it.each([
    [['--switch', 'nope'], /--switch must be one of arc, s3-object, not nope/],
    [['--route53-control-plane', 'down'], /--route53-control-plane down needs --switch/],
    [
      ['--switch', 'arc', '--route53-control-plane', 'sideways'],
      /--route53-control-plane must be one of up, down, timeout/,
    ],
  ])(
    'refuses %j in one sentence, exit 2, before starting anything',
    async (args, message) => {
      const run = start(args);
      expect(await run.exited).toBe(2);
      expect(run.output()).toMatch(message);
      expect(run.output()).not.toMatch(/drctl emulator on/);
    },
    120_000,
  );
});
