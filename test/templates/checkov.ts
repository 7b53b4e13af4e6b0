/**
 * checkov (Python), pinned, for the template tests. It is installed into its own virtual
 * environment, not next to cfn-lint and moto: checkov pins boto3/botocore to older
 * versions, and a plain `pip install checkov` would downgrade the ones moto (the
 * emulator) runs on.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const CHECKOV_VERSION = '3.3.30';
const VENV = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'drctl',
  `checkov-${CHECKOV_VERSION}`,
);
const BIN = join(VENV, 'bin', 'checkov');
const CHECKOV_INSTALL = `python3 -m venv ${VENV} && ${join(VENV, 'bin', 'python')} -m pip install checkov==${CHECKOV_VERSION}`;

function version(command: string): string | undefined {
  try {
    return execFileSync(command, ['--version'], { stdio: 'pipe', timeout: 120_000 }).toString().trim();
  } catch {
    return undefined;
  }
}

/** The pinned checkov's path: installed if missing; a loud error with the command if that fails. */
export function ensureCheckov(): string {
  if (existsSync(BIN) && version(BIN) === CHECKOV_VERSION) return BIN;
  try {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'pipe', timeout: 120_000 });
    execFileSync(join(VENV, 'bin', 'python'), ['-m', 'pip', 'install', `checkov==${CHECKOV_VERSION}`], {
      stdio: 'pipe',
      timeout: 900_000,
    });
  } catch (e) {
    throw new Error(
      `checkov ${CHECKOV_VERSION} is missing and installing it failed (${e instanceof Error ? e.message : e}); run by hand: ${CHECKOV_INSTALL}`,
    );
  }
  const found = version(BIN);
  if (found !== CHECKOV_VERSION)
    throw new Error(
      `checkov ${CHECKOV_VERSION} is still not runnable at ${BIN} (got ${found}); run: ${CHECKOV_INSTALL}`,
    );
  return BIN;
}

interface CheckovFinding {
  check: string;
  /** Template file name, e.g. media.yaml. */
  file: string;
  /** Logical ID of the resource. */
  resource: string;
  name: string;
}

export interface CheckovRun {
  passed: number;
  failed: CheckovFinding[];
  parsingErrors: string[];
}

interface RawReport {
  check_type?: string;
  summary?: { passed: number; failed: number };
  results?: {
    failed_checks?: { check_id: string; file_path: string; resource: string; check_name: string }[];
    parsing_errors?: string[];
  };
}

/** checkov over every CloudFormation template in `dir` (one process, JSON report). */
export function runCheckov(bin: string, dir: string, timeoutMs: number): Promise<CheckovRun> {
  return new Promise((done, fail) => {
    execFile(
      bin,
      ['--directory', dir, '--framework', 'cloudformation', '--output', 'json', '--quiet', '--skip-download'],
      {
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        // Local only: no platform mapping download, no PyPI update check (tests talk to 127.0.0.1 only).
        env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CKV_SKIP_PACKAGE_UPDATE_CHECK: 'TRUE' },
      },
      (error, stdout, stderr) => {
        // checkov exits 1 when a check fails; anything without a JSON report is a crash.
        let parsed: RawReport | RawReport[];
        try {
          parsed = JSON.parse(stdout) as RawReport | RawReport[];
        } catch {
          fail(
            new Error(`checkov gave no JSON report (${error?.message ?? 'exit 0'}): ${stderr.slice(-2000)}`),
          );
          return;
        }
        const reports = (Array.isArray(parsed) ? parsed : [parsed]).filter(
          (r) => r.check_type === 'cloudformation',
        );
        const run: CheckovRun = { passed: 0, failed: [], parsingErrors: [] };
        for (const r of reports) {
          run.passed += r.summary?.passed ?? 0;
          run.parsingErrors.push(...(r.results?.parsing_errors ?? []));
          for (const f of r.results?.failed_checks ?? []) {
            run.failed.push({
              check: f.check_id,
              file: f.file_path.split('/').pop() ?? f.file_path,
              resource: f.resource.split('.').pop() ?? f.resource,
              name: f.check_name,
            });
          }
        }
        done(run);
      },
    );
  });
}
