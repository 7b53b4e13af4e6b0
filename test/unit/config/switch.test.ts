/**
 * The `switch`, `lock.store` and `verification.nameServers` settings (docs/data-plane.md):
 * defaults by mode, and each cross-field rule refusing its bad input in one sentence.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { ValidationError } from '../../../src/errors.js';
import { configWith } from './fixtures.js';

const ARN = (r: string) =>
  `arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/${r.replace(/-/g, '')}`;
const REGIONS = ['ap-southeast-1', 'us-east-1', 'us-west-2'];
const THIRD = 'eu-west-1';

const arcSwitch = () => ({
  mode: 'arc',
  arc: {
    endpoints: [
      { region: 'us-east-1', url: 'https://abcd.route53-recovery-cluster.us-east-1.amazonaws.com/v1' },
    ],
    controls: Object.fromEntries(REGIONS.map((r) => [r, ARN(r)])),
  },
});
const s3Lock = () => ({ store: 's3', s3: { bucket: 'acme-dr-locks', region: THIRD } });

function problems(edit: Parameters<typeof configWith>[0]): string[] {
  try {
    parseConfig(configWith(edit), '/tmp');
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
}

function parsed(edit: Parameters<typeof configWith>[0]) {
  return parseConfig(configWith(edit), '/tmp');
}

describe('switch config', () => {
  it('defaults to records mode, the control plane used, the Route 53 lock', () => {
    const c = parsed(() => undefined);
    expect(c.switch).toEqual({ mode: 'records', controlPlane: 'use' });
    expect(c.lock.store).toBe('route53');
    expect(c.verification.nameServers).toEqual([]);
  });

  it('arc and s3-object avoid the control plane unless told otherwise', () => {
    const arc = parsed((c) => Object.assign(c, { switch: arcSwitch(), lock: s3Lock() }));
    expect(arc.switch.controlPlane).toBe('avoid');
    expect(arc.lock.s3?.prefix).toBe('drctl/locks/');
    const s3 = parsed((c) =>
      Object.assign(c, {
        switch: {
          mode: 's3-object',
          s3Object: {
            bucket: 'acme-dr-switch',
            region: THIRD,
            keys: Object.fromEntries(REGIONS.map((r) => [r, `switch/${r}`])),
          },
        },
        lock: s3Lock(),
      }),
    );
    expect(s3.switch.controlPlane).toBe('avoid');
    const used = parsed((c) =>
      Object.assign(c, { switch: { ...arcSwitch(), controlPlane: 'use' }, lock: { store: 'route53' } }),
    );
    expect(used.switch.controlPlane).toBe('use');
  });

  it('accepts authoritative name servers with ports', () => {
    const c = parsed((c) => {
      c.verification = { ...c.verification, nameServers: ['198.51.100.1', '127.0.0.1:5353'] } as never;
    });
    expect(c.verification.nameServers).toEqual(['198.51.100.1', '127.0.0.1:5353']);
  });

  const cases: [string, Parameters<typeof configWith>[0], RegExp][] = [
    [
      'avoid with the Route 53 lock',
      (c) => Object.assign(c, { switch: arcSwitch() }),
      /^lock\.store: must be s3 when switch\.controlPlane is avoid/,
    ],
    [
      'records mode avoiding the control plane',
      (c) => Object.assign(c, { switch: { mode: 'records', controlPlane: 'avoid' }, lock: s3Lock() }),
      /^switch\.controlPlane: avoid needs a data-plane switch/,
    ],
    [
      'arc without its section',
      (c) => Object.assign(c, { switch: { mode: 'arc' }, lock: s3Lock() }),
      /^switch\.arc: is needed by mode arc/,
    ],
    [
      'arc without a control for the primary region',
      (c) => {
        const sw = arcSwitch();
        delete (sw.arc.controls as Record<string, string>)['ap-southeast-1'];
        Object.assign(c, { switch: sw, lock: s3Lock() });
      },
      /^switch\.arc\.controls: has no routing control for region ap-southeast-1/,
    ],
    [
      'arc without a control for a target region',
      (c) => {
        const sw = arcSwitch();
        delete (sw.arc.controls as Record<string, string>)['us-west-2'];
        Object.assign(c, { switch: sw, lock: s3Lock() });
      },
      /has no routing control for region us-west-2/,
    ],
    [
      'a routing control that is not an ARN',
      (c) => {
        const sw = arcSwitch();
        (sw.arc.controls as Record<string, string>)['us-east-1'] = 'rc-123';
        Object.assign(c, { switch: sw, lock: s3Lock() });
      },
      /^switch\.arc\.controls\.us-east-1: not a routing control ARN/,
    ],
    [
      'six cluster endpoints',
      (c) => {
        const sw = arcSwitch();
        sw.arc.endpoints = Array.from({ length: 6 }, () => sw.arc.endpoints[0]!);
        Object.assign(c, { switch: sw, lock: s3Lock() });
      },
      /^switch\.arc\.endpoints: must be at most 5/,
    ],
    [
      'the s3-object bucket in the primary region',
      (c) =>
        Object.assign(c, {
          switch: {
            mode: 's3-object',
            s3Object: {
              bucket: 'acme-dr-switch',
              region: 'ap-southeast-1',
              keys: Object.fromEntries(REGIONS.map((r) => [r, `switch/${r}`])),
            },
          },
          lock: s3Lock(),
        }),
      /^switch\.s3Object\.region: ap-southeast-1 is the primary region; the switch bucket must live in a third region/,
    ],
    [
      'the s3-object bucket in a target region',
      (c) =>
        Object.assign(c, {
          switch: {
            mode: 's3-object',
            s3Object: {
              bucket: 'acme-dr-switch',
              region: 'us-west-2',
              keys: Object.fromEntries(REGIONS.map((r) => [r, `switch/${r}`])),
            },
          },
          lock: s3Lock(),
        }),
      /^switch\.s3Object\.region: us-west-2 is a target region/,
    ],
    [
      's3-object without a key for a region',
      (c) =>
        Object.assign(c, {
          switch: { mode: 's3-object', s3Object: { bucket: 'acme-dr-switch', region: THIRD, keys: {} } },
          lock: s3Lock(),
        }),
      /^switch\.s3Object\.keys: has no object key for region ap-southeast-1/,
    ],
    [
      'the s3 store without its bucket',
      (c) => Object.assign(c, { lock: { store: 's3' } }),
      /^lock\.s3: is needed by store s3/,
    ],
    [
      'the lock bucket in the primary region',
      (c) =>
        Object.assign(c, {
          lock: { store: 's3', s3: { bucket: 'acme-dr-locks', region: 'ap-southeast-1' } },
        }),
      /^lock\.s3\.region: ap-southeast-1 is the primary region/,
    ],
    [
      'an unknown switch mode',
      (c) => Object.assign(c, { switch: { mode: 'weighted' } }),
      /^switch\.mode: must be one of records, arc, s3-object, got "weighted"/,
    ],
    [
      'a name server that is a host name',
      (c) => {
        c.verification = { ...c.verification, nameServers: ['ns-1.awsdns-01.org'] } as never;
      },
      /^verification\.nameServers\[0\]: not a DNS server address/,
    ],
  ];

  for (const [name, edit, sentence] of cases) {
    it(`refuses ${name} in one sentence`, () => {
      const got = problems(edit);
      expect(
        got.some((p) => sentence.test(p)),
        got.join('\n'),
      ).toBe(true);
      for (const p of got) expect(p.trim().split(/(?<=\.)\s+(?=[A-Z])/).length).toBe(1);
    });
  }
});
