import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cfnLintVersion, formatFinding, type LintResult, runCfnLint } from '../../src/templates/lint.js';
import { STANDALONE_TEMPLATES } from '../../src/templates/operations.js';
import { dir, templateFiles } from './blueprint.js';

const INSTALL = 'python3 -m pip install cfn-lint';

/** cfn-lint is required here: install it if missing, and fail loudly if that fails. Never skip. */
async function ensureCfnLint(): Promise<string> {
  const found = await cfnLintVersion();
  if (found !== undefined) return found;
  try {
    execFileSync('python3', ['-m', 'pip', 'install', 'cfn-lint'], { stdio: 'pipe', timeout: 300_000 });
  } catch (e) {
    throw new Error(
      `cfn-lint is missing and "${INSTALL}" failed (${e instanceof Error ? e.message : e}); run it by hand.`,
    );
  }
  const installed = await cfnLintVersion();
  if (installed === undefined)
    throw new Error(`cfn-lint is still not on PATH after "${INSTALL}"; fix PATH and rerun.`);
  return installed;
}

/**
 * Warnings that were reviewed and accepted, as `file-basename rule`. Each accepted one also
 * has its reason in the template's Metadata (cfn-lint ignore_checks). Currently none.
 */
const ACCEPTED_WARNINGS: string[] = [];

describe('cfn-lint over every template', () => {
  let result: LintResult;
  beforeAll(async () => {
    await ensureCfnLint();
    result = await runCfnLint(templateFiles);
  }, 320_000);

  it('runs', () => {
    expect(result.ran, result.ran ? '' : result.reason).toBe(true);
  });

  it('reports zero errors', () => {
    if (!result.ran) throw new Error(result.reason);
    expect(result.errors.map(formatFinding)).toEqual([]);
  });

  it('reports only reviewed warnings', () => {
    if (!result.ran) throw new Error(result.reason);
    const unreviewed = result.warnings
      .map((w) => `${w.file.split('/').pop()} ${w.rule}`)
      .filter((w) => !ACCEPTED_WARNINGS.includes(w));
    expect(unreviewed).toEqual([]);
  });
});

describe('cfn-lint over the templates outside the blueprint (drill schedule, fleet runner, data-plane switches)', () => {
  let result: LintResult;
  beforeAll(async () => {
    await ensureCfnLint();
    result = await runCfnLint(Object.keys(STANDALONE_TEMPLATES).map((file) => join(dir, file)));
  }, 320_000);

  it('lints all four', () => {
    expect(Object.keys(STANDALONE_TEMPLATES)).toEqual([
      'drill-schedule.yaml',
      'fleet-runner.yaml',
      'switch-arc.yaml',
      'switch-s3-object.yaml',
    ]);
  });

  it('reports zero errors and zero warnings', () => {
    if (!result.ran) throw new Error(result.reason);
    expect([...result.errors, ...result.warnings].map(formatFinding)).toEqual([]);
  });
});
