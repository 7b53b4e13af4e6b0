/**
 * Merges parameters per stack for one environment and region: the manifest says where each
 * parameter comes from (context, env file, earlier stack output, run-time value, format,
 * constant); the templates say which parameters exist and what values they allow. Every
 * problem is collected and reported at once, one sentence each, before anything deploys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DrctlError, ValidationError } from '../errors.js';
import { type CfnParameter, type CfnTemplate, parseTemplate } from './cfn-yaml.js';
import { describeSource, type Manifest, type ParameterSource, stackName, stackWaves } from './manifest.js';

/** One env file (templates/params/<env>.yaml): a flat map of scalars. */
export type EnvFile = Record<string, string | number | boolean>;

const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Environments that have a params file, sorted. */
export function listEnvs(templatesDir: string): string[] {
  return readdirSync(join(templatesDir, 'params'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Read `params/<env>.yaml`, refusing unknown environments and non-scalar values. */
export function loadEnvFile(templatesDir: string, env: string): EnvFile {
  const known = listEnvs(templatesDir);
  if (!ENV_NAME.test(env) || !known.includes(env)) {
    throw new ValidationError(
      [`Unknown environment "${env}": choose one of ${known.join(', ')}.`],
      'environment',
    );
  }
  const path = join(templatesDir, 'params', `${env}.yaml`);
  const raw: unknown = parse(readFileSync(path, 'utf8'));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationError([`${path} must be a map of parameter names to values.`], 'environment file');
  }
  const problems = Object.entries(raw)
    .filter(([, v]) => !['string', 'number', 'boolean'].includes(typeof v))
    .map(([k]) => `${path}: ${k} must be a single string, number or boolean.`);
  if (problems.length > 0) throw new ValidationError(problems, 'environment file');
  return raw as EnvFile;
}

/** Parse every template the manifest names, keyed by stack. */
export function loadTemplates(templatesDir: string, manifest: Manifest): Record<string, CfnTemplate> {
  const out: Record<string, CfnTemplate> = {};
  for (const [key, stack] of Object.entries(manifest.stacks)) {
    const path = join(templatesDir, stack.template);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new DrctlError('CONFIG_NOT_FOUND', `Stack ${key}: its template ${path} does not exist.`, {
        cause: e,
      });
    }
    out[key] = parseTemplate(text, stack.template);
  }
  return out;
}

/** The sources that apply to one stack: its own, plus common ones its template declares. */
export function stackSources(
  manifest: Manifest,
  key: string,
  template: CfnTemplate,
): Record<string, ParameterSource> {
  const declared = template.Parameters ?? {};
  const common = Object.entries(manifest.common).filter(([name]) => name in declared);
  return { ...Object.fromEntries(common), ...manifest.stacks[key]!.parameters };
}

/** Manifest-versus-template problems that hold whatever the environment or region. */
export function blueprintProblems(manifest: Manifest, templates: Record<string, CfnTemplate>): string[] {
  const problems: string[] = [];
  for (const [key, stack] of Object.entries(manifest.stacks)) {
    const template = templates[key];
    if (template === undefined) continue;
    const declared = template.Parameters ?? {};
    const sources = stackSources(manifest, key, template);
    for (const [name, src] of Object.entries(sources)) {
      if (!(name in declared)) {
        problems.push(
          `Stack ${key}: manifest.yaml sets parameter ${name}, which ${stack.template} does not declare.`,
        );
      }
      if ('from' in src) {
        const output = templates[src.from]?.Outputs?.[src.output];
        if (output === undefined) {
          problems.push(
            `Stack ${key}: parameter ${name} reads output ${src.output} of ${src.from}, which has no such output.`,
          );
        } else if (output.Condition !== undefined) {
          problems.push(
            `Stack ${key}: parameter ${name} reads output ${src.from}.${src.output}, which exists only under condition ${output.Condition}.`,
          );
        }
      }
    }
    for (const [name, p] of Object.entries(declared)) {
      if (p.Default === undefined && !(name in sources)) {
        problems.push(
          `Stack ${key}: ${stack.template} parameter ${name} has no Default and manifest.yaml gives it no source.`,
        );
      }
    }
  }
  return problems;
}

export interface RenderInput {
  manifest: Manifest;
  templates: Record<string, CfnTemplate>;
  app: string;
  env: string;
  envFile: EnvFile;
  region: string;
  /** Outputs of stacks already deployed, by stack key. Consumers of other stacks stay pending. */
  outputs?: Record<string, Record<string, string>>;
  /** Values drctl supplies at run time (CertificateArn, ContainerImage, SnapshotIdentifier...). */
  runtime?: Record<string, string>;
  /** A missing required run-time value is a problem (true, for deploys) or left pending
   * (false, for previews such as `drctl templates render`). Default true. */
  requireRuntime?: boolean;
}

interface RenderedParameter {
  name: string;
  /** Where the value comes from, as one phrase (`output network.VpcId`, `env InstanceType`). */
  source: string;
  /** `set`: passed to CloudFormation; `default`: left out so the template Default applies;
   * `pending`: an output of a stack not deployed yet, or a run-time value not given yet. */
  status: 'set' | 'default' | 'pending';
  value?: string;
  /** NoEcho in the template: never print or journal the value. */
  secret: boolean;
}

export interface RenderedStack {
  key: string;
  stackName: string;
  template: string;
  /** 0-based deployment wave; stacks in one wave can deploy in parallel. */
  wave: number;
  dependsOn: string[];
  parameters: RenderedParameter[];
}

/** Compute every stack's parameters, or throw one ValidationError listing every problem. */
export function renderStacks(input: RenderInput): RenderedStack[] {
  const { manifest, templates, envFile, region } = input;
  const runtime = input.runtime ?? {};
  const problems: string[] = [];
  if (!REGION.test(region)) problems.push(`"${region}" is not an AWS region name such as us-east-1.`);
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(input.app)) {
    problems.push(
      `App name "${input.app}" must be 2-16 lowercase letters, digits or hyphens, starting with a letter.`,
    );
  }
  problems.push(...blueprintProblems(manifest, templates));

  const usedEnv = new Set<string>();
  const usedRuntime = new Set<string>();
  const context = { app: input.app, env: input.env, region };
  const rendered: RenderedStack[] = [];

  stackWaves(manifest).forEach((wave, waveIndex) => {
    for (const key of wave) {
      const stack = manifest.stacks[key]!;
      const template = templates[key]!;
      const declared = template.Parameters ?? {};
      const parameters: RenderedParameter[] = [];
      for (const [name, src] of Object.entries(stackSources(manifest, key, template))) {
        if ('env' in src) usedEnv.add(src.env);
        if ('runtime' in src) usedRuntime.add(src.runtime);
        const decl = declared[name];
        const r = resolve(src, { envFile, runtime, outputs: input.outputs, context });
        if ('runtime' in src && r.value === undefined && !src.optional && input.requireRuntime === false) {
          r.pending = true;
        }
        const where = `Stack ${key} parameter ${name}`;
        if (r.problem !== undefined && !src.optional && !r.pending) problems.push(`${where}: ${r.problem}`);
        const secret = decl?.NoEcho === true || decl?.NoEcho === 'true';
        const base = { name, source: describeSource(src), secret };
        if (r.pending) {
          parameters.push({ ...base, status: 'pending' });
        } else if (r.value === undefined || (src.optional && r.value === '')) {
          parameters.push({ ...base, status: 'default' });
        } else {
          const bad = decl === undefined ? undefined : constraintProblem(r.value, decl, secret);
          if (bad !== undefined) problems.push(`${where}: ${bad}`);
          parameters.push({ ...base, status: 'set', value: r.value });
        }
      }
      parameters.sort((a, b) => a.name.localeCompare(b.name));
      rendered.push({
        key,
        stackName: stackName(input.app, input.env, key),
        template: stack.template,
        wave: waveIndex,
        dependsOn: [...stack.dependsOn],
        parameters,
      });
    }
  });

  for (const k of Object.keys(envFile)) {
    if (!usedEnv.has(k))
      problems.push(
        `params/${input.env}.yaml sets ${k}, which no stack uses: remove it or add it to manifest.yaml.`,
      );
  }
  const runtimeNames = [...collectRuntime(manifest)].sort();
  for (const k of Object.keys(runtime)) {
    if (!usedRuntime.has(k))
      problems.push(`Run-time value ${k} is not taken by any stack (known: ${runtimeNames.join(', ')}).`);
  }
  if (problems.length > 0) throw new ValidationError([...new Set(problems)], 'stack parameters');
  return rendered;
}

