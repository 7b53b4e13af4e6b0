/**
 * cfn-lint, the CloudFormation linter (Python), run over the shipped templates. It is an
 * optional tool for `drctl templates validate` (reported as not run when absent) and a
 * hard requirement of the template tests.
 */
import { execFile } from 'node:child_process';

export interface LintFinding {
  rule: string;
  level: 'error' | 'warning' | 'informational';
  message: string;
  file: string;
  line: number;
}

export type LintResult =
  | { ran: false; reason: string }
  | {
      ran: true;
      version: string;
      errors: LintFinding[];
      warnings: LintFinding[];
      informational: LintFinding[];
    };

export interface LintOptions {
  /** The executable. Default `cfn-lint` on PATH. */
  command?: string;
  /** Regions whose resource specs the templates are checked against. Default us-east-1 and ap-southeast-1 (the proposal's pair). */
  regions?: string[];
  /** Give up after this long. Default 120 s (cfn-lint loads large specs on first run). */
  timeoutMs?: number;
}

interface RawMatch {
  Rule?: { Id?: string };
  Level?: string;
  Message?: string;
  Filename?: string;
  Location?: { Start?: { LineNumber?: number } };
}

function run(command: string, args: string[], timeoutMs: number) {
  return new Promise<{ code: number; stdout: string; stderr: string; missing: boolean }>((done) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
      const missing = err?.code === 'ENOENT';
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      done({ code, stdout, stderr, missing });
    });
  });
}

/** Version of cfn-lint on PATH, or undefined when it is not installed. */
export async function cfnLintVersion(command = 'cfn-lint'): Promise<string | undefined> {
  const r = await run(command, ['--version'], 60_000);
  if (r.missing || r.code !== 0) return undefined;
  return r.stdout.trim().replace(/^cfn-lint\s+/, '');
}

/** Lint the given template files in one cfn-lint process. */
export async function runCfnLint(files: string[], options: LintOptions = {}): Promise<LintResult> {
  const command = options.command ?? 'cfn-lint';
  const version = await cfnLintVersion(command);
  if (version === undefined) {
    return { ran: false, reason: `${command} is not installed (python3 -m pip install cfn-lint)` };
  }
  const regions = options.regions ?? ['us-east-1', 'ap-southeast-1'];
  const r = await run(
    command,
    ['--format', 'json', '--regions', ...regions, '--', ...files],
    options.timeoutMs ?? 120_000,
  );
  let matches: RawMatch[];
  try {
    matches = JSON.parse(r.stdout === '' ? '[]' : r.stdout) as RawMatch[];
  } catch {
    // cfn-lint prints its own failures (bad flags, crashes) as text, not JSON.
    return {
      ran: false,
      reason: `${command} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
    };
  }
  const findings = matches.map(
    (m): LintFinding => ({
      rule: m.Rule?.Id ?? '?',
      level: m.Level === 'Error' ? 'error' : m.Level === 'Warning' ? 'warning' : 'informational',
      message: m.Message ?? '',
      file: m.Filename ?? '?',
      line: m.Location?.Start?.LineNumber ?? 0,
    }),
  );
  return {
    ran: true,
    version,
    errors: findings.filter((f) => f.level === 'error'),
    warnings: findings.filter((f) => f.level === 'warning'),
    informational: findings.filter((f) => f.level === 'informational'),
  };
}

/** `file:line rule message`, the usual linter line. */
export function formatFinding(f: LintFinding): string {
  return `${f.file}:${f.line} ${f.rule} ${f.message}`;
}
