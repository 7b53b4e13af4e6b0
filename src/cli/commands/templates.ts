/** Prints what the pure `templates` functions compute and picks the exit code. */
import { DrctlError } from '../../errors.js';
import { templatesList, templatesRender, templatesValidate } from '../../templates/operations.js';
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';

export async function templatesListCommand(ctx: Context): Promise<number> {
  ctx.io.out(templatesList());
  return 0;
}

export async function templatesValidateCommand(
  ctx: Context,
  opts: { lint: boolean; requireLint?: boolean },
): Promise<number> {
  const { formatFinding } = await import('../../templates/lint.js');
  const result = await templatesValidate({ lint: opts.lint ? {} : false });
  const lintFailed = result.lint.ran ? result.lint.errors.length > 0 : Boolean(opts.requireLint);
  const code = result.problems.length > 0 || lintFailed ? 1 : 0;
  if (ctx.globals.json) {
    printResult(ctx.io, 'templates-validate', result, code);
  } else {
    for (const p of result.problems) ctx.io.out(`problem: ${p}`);
    if (result.lint.ran) {
      for (const f of [...result.lint.errors, ...result.lint.warnings]) ctx.io.out(formatFinding(f));
      ctx.io.out(
        `cfn-lint ${result.lint.version}: ${result.lint.errors.length} error(s), ${result.lint.warnings.length} warning(s).`,
      );
    } else {
      ctx.io.out(
        `cfn-lint did not run: ${result.lint.reason}${opts.lint ? ' (python3 -m pip install cfn-lint)' : ''}.`,
      );
    }
    ctx.io.out(
      result.problems.length === 0
        ? 'Built-in checks: no problems.'
        : `Built-in checks: ${result.problems.length} problem(s).`,
    );
  }
  return code;
}

export async function templatesRenderCommand(
  ctx: Context,
  opts: { env: string; region: string; app?: string; set?: string[] },
): Promise<number> {
  const runtime: Record<string, string> = {};
  for (const kv of opts.set ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0)
      throw new DrctlError(
        'USAGE',
        `--set "${kv}" is not Name=value (for example --set CertificateArn=arn:aws:acm:...).`,
      );
    runtime[kv.slice(0, i)] = kv.slice(i + 1);
  }
  ctx.io.out(
    templatesRender(opts.env, opts.region, {
      ...(opts.app ? { app: opts.app } : {}),
      runtime,
      json: ctx.globals.json,
    }),
  );
  return 0;
}