/** Every run-time value name any stack takes. */
function collectRuntime(manifest: Manifest): Set<string> {
  const names = new Set<string>();
  for (const s of [manifest.common, ...Object.values(manifest.stacks).map((x) => x.parameters)]) {
    for (const src of Object.values(s)) if ('runtime' in src) names.add(src.runtime);
  }
  return names;
}

interface Resolved {
  value?: string;
  pending?: boolean;
  problem?: string;
}

interface ResolveContext {
  envFile: EnvFile;
  runtime: Record<string, string>;
  outputs: Record<string, Record<string, string>> | undefined;
  context: { app: string; env: string; region: string };
}

function resolve(src: ParameterSource, c: ResolveContext): Resolved {
  if ('context' in src) return { value: c.context[src.context] };
  if ('value' in src) return { value: String(src.value) };
  if ('env' in src) {
    const v = c.envFile[src.env];
    return v === undefined
      ? {
          problem: `params/${c.context.env}.yaml has no ${src.env}; add it (every env file needs the same keys).`,
        }
      : { value: String(v) };
  }
  if ('runtime' in src) {
    const v = c.runtime[src.runtime];
    return v === undefined
      ? { problem: `run-time value ${src.runtime} is required; drctl must be given it.` }
      : { value: v };
  }
  if ('from' in src) {
    const outs = c.outputs?.[src.from];
    if (outs === undefined) return { pending: true };
    const v = outs[src.output];
    return v === undefined
      ? {
          problem: `stack ${src.from} has no output ${src.output} (it has: ${Object.keys(outs).sort().join(', ') || 'none'}).`,
        }
      : { value: v };
  }
  const unknown = [...src.format.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((p) => !(p in c.context));
  if (unknown.length > 0)
    return { problem: `format uses unknown placeholder {${unknown[0]}} (known: {app}, {env}, {region}).` };
  return {
    value: src.format.replace(/\{(app|env|region)\}/g, (_, k: 'app' | 'env' | 'region') => c.context[k]),
  };
}

/** The template's own constraints, checked here so CloudFormation never has to reject them. */
function constraintProblem(value: string, p: CfnParameter, secret: boolean): string | undefined {
  const shown = secret ? 'the value' : `"${value}"`;
  if (p.AllowedValues !== undefined && !p.AllowedValues.map(String).includes(value)) {
    return `${shown} is not one of ${p.AllowedValues.join(', ')}.`;
  }
  if (p.Type === 'Number') {
    const n = Number(value);
    if (value.trim() === '' || Number.isNaN(n)) return `${shown} is not a number.`;
    if (p.MinValue !== undefined && n < p.MinValue) return `${shown} is below the minimum ${p.MinValue}.`;
    if (p.MaxValue !== undefined && n > p.MaxValue) return `${shown} is above the maximum ${p.MaxValue}.`;
  }
  if (
    p.Type === 'String' &&
    p.AllowedPattern !== undefined &&
    !new RegExp(`^(?:${p.AllowedPattern})$`).test(value)
  ) {
    return `${shown} does not match ${p.AllowedPattern}${p.ConstraintDescription ? ` (${p.ConstraintDescription})` : ''}.`;
  }
  return undefined;
}
