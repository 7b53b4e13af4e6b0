import { describe, expect, it } from 'vitest';
import { builtInProblems, envParityProblems, isSizeOrCount } from '../../src/templates/checks.js';
import { type EnvFile, listEnvs, loadEnvFile } from '../../src/templates/render.js';
import { dir, manifest, templates } from './blueprint.js';

const envs: Record<string, EnvFile> = Object.fromEntries(listEnvs(dir).map((e) => [e, loadEnvFile(dir, e)]));

describe('env files: one blueprint, smaller sizes (host parity)', () => {
  it('ships prod, test and dev', () => {
    expect(Object.keys(envs)).toEqual(['dev', 'prod', 'test']);
  });

  it('have the same keys, and differ only in numbers or instance classes/types', () => {
    const keys = Object.values(envs).map((e) => Object.keys(e).sort());
    for (const k of keys) expect(k).toEqual(keys[0]);
    const prod = envs.prod!;
    let differing = 0;
    for (const key of Object.keys(prod)) {
      const values = Object.values(envs).map((e) => e[key]);
      if (new Set(values).size > 1) {
        differing++;
        for (const v of values) expect(isSizeOrCount(v), `${key}=${v}`).toBe(true);
      }
    }
    expect(differing).toBeGreaterThan(0);
    expect(envParityProblems(envs)).toEqual([]);
  });

  it('make test and dev no bigger than prod', () => {
    for (const key of [
      'AsgMaxSize',
      'AsgDesiredCapacity',
      'ServiceMaxCount',
      'TaskCpu',
      'NatGatewayCount',
    ] as const) {
      expect(Number(envs.test![key])).toBeLessThanOrEqual(Number(envs.prod![key]));
      expect(Number(envs.dev![key])).toBeLessThanOrEqual(Number(envs.test![key]));
    }
  });

  it('parity check names a key that differs in something other than a size', () => {
    const problems = envParityProblems({
      a: { LaunchType: 'EC2', N: 1 },
      b: { LaunchType: 'FARGATE', N: 2 },
    });
    expect(problems).toEqual([
      'LaunchType differs between environments ("EC2" / "FARGATE") but is not a size or count: keep it the same everywhere (host parity).',
    ]);
    expect(envParityProblems({ a: { X: 1 }, b: {} })).toEqual(['X is set for a but not for b.']);
  });

  it('pass every built-in check together with the manifest and templates', () => {
    expect(builtInProblems(manifest, templates, envs)).toEqual([]);
  });
});
