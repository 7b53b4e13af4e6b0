import { describe, expect, it } from 'vitest';
import { DrctlError, ValidationError } from '../../src/errors.js';
import { parseManifest, stackName, stackWaves } from '../../src/templates/manifest.js';
import { manifest } from './blueprint.js';

function stacks(deps: Record<string, string[]>) {
  return {
    stacks: Object.fromEntries(
      Object.entries(deps).map(([k, d]) => [k, { template: `${k}.yaml`, dependsOn: d, parameters: {} }]),
    ),
  };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

const yaml = (body: string) => `version: 1\ndefaultApp: shop\n${body}`;

describe('manifest', () => {
  it('orders the shipped stacks in three waves: independent stacks deploy together', () => {
    expect(stackWaves(manifest)).toEqual([['network', 'security'], ['data', 'edge', 'media'], ['compute']]);
  });

  it('names stacks <app>-<env>-<stack>', () => {
    expect(stackName('shop', 'prod', 'network')).toBe('shop-prod-network');
  });

  it('detects a cycle and names the stacks on it', () => {
    const fn = () => stackWaves(stacks({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'] }));
    expect(fn).toThrow(DrctlError);
    expect(fn).toThrow('The stacks depend on each other in a cycle: b -> d -> c -> b.');
  });

  it('puts a diamond in three waves', () => {
    expect(stackWaves(stacks({ top: [], left: ['top'], right: ['top'], bottom: ['left', 'right'] }))).toEqual(
      [['top'], ['left', 'right'], ['bottom']],
    );
  });

  it('rejects an output read from a stack not listed in dependsOn', () => {
    const text = yaml(`stacks:
  a: { template: a.yaml, parameters: { X: { from: b, output: Y } } }
  b: { template: b.yaml }
`);
    expect(problemsOf(() => parseManifest(text, 'm.yaml'))).toEqual([
      'm.yaml: stack a parameter X reads an output of b; add b to its dependsOn.',
    ]);
  });

  it('rejects unknown dependencies and unknown source kinds, one sentence each', () => {
    const text = yaml(`stacks:
  a: { template: a.yaml, dependsOn: [ghost], parameters: { X: { secret: y } } }
`);
    const problems = problemsOf(() => parseManifest(text, 'm.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^m\.yaml: stacks\.a\.parameters\.X: /);
    expect(
      problemsOf(() =>
        parseManifest(yaml('stacks:\n  a: { template: a.yaml, dependsOn: [ghost] }\n'), 'm.yaml'),
      ),
    ).toEqual(['m.yaml: stack a depends on ghost, which is not a stack.']);
  });

  it('rejects a cycle while parsing', () => {
    const text = yaml(`stacks:
  a: { template: a.yaml, dependsOn: [b] }
  b: { template: b.yaml, dependsOn: [a] }
`);
    expect(() => parseManifest(text)).toThrow('cycle: a -> b -> a');
  });
});
