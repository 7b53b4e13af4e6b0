/**
 * Start-up time of the CLI: wall time from spawn to exit of `drctl --version`, `--help`
 * and a subcommand's help, repeated after a warm-up (so the file cache is warm, as it is
 * for an operator's second command), beside `aws --version` when the AWS CLI is on PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { relative, resolve } from 'node:path';
import { median, p90 } from './stats.js';

export interface StartupSample {
  label: string;
  command: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  /** Median over rounds of (this command - the first command of the group in the same round). */
  overFirstMs?: number;
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

interface Command {
  label: string;
  cmd: string;
  args: string[];
}

/**
 * Runs the commands round-robin (`runs` rounds after `warmup` rounds) so that load from
 * elsewhere on a shared machine falls on every command alike, not on whichever ran then.
 */
async function measure(commands: Command[], runs: number, warmup: number): Promise<StartupSample[]> {
  const ms = commands.map(() => [] as number[]);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, c] of commands.entries()) {
      const t = await timeOnce(c.cmd, c.args);
      if (round >= warmup) ms[i]!.push(t);
    }
  }
  return commands.map((c, i) => ({
    label: c.label,
    command: [
      c.cmd === process.execPath ? 'node' : c.cmd,
      ...c.args.map((a) => relative(process.cwd(), a) || a),
    ].join(' '),
    runs,
    medianMs: median(ms[i]!),
    p90Ms: p90(ms[i]!),
    minMs: Math.min(...ms[i]!),
    overFirstMs: median(ms[i]!.map((t, round) => t - ms[0]![round]!)),
  }));
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
  const out = await measure(
    [
      { label: 'node -e 0 (Node itself)', cmd: node, args: ['-e', '0'] },
      { label: 'drctl --version', cmd: node, args: [bin, '--version'] },
      { label: 'drctl --help', cmd: node, args: [bin, '--help'] },
      { label: `drctl ${sub} --help`, cmd: node, args: [bin, sub, '--help'] },
    ],
    runs,
    3,
  );
  const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  if (aws.error || aws.status !== 0) {
    out.push({
      label: 'aws --version',
      command: 'aws --version',
      runs: 0,
      medianMs: Number.NaN,
      p90Ms: Number.NaN,
      minMs: Number.NaN,
      missing: 'not installed',
    });
  } else {
    const label = `aws --version (${(aws.stdout || aws.stderr).trim().split(' ')[0]})`;
    out.push(...(await measure([{ label, cmd: 'aws', args: ['--version'] }], awsRuns, 1)));
  }
  return out;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the report was written: start-up times suffer from a busy machine. */
  load: number;
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
    load: loadavg()[0] ?? 0,
  };
}
