/**
 * The stack manifest (templates/manifest.yaml): which stacks make up the blueprint, what
 * each depends on, and where each template parameter's value comes from. Stacks are
 * deployed in waves: every stack in a wave depends only on earlier waves, so a wave's
 * stacks can be created in parallel. The schema is documented in docs/templates.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DrctlError, ValidationError } from '../errors.js';

const optional = { optional: z.boolean().optional() };

/** Where one parameter's value comes from. Exactly one kind per source. */
const ParameterSourceSchema = z.union([
  z.strictObject({ context: z.enum(['app', 'env', 'region']), ...optional }),
  z.strictObject({ env: z.string().min(1), ...optional }),
  z.strictObject({ from: z.string().min(1), output: z.string().min(1), ...optional }),
  z.strictObject({ runtime: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), ...optional }),
  z.strictObject({ format: z.string().min(1), ...optional }),
  z.strictObject({ value: z.union([z.string(), z.number(), z.boolean()]), ...optional }),
]);
export type ParameterSource = z.infer<typeof ParameterSourceSchema>;

const STACK_KEY = /^[a-z][a-z0-9-]{0,19}$/;

const StackEntrySchema = z.strictObject({
  /** Template file, relative to the templates directory. */
  template: z.string().regex(/^[A-Za-z0-9._-]+\.ya?ml$/, 'a .yaml file name in the templates directory'),
  description: z.string().optional(),
  /** Stacks that must be complete first; every `from` stack must be listed. Default none. */
  dependsOn: z.array(z.string().regex(STACK_KEY)).default([]),
  /** Template parameter name -> source. Parameters not listed keep their template Default. */
  parameters: z.record(z.string(), ParameterSourceSchema).default({}),
});

const ManifestSchema = z.strictObject({
  version: z.literal(1),
  /** App name used when drctl's configuration names none. */
  defaultApp: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/),
  /** Sources applied to every stack whose template declares a parameter of that name. */
  common: z.record(z.string(), ParameterSourceSchema).default({}),
  stacks: z.record(z.string().regex(STACK_KEY, 'stack keys are short lowercase words'), StackEntrySchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** `<app>-<env>-<stack>`: the CloudFormation stack name of one blueprint stack. */
export function stackName(app: string, env: string, stack: string): string {
  return `${app}-${env}-${stack}`;
}

/** One line describing a source: `network.VpcId`, `env VpcCidr`, `runtime CertificateArn`... */
export function describeSource(s: ParameterSource): string {
  const opt = s.optional ? ' (optional)' : '';
  if ('context' in s) return `context ${s.context}${opt}`;
  if ('env' in s) return `env ${s.env}${opt}`;
  if ('from' in s) return `output ${s.from}.${s.output}${opt}`;
  if ('runtime' in s) return `runtime ${s.runtime}${opt}`;
  if ('format' in s) return `format '${s.format}'${opt}`;
  return `value ${JSON.stringify(s.value)}${opt}`;
}

/** Parse and check a manifest: schema, references between stacks, and acyclic order. */
export function parseManifest(text: string, source = 'manifest.yaml'): Manifest {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new ValidationError(
      [`${source} is not valid YAML: ${e instanceof Error ? e.message : e}`],
      'manifest',
    );
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${source}: ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}.`,
    );
    throw new ValidationError(problems, 'manifest');
  }
  const manifest = parsed.data;
  const problems = referenceProblems(manifest, source);
  if (problems.length > 0) throw new ValidationError(problems, 'manifest');
  stackWaves(manifest); // throws on a cycle
  return manifest;
}

function referenceProblems(m: Manifest, source: string): string[] {
  const problems: string[] = [];
  const keys = new Set(Object.keys(m.stacks));
  for (const [key, stack] of Object.entries(m.stacks)) {
    for (const dep of stack.dependsOn) {
      if (!keys.has(dep)) problems.push(`${source}: stack ${key} depends on ${dep}, which is not a stack.`);
      if (dep === key) problems.push(`${source}: stack ${key} depends on itself.`);
    }
    for (const [param, src] of Object.entries(stack.parameters)) {
      if (!('from' in src)) continue;
      if (!keys.has(src.from)) {
        problems.push(
          `${source}: stack ${key} parameter ${param} reads from ${src.from}, which is not a stack.`,
        );
      } else if (!stack.dependsOn.includes(src.from)) {
        problems.push(
          `${source}: stack ${key} parameter ${param} reads an output of ${src.from}; add ${src.from} to its dependsOn.`,
        );
      }
    }
  }
  for (const [param, src] of Object.entries(m.common)) {
    if ('from' in src) problems.push(`${source}: common parameter ${param} cannot read a stack output.`);
  }
  return problems;
}

/**
 * Stacks grouped into deployment waves (Kahn's algorithm, keys sorted within a wave so the
 * order is stable). A cycle is a user error naming the stacks on it.
 */
export function stackWaves(m: Pick<Manifest, 'stacks'>): string[][] {
  const remaining = new Map(Object.entries(m.stacks).map(([k, s]) => [k, new Set(s.dependsOn)]));
  const waves: string[][] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([k]) => k);
    if (ready.length === 0) {
      throw new DrctlError(
        'CONFIG_INVALID',
        `The stacks depend on each other in a cycle: ${findCycle(remaining)}.`,
        { hints: ['Remove one dependsOn (or the output it reads) so the stacks can be ordered.'] },
      );
    }
    ready.sort();
    waves.push(ready);
    for (const k of ready) remaining.delete(k);
    for (const deps of remaining.values()) for (const k of ready) deps.delete(k);
  }
  return waves;
}

/** One cycle among stacks that could not be ordered, as `a -> b -> a`. */
function findCycle(graph: Map<string, Set<string>>): string {
  const start = [...graph.keys()].sort()[0]!;
  const path: string[] = [];
  let node: string | undefined = start;
  while (node !== undefined && !path.includes(node)) {
    path.push(node);
    node = [...(graph.get(node) ?? [])].sort().find((d) => graph.has(d));
  }
  if (node === undefined) return path.join(' -> ');
  return [...path.slice(path.indexOf(node)), node].join(' -> ');
}

/** Read and check `<dir>/manifest.yaml`. */
export function loadManifest(templatesDir: string): Manifest {
  const path = join(templatesDir, 'manifest.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DrctlError('CONFIG_NOT_FOUND', `No stack manifest at ${path}.`, { cause: e });
  }
  return parseManifest(text, path);
}
