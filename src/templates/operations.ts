/**
 * `drctl templates list|validate|render` as pure functions (src/cli/commands/templates.ts
 * prints them); `drctl plan` validates through them too. They
 * read the shipped blueprint (templates/), never call AWS, and return text or data; the
 * caller prints it and picks the exit code (validate: problems or lint errors => 1).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDrctlError, ValidationError } from '../errors.js';
import { parseTemplate } from './cfn-yaml.js';
import { builtInProblems } from './checks.js';
import { type LintOptions, type LintResult, runCfnLint } from './lint.js';
import { locateTemplatesDir } from './locate.js';
import { describeSource, loadManifest, stackName, stackWaves } from './manifest.js';
import {
  type EnvFile,
  listEnvs,
  loadEnvFile,
  loadTemplates,
  type RenderedStack,
  renderStacks,
  stackSources,
} from './render.js';

export interface TemplatesOptions {
  /** Templates directory. Default: the one shipped with drctl (or DRCTL_TEMPLATES_DIR). */
  templatesDir?: string;
}

/**
 * Templates drctl ships outside the blueprint: deployed once by the operator (not by a
 * failover), listed and linted with the blueprint.
 */
export const STANDALONE_TEMPLATES: Record<string, string> = {
  'drill-schedule.yaml': 'scheduled drills (docs/drills.md)',
  'fleet-runner.yaml':
    'fleet failover on AWS Step Functions, one CodeBuild build per app (docs/fleet.md, "Step Functions runner")',
  'switch-arc.yaml': 'data-plane switch: ARC routing controls and failover records (docs/data-plane.md)',
  'switch-s3-object.yaml':
    'data-plane switch without ARC: S3 objects, health checks and failover records (docs/data-plane.md)',
};

/** The standalone templates present in a templates directory (a custom one may have none). */
function standaloneFiles(dir: string): string[] {
  return Object.keys(STANDALONE_TEMPLATES).filter((file) => existsSync(join(dir, file)));
}

function standaloneLines(dir: string): string[] {
  const files = standaloneFiles(dir);
  if (files.length === 0) return [];
  const lines = ['', 'deployed once, outside the blueprint (aws cloudformation deploy)'];
  for (const file of files) {
    const purpose = STANDALONE_TEMPLATES[file]!;
    const template = parseTemplate(readFileSync(join(dir, file), 'utf8'), file);
    lines.push(`  ${file}: ${purpose}`);
    lines.push(`    parameters: ${Object.keys(template.Parameters ?? {}).join(', ')}`);
  }
  return lines;
}

/** Every stack by wave, with each parameter and where its value comes from. */
export function templatesList(options: TemplatesOptions = {}): string {
  const dir = locateTemplatesDir({ override: options.templatesDir });
  const manifest = loadManifest(dir);
  const templates = loadTemplates(dir, manifest);
  const lines = [
    `Stacks in ${dir} (named ${stackName('<app>', '<env>', '<stack>')}; a wave's stacks deploy in parallel)`,
  ];
  stackWaves(manifest).forEach((wave, i) => {
    lines.push('', `wave ${i + 1}`);
    for (const key of wave) {
      const stack = manifest.stacks[key]!;
      const after = stack.dependsOn.length > 0 ? `, after ${stack.dependsOn.join(', ')}` : '';
      lines.push(`  ${key} (${stack.template}${after})${stack.description ? `: ${stack.description}` : ''}`);
      const sources = stackSources(manifest, key, templates[key]!);
      const declared = templates[key]!.Parameters ?? {};
      const width = Math.max(...Object.keys(declared).map((n) => n.length));
      for (const name of Object.keys(declared).sort()) {
        const src = sources[name];
        const d = declared[name]!.Default;
        const from = src !== undefined ? describeSource(src) : `template default ${JSON.stringify(d)}`;
        lines.push(`    ${name.padEnd(width)}  ${from}`);
      }
    }
  });
  lines.push(...standaloneLines(dir));
  return lines.join('\n');
}

export interface ValidateOptions extends TemplatesOptions {
  /** cfn-lint settings, or false to skip it. Default: run it when installed. */
  lint?: LintOptions | false;
}

