/**
 * Start-up time of the CLI: wall time from spawn to exit of `drctl --version`, `--help`
 * and a subcommand's help, repeated after a warm-up (so the file cache is warm, as it is
 * for an operator's second command), beside `aws --version` when the AWS CLI is on PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { median, p90 } from './stats.js';

export interface StartupSample {
  label: string;
  command: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  /** Set when the command is not available here. */
  missing?: string;
}

function timeOnce(cmd: string, args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(performance.now() - t0) : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}`)),
    );
  });
}

async function measure(
  label: string,
  cmd: string,
  args: string[],
  runs: number,
  warmup: number,
): Promise<StartupSample> {
  for (let i = 0; i < warmup; i++) await timeOnce(cmd, args);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await timeOnce(cmd, args));
  return {
    label,
    command: [cmd === process.execPath ? 'node' : cmd, ...args].join(' '),
    runs,
    medianMs: median(ms),
    p90Ms: p90(ms),
  };
}

/** Whether `drctl <sub> --help` knows the subcommand (plan may not exist yet). */
function hasCommand(bin: string, sub: string): boolean {
  const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  return new RegExp(`^\\s+${sub}\\b`, 'm').test(r.stdout);
}

export async function measureStartup(runs = 30, awsRuns = 10): Promise<StartupSample[]> {
  const bin = resolve('bin/drctl');
  const node = process.execPath;
  const sub = hasCommand(bin, 'plan') ? 'plan' : 'failover';
  const out = [
    await measure('drctl --version', node, [bin, '--version'], runs, 3),
    await measure('drctl --help', node, [bin, '--help'], runs, 3),
    await measure(`drctl ${sub} --help`, node, [bin, sub, '--help'], runs, 3),
    await measure('node -e 0 (Node itself)', node, ['-e', '0'], runs, 3),
  ];
  const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  if (aws.error || aws.status !== 0) {
    out.push({
      label: 'aws --version',
      command: 'aws --version',
      runs: 0,
      medianMs: Number.NaN,
      p90Ms: Number.NaN,
      missing: 'not installed',
    });
  } else {
    const s = await measure('aws --version', 'aws', ['--version'], awsRuns, 1);
    s.label = `aws --version (${(aws.stdout || aws.stderr).trim().split(' ')[0]})`;
    out.push(s);
  }
  return out;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() said it
  }
  return {
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
