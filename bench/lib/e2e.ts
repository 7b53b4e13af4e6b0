/**
 * End to end on the emulator: the real CLI (`node bin/drctl failover us-east-1 --yes`)
 * against a fresh moto world per run (test/harness/failover-world.ts), its AWS calls sent
 * through the latency proxy. A failover that fails is reported with its exit code and the
 * last lines it printed; it never stops the benchmark.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startFailoverWorld } from '../../test/harness/failover-world.js';
import { startLatencyProxy } from './latency-proxy.js';
import { seededRandom } from './world.js';

export interface E2eRun {
  delayMs: [number, number];
  ok: boolean;
  exitCode: number | null;
  wallSeconds: number;
  calls: Map<string, number>;
  totalCalls: number;
  /** `service operation` -> HTTP statuses of the calls the emulator answered with an error. */
  errors: Map<string, number[]>;
  /** The last lines of the CLI's output when it failed, or why the world did not start. */
  failure?: string;
}

function runCli(env: Record<string, string>, args: string[]) {
  return new Promise<{ code: number | null; out: string; seconds: number }>((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [resolve('bin/drctl'), ...args], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, out, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

export async function runE2e(delayMs: [number, number], seed: number): Promise<E2eRun> {
  const base = {
    delayMs,
    calls: new Map<string, number>(),
    totalCalls: 0,
    errors: new Map<string, number[]>(),
  };
  let world: Awaited<ReturnType<typeof startFailoverWorld>>;
  try {
    world = await startFailoverWorld();
  } catch (e) {
    return {
      ...base,
      ok: false,
      exitCode: null,
      wallSeconds: Number.NaN,
      failure: `emulator world did not start: ${(e as Error).message.split('\n')[0]}`,
    };
  }
  const proxy = await startLatencyProxy(world.emulator.endpoint, delayMs, seededRandom(seed));
  try {
    const env = { ...world.env, AWS_ENDPOINT_URL: proxy.endpoint };
    const r = await runCli(env, ['failover', 'us-east-1', '--yes', '-c', world.configPath]);
    const calls = new Map<string, number>();
    const errors = new Map<string, number[]>();
    for (const c of proxy.calls) {
      const op = `${c.service} ${c.operation}`;
      calls.set(op, (calls.get(op) ?? 0) + 1);
      if (c.status >= 400) errors.set(op, [...(errors.get(op) ?? []), c.status]);
    }
    return {
      ...base,
      ok: r.code === 0,
      exitCode: r.code,
      wallSeconds: r.seconds,
      calls: new Map([...calls].sort(([a], [b]) => a.localeCompare(b))),
      totalCalls: proxy.calls.length,
      errors,
      ...(r.code === 0 ? {} : { failure: r.out.trim().split('\n').slice(-3).join(' / ') }),
    };
  } finally {
    await proxy.close();
    await world.stop();
  }
}