export interface ValidateResult {
  /** Built-in problems, one sentence each: manifest, templates, env files. Empty = clean. */
  problems: string[];
  lint: LintResult;
}

/** Built-in checks plus cfn-lint (when installed). The blueprint is sound when
 * `problems` is empty and cfn-lint ran with no errors. */
export async function templatesValidate(options: ValidateOptions = {}): Promise<ValidateResult> {
  const dir = locateTemplatesDir({ override: options.templatesDir });
  let manifest: ReturnType<typeof loadManifest>;
  try {
    manifest = loadManifest(dir);
  } catch (e) {
    return { problems: problemsOf(e), lint: { ran: false, reason: 'the manifest is invalid' } };
  }
  const problems: string[] = [];
  let templates: ReturnType<typeof loadTemplates> = {};
  try {
    templates = loadTemplates(dir, manifest);
  } catch (e) {
    problems.push(...problemsOf(e));
  }
  const envs: Record<string, EnvFile> = {};
  for (const env of listEnvs(dir)) {
    try {
      envs[env] = loadEnvFile(dir, env);
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }
  if (problems.length === 0) {
    problems.push(...builtInProblems(manifest, templates, envs));
    // Each env file against the templates' constraints, without outputs or run-time values.
    for (const [env, envFile] of Object.entries(envs)) {
      try {
        renderStacks({
          manifest,
          templates,
          app: manifest.defaultApp,
          env,
          envFile,
          region: 'us-east-1',
          requireRuntime: false,
        });
      } catch (e) {
        problems.push(...problemsOf(e).filter((p) => !problems.includes(p)));
      }
    }
  }
  const files = [
    ...Object.values(manifest.stacks).map((s) => join(dir, s.template)),
    ...standaloneFiles(dir).map((file) => join(dir, file)),
  ];
  const lint: LintResult =
    options.lint === false ? { ran: false, reason: 'skipped' } : await runCfnLint(files, options.lint ?? {});
  return { problems, lint };
}

export interface RenderOptions extends TemplatesOptions {
  /** App name. Default: the manifest's defaultApp. */
  app?: string;
  /** Run-time values (CertificateArn, ContainerImage...). Missing required ones show as pending. */
  runtime?: Record<string, string>;
  /** Outputs of stacks already deployed, by stack key. */
  outputs?: Record<string, Record<string, string>>;
  /** JSON (an array of stacks) instead of text. Default false. */
  json?: boolean;
}

/** Merged parameters per stack for one environment and region; secrets masked. */
export function templatesRender(env: string, region: string, options: RenderOptions = {}): string {
  const dir = locateTemplatesDir({ override: options.templatesDir });
  const manifest = loadManifest(dir);
  const stacks = renderStacks({
    manifest,
    templates: loadTemplates(dir, manifest),
    app: options.app ?? manifest.defaultApp,
    env,
    envFile: loadEnvFile(dir, env),
    region,
    outputs: options.outputs,
    runtime: options.runtime,
    requireRuntime: false,
  });
  const masked = stacks.map(maskSecrets);
  // A --json result says how the command ended, like every other (docs/exit-codes.md).
  if (options.json === true)
    return JSON.stringify({ type: 'templates-render', exitCode: 0, stacks: masked }, null, 2);
  return masked.map((s) => renderText(s, region)).join('\n\n');
}

function maskSecrets(s: RenderedStack): RenderedStack {
  return {
    ...s,
    parameters: s.parameters.map((p) => (p.secret && p.value !== undefined ? { ...p, value: '****' } : p)),
  };
}

function renderText(s: RenderedStack, region: string): string {
  const width = Math.max(...s.parameters.map((p) => p.name.length));
  const head = `${s.stackName} (${s.template}, wave ${s.wave + 1}, ${region})`;
  const rows = s.parameters.map((p) => {
    const shown =
      p.status === 'set'
        ? p.value!
        : p.status === 'pending'
          ? `<pending: ${p.source}>`
          : '<template default>';
    return `  ${p.name.padEnd(width)}  ${shown}`;
  });
  return [head, ...rows].join('\n');
}

function problemsOf(e: unknown): string[] {
  if (e instanceof ValidationError) return e.problems;
  if (isDrctlError(e)) return [e.message];
  throw e;
}
