/** Test helpers: the shipped blueprint, parsed once, and small walkers over it. */
import { join } from 'node:path';
import type { CfnResource, CfnTemplate } from '../../src/templates/cfn-yaml.js';
import { locateTemplatesDir } from '../../src/templates/locate.js';
import { loadManifest, type ParameterSource } from '../../src/templates/manifest.js';
import { loadTemplates } from '../../src/templates/render.js';

export const dir = locateTemplatesDir();
export const manifest = loadManifest(dir);
export const templates: Record<string, CfnTemplate> = loadTemplates(dir, manifest);
export const templateFiles = Object.values(manifest.stacks).map((s) => join(dir, s.template));

export function template(stack: string): CfnTemplate {
  const t = templates[stack];
  if (t === undefined) throw new Error(`no stack ${stack}`);
  return t;
}

/** Resources of a type in one stack, as [logicalId, resource]. */
export function ofType(stack: string, type: string): [string, CfnResource][] {
  return Object.entries(template(stack).Resources).filter(([, r]) => r.Type === type);
}

export function only(stack: string, type: string): [string, CfnResource] {
  const all = ofType(stack, type);
  if (all.length !== 1) throw new Error(`${stack}: expected one ${type}, found ${all.length}`);
  return all[0]!;
}

// biome-ignore lint/suspicious/noExplicitAny: tests walk loosely-typed template data.
export function props(r: CfnResource): any {
  return r.Properties ?? {};
}

/** `{Ref: x}` -> x, else undefined. */
export function refName(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null && 'Ref' in v ? String((v as { Ref: unknown }).Ref) : undefined;
}

/** Where a stack's parameter comes from in the manifest (stack's own or common). */
export function sourceOf(stack: string, param: string): ParameterSource | undefined {
  return manifest.stacks[stack]?.parameters[param] ?? manifest.common[param];
}

/**
 * Follows a stack parameter to the value of the output that feeds it, in the producing
 * stack's template: e.g. compute.AppSecurityGroupId -> network output -> {Ref: AppSecurityGroup}.
 */
export function producedBy(stack: string, param: string): { stack: string; value: unknown } {
  const src = sourceOf(stack, param);
  if (src === undefined || !('from' in src)) throw new Error(`${stack}.${param} is not fed by an output`);
  const out = template(src.from).Outputs?.[src.output];
  if (out === undefined) throw new Error(`${src.from} has no output ${src.output}`);
  return { stack: src.from, value: out.Value };
}

/** Every IAM policy statement of a role (inline policies, with Fn::If branches flattened). */
// biome-ignore lint/suspicious/noExplicitAny: template data.
export function roleStatements(role: CfnResource): any[] {
  // biome-ignore lint/suspicious/noExplicitAny: template data.
  const policies: any[] = props(role).Policies ?? [];
  return policies
    .flatMap((p) => ('Fn::If' in p ? [p['Fn::If'][1], p['Fn::If'][2]] : [p]))
    .filter((p) => typeof p === 'object' && p !== null && 'PolicyDocument' in p)
    .flatMap((p) => p.PolicyDocument.Statement);
}

export function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
