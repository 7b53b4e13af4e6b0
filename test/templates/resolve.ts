/**
 * A small evaluator of a template's Conditions and Fn::If for given parameter values (the
 * rest take their Default), so tests can check what a stack becomes with an option on or
 * off. Covers the intrinsics the blueprint's conditions use: Ref, Fn::Equals, Fn::Not,
 * Fn::And, Fn::Or, Condition.
 */
import type { CfnTemplate } from '../../src/templates/cfn-yaml.js';

type Values = Record<string, string>;

function value(t: CfnTemplate, v: unknown, params: Values): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if ('Ref' in o) {
    const name = String(o.Ref);
    return params[name] ?? t.Parameters?.[name]?.Default ?? `<${name}>`;
  }
  return v;
}

export function condition(t: CfnTemplate, name: string, params: Values): boolean {
  const def = t.Conditions?.[name];
  if (def === undefined) throw new Error(`no condition ${name}`);
  return evaluate(t, def, params);
}

function evaluate(t: CfnTemplate, c: unknown, params: Values): boolean {
  const o = c as Record<string, unknown[]> & { Condition?: string };
  if (typeof o.Condition === 'string') return condition(t, o.Condition, params);
  if (o['Fn::Equals'])
    return String(value(t, o['Fn::Equals'][0], params)) === String(value(t, o['Fn::Equals'][1], params));
  if (o['Fn::Not']) return !evaluate(t, o['Fn::Not'][0], params);
  if (o['Fn::And']) return o['Fn::And'].every((x) => evaluate(t, x, params));
  if (o['Fn::Or']) return o['Fn::Or'].some((x) => evaluate(t, x, params));
  throw new Error(`unsupported condition ${JSON.stringify(c)}`);
}

const NO_VALUE = Symbol('NoValue');

/** `v` with every Fn::If decided and AWS::NoValue removed (other intrinsics left as they are). */
// biome-ignore lint/suspicious/noExplicitAny: template data.
export function resolve(t: CfnTemplate, v: unknown, params: Values = {}): any {
  const r = walk(t, v, params);
  return r === NO_VALUE ? undefined : r;
}

function walk(t: CfnTemplate, v: unknown, params: Values): unknown {
  if (Array.isArray(v)) return v.map((x) => walk(t, x, params)).filter((x) => x !== NO_VALUE);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (o.Ref === 'AWS::NoValue') return NO_VALUE;
  if ('Fn::If' in o) {
    const [name, yes, no] = o['Fn::If'] as [string, unknown, unknown];
    return walk(t, condition(t, name, params) ? yes : no, params);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    const w = walk(t, x, params);
    if (w !== NO_VALUE) out[k] = w;
  }
  return out;
}

/** The resources that exist for these parameter values, resolved. */
export function resourcesFor(t: CfnTemplate, params: Values = {}) {
  return Object.fromEntries(
    Object.entries(t.Resources)
      .filter(([, r]) => r.Condition === undefined || condition(t, r.Condition, params))
      .map(([id, r]) => [id, { Type: r.Type, Properties: resolve(t, r.Properties ?? {}, params) }]),
  );
}
