/**
 * Built-in checks of the blueprint that need no AWS and no cfn-lint: the manifest agrees
 * with the templates, every template carries the common conventions, and the env files
 * keep host parity (same keys; values differ only in sizes and counts).
 */
import type { CfnTemplate } from './cfn-yaml.js';
import type { Manifest } from './manifest.js';
import { blueprintProblems, type EnvFile } from './render.js';

/** Keys every template shares: names and tags derive from them. */
const COMMON_PARAMETERS = ['AppName', 'EnvName'] as const;

/** Conventions every shipped template follows. */
function conventionProblems(file: string, t: CfnTemplate): string[] {
  const problems: string[] = [];
  if (t.AWSTemplateFormatVersion !== '2010-09-09')
    problems.push(`${file}: AWSTemplateFormatVersion must be '2010-09-09'.`);
  if (typeof t.Description !== 'string' || t.Description.trim() === '')
    problems.push(`${file}: it has no Description.`);
  for (const name of COMMON_PARAMETERS) {
    if (t.Parameters?.[name] === undefined) problems.push(`${file}: it lacks the common parameter ${name}.`);
  }
  for (const [name, p] of Object.entries(t.Parameters ?? {})) {
    if (typeof p.Description !== 'string' || p.Description === '')
      problems.push(`${file}: parameter ${name} has no Description.`);
  }
  return problems;
}

/** A value that may differ between environments: a number or an instance class/type. */
export function isSizeOrCount(value: unknown): boolean {
  if (typeof value === 'number') return true;
  // EC2 types (m6i.large) and RDS classes (db.r6g.large).
  return typeof value === 'string' && /^(db\.)?[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(value);
}

/** Host parity: same keys in every env file, and differing values are sizes or counts. */
export function envParityProblems(envs: Record<string, EnvFile>): string[] {
  const problems: string[] = [];
  const names = Object.keys(envs).sort();
  const allKeys = [...new Set(names.flatMap((n) => Object.keys(envs[n]!)))].sort();
  for (const key of allKeys) {
    const missing = names.filter((n) => !(key in envs[n]!));
    if (missing.length > 0)
      problems.push(
        `${key} is set for ${names.filter((n) => !missing.includes(n)).join(', ')} but not for ${missing.join(', ')}.`,
      );
    const values = names.filter((n) => key in envs[n]!).map((n) => envs[n]![key]);
    const distinct = new Set(values.map((v) => JSON.stringify(v)));
    if (distinct.size > 1 && !values.every(isSizeOrCount)) {
      problems.push(
        `${key} differs between environments (${[...distinct].join(' / ')}) but is not a size or count: keep it the same everywhere (host parity).`,
      );
    }
  }
  return problems;
}

/** All built-in checks over a loaded blueprint. */
export function builtInProblems(
  manifest: Manifest,
  templates: Record<string, CfnTemplate>,
  envs: Record<string, EnvFile>,
): string[] {
  const conventions = Object.entries(manifest.stacks).flatMap(([key, s]) =>
    templates[key] === undefined ? [] : conventionProblems(s.template, templates[key]),
  );
  return [...blueprintProblems(manifest, templates), ...conventions, ...envParityProblems(envs)];
}
