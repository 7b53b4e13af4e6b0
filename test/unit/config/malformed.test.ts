/**
 * Malformed configs: each rejected with one clear sentence naming the field, exit code 2,
 * and no AWS call (the SDK is pointed at a recorder that must see nothing).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';
import { startRequestRecorder } from '../../helpers/request-recorder.js';
import { configWith } from './fixtures.js';

interface Case {
  name: string;
  text: string;
  /** Text the one sentence must contain (field name and the problem). */
  expect: RegExp;
}

const cases: Case[] = [
  {
    name: 'missing app',
    text: configWith((c) => {
      delete (c as Record<string, unknown>).app;
    }),
    expect: /^app: is missing \(for example `app: shop`\)\.$/,
  },
  {
    name: 'app of the wrong type',
    text: configWith((c) => {
      (c as Record<string, unknown>).app = 42;
    }),
    expect: /^app: must be a string, got 42/,
  },
  {
    name: 'app with capitals',
    text: configWith((c) => {
      c.app = 'Shop';
    }),
    expect: /^app: must be lower-case letters, digits and dashes, got "Shop"/,
  },
  {
    name: 'missing dns',
    text: configWith((c) => {
      delete (c as Record<string, unknown>).dns;
    }),
    expect: /^dns: is missing/,
  },
  {
    name: 'record type CNAME',
    text: configWith((c) => {
      c.dns.record.type = 'CNAME';
    }),
    expect: /^dns\.record\.type: must be one of A, AAAA, A\+AAAA, got "CNAME" \(for example `type: A`\)\.$/,
  },
  {
    name: 'unknown routing policy',
    text: configWith((c) => {
      c.dns.record.routing = 'geo';
    }),
    expect: /^dns\.record\.routing: must be one of simple, failover, weighted, latency, got "geo"/,
  },
  {
    name: 'record outside its hosted zone',
    text: configWith((c) => {
      c.dns.record.name = 'www.example.org';
      c.certificates = {} as never;
    }),
    expect:
      /^dns\.record\.name: "www\.example\.org" is outside the hosted zone "example\.com" \(for example `name: www\.example\.com`\)\.$/,
  },
  {
    name: 'unknown region name',
    text: configWith((c) => {
      c.targetRegions = ['us-east-9'];
      c.certificates = {} as never;
    }),
    expect: /^targetRegions\[0\]: "us-east-9" is not a region drctl knows \(did you mean us-east-1\?\)/,
  },
  {
    name: 'not a region at all',
    text: configWith((c) => {
      c.primaryRegion = 'singapore';
    }),
    expect: /^primaryRegion: "singapore" is not an AWS region name/,
  },
  {
    name: 'target equal to primary',
    text: configWith((c) => {
      c.targetRegions = ['ap-southeast-1'];
      c.certificates = {} as never;
    }),
    expect:
      /^targetRegions\[0\]: "ap-southeast-1" is the primary region; a failover must go to another region/,
  },
  {
    name: 'no target regions',
    text: configWith((c) => {
      c.targetRegions = [];
    }),
    expect: /^targetRegions: needs at least 1 item/,
  },
  {
    name: 'target region listed twice',
    text: configWith((c) => {
      c.targetRegions = ['us-east-1', 'us-east-1'];
    }),
    expect: /^targetRegions\[1\]: "us-east-1" is listed twice/,
  },
  {
    name: 'unreadable YAML',
    text: 'app: shop\ndns: [unclosed\n',
    expect: /is not valid YAML at line \d+, column \d+/,
  },
  {
    name: 'duplicate YAML key',
    text: 'app: shop\napp: other\n',
    expect: /is not valid YAML at line 2, column 1: a key appears twice\.$/,
  },
  {
    name: 'a list instead of a mapping',
    text: '- app: shop\n',
    expect: /must be a YAML mapping of settings/,
  },
  { name: 'an empty file', text: '', expect: /is empty; run `drctl init`/ },
  {
    name: 'duplicate set identifiers',
    text: configWith((c) => {
      c.dns.record.routing = 'failover';
      (c.dns.record as Record<string, unknown>).setIdentifiers = {
        'ap-southeast-1': 'main',
        'us-east-1': 'main',
        'us-west-2': 'dr2',
      };
    }),
    expect:
      /^dns\.record\.setIdentifiers\.us-east-1: "main" is also the set identifier of ap-southeast-1; each must be unique/,
  },
  {
    name: 'failover routing without a set identifier for a region',
    text: configWith((c) => {
      c.dns.record.routing = 'weighted';
      (c.dns.record as Record<string, unknown>).setIdentifiers = { 'ap-southeast-1': 'a', 'us-east-1': 'b' };
    }),
    expect: /^dns\.record\.setIdentifiers: weighted routing needs a set identifier for region us-west-2/,
  },
  {
    name: 'set identifiers on simple routing',
    text: configWith((c) => {
      (c.dns.record as Record<string, unknown>).setIdentifiers = { 'us-east-1': 'x' };
    }),
    expect: /set identifiers only apply to failover, weighted and latency routing/,
  },
  {
    name: 'weight steps that do not end at 100',
    text: configWith((c) => {
      (c.dns.record as Record<string, unknown>).weightSteps = [10, 50];
    }),
    expect: /^dns\.record\.weightSteps: must rise and end at 100, got \[10, 50\]/,
  },
  {
    name: 'unknown top-level field',
    text: configWith((c) => {
      (c as Record<string, unknown>).primaryRegoin = 'x';
    }),
    expect: /^the config: unknown field "primaryRegoin"; remove it or check its spelling\.$/,
  },
  {
    name: 'unknown environment name',
    text: configWith((c) => {
      (c.environments as Record<string, unknown>).staging = {};
    }),
    expect: /^environments: unknown field "staging" \(environments are prod, test and dev\)/,
  },
  {
    name: 'certificate ARN from another region',
    text: configWith((c) => {
      (c.certificates as Record<string, unknown>)['us-east-1'] =
        'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123';
    }),
    expect: /^certificates\.us-east-1: the certificate ARN is in eu-west-1, not us-east-1/,
  },
  {
    name: 'certificate that is not an ARN',
    text: configWith((c) => {
      (c.certificates as Record<string, unknown>)['us-east-1'] = 'my-cert';
    }),
    expect:
      /^certificates\.us-east-1: not an ACM certificate ARN, got "my-cert" \(for example `us-east-1: arn:aws:acm:/,
  },
  {
    name: 'certificate domain that does not cover the record',
    text: configWith((c) => {
      c.certificates['us-east-1'] = { domain: 'api.example.com' };
    }),
    expect: /^certificates\.us-east-1\.domain: "api\.example\.com" does not cover www\.example\.com/,
  },
  {
    name: 'probe path without a slash',
    text: configWith((c) => {
      c.verification.path = 'healthz';
    }),
    expect: /^verification\.path: .*got "healthz" \(for example `path: \/healthz`\)\.$/,
  },
  {
    name: 'negative interval',
    text: configWith((c) => {
      c.verification.intervalSeconds = -1;
    }),
    expect: /^verification\.intervalSeconds: must be at least 0\.1, got -1/,
  },
  {
    name: 'window shorter than the probes need',
    text: configWith((c) => {
      c.verification.windowSeconds = 2;
    }),
    expect: /^verification\.windowSeconds: 2s is shorter than 3 probes 1s apart/,
  },
  {
    name: 'bad connectTo rule',
    text: configWith((c) => {
      (c.verification as Record<string, unknown>).connectTo = ['127.0.0.1'];
    }),
    expect: /^verification\.connectTo\[0\]: not a HOST1:PORT1:HOST2:PORT2 rule, got "127\.0\.0\.1"/,
  },
  {
    name: 'resolver given as a host name (node:dns takes addresses only)',
    text: configWith((c) => {
      (c.verification as Record<string, unknown>).resolvers = ['dns.example.com:53'];
    }),
    expect: /^verification\.resolvers\[0\]: not a DNS server address \(ip, ip:port or \[ipv6\]:port\)\.$/,
  },
  {
    name: 'CA file that does not exist',
    text: configWith((c) => {
      (c.verification as Record<string, unknown>).caFile = './no-such-ca.pem';
    }),
    expect: /^verification\.caFile: cannot read "\.\/no-such-ca\.pem"/,
  },
  {
    name: 'journal S3 URI that is not one',
    text: configWith((c) => {
      (c as Record<string, unknown>).journal = { s3: 'bucket/prefix' };
    }),
    expect: /^journal\.s3: not an s3:\/\/bucket\/prefix URI, got "bucket\/prefix"/,
  },
  {
    name: 'container image with an unknown placeholder',
    text: configWith((c) => {
      c.containerImage = 'repo/{app}:1';
    }),
    expect:
      /^containerImage: "repo\/\{app\}:1" is not an image reference \(the only placeholder is \{region\}\)/,
  },
  {
    name: 'snapshot strategy without its settings',
    text: configWith((c) => {
      (c as Record<string, unknown>).data = { strategy: 'snapshot' };
    }),
    expect:
      /^data\.snapshot: is needed by strategy snapshot \(for example `snapshot: \{sourceClusterId: shop-prod-data\}`\)\.$/,
  },
  {
    name: 'unknown data strategy',
    text: configWith((c) => {
      (c as Record<string, unknown>).data = { strategy: 'backup' };
    }),
    expect: /^data\.strategy: must be one of none, snapshot, global, got "backup"/,
  },
  {
    name: 'hosted zone that is neither id nor name',
    text: configWith((c) => {
      c.dns.hostedZone = 'not a zone!';
    }),
    expect: /^dns\.hostedZone: "not a zone!" is neither a hosted zone id nor a domain name/,
  },
  {
    name: 'drill record that is the production record',
    text: configWith((c) => {
      (c as Record<string, unknown>).drill = { record: 'www.example.com' };
    }),
    expect:
      /^drill\.record: "www\.example\.com" is the production record; a drill needs a name of its own \(for example `record: dr-drill\.example\.com`\)\.$/,
  },
  {
    name: 'drill record outside the zone',
    text: configWith((c) => {
      (c as Record<string, unknown>).drill = { record: 'dr-drill.example.org' };
    }),
    expect: /^drill\.record: "dr-drill\.example\.org" is outside the hosted zone/,
  },
  {
    name: 'drill RTO target of zero',
    text: configWith((c) => {
      (c as Record<string, unknown>).drill = { rtoTargetMinutes: 0 };
    }),
    expect: /^drill\.rtoTargetMinutes: must be at least 1, got 0 \(for example `rtoTargetMinutes: 30`\)\.$/,
  },
  {
    name: 'drill KMS pending window KMS does not allow',
    text: configWith((c) => {
      (c as Record<string, unknown>).drill = { keyDeletionDays: 3 };
    }),
    expect: /^drill\.keyDeletionDays: must be at least 7, got 3/,
  },
  {
    name: 'drill dns as a string',
    text: configWith((c) => {
      (c as Record<string, unknown>).drill = { dns: 'no' };
    }),
    expect: /^drill\.dns: must be a boolean, got "no" \(for example `dns: false`\)\.$/,
  },
  {
    name: 'unknown drill field',
    text: configWith((c) => {
      (c as Record<string, unknown>).drill = { recrod: 'dr-drill.example.com' };
    }),
    expect: /^drill: unknown field "recrod"; remove it or check its spelling\.$/,
  },
  {
    // "billion laughs": nine levels of nine aliases; yaml refuses to expand it.
    name: 'a YAML alias bomb',
    text: [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefg'.split('').map((k, i) => {
        const prev = 'abcdefg'[i]!;
        return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
      }),
    ].join('\n'),
    expect: /cannot be read as YAML: Excessive alias count.*expand its aliases/,
  },
];
describe('malformed configs', () => {
  let dir: string;
  let recorder: Awaited<ReturnType<typeof startRequestRecorder>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'drctl-config-'));
    recorder = await startRequestRecorder();
  });
  afterAll(() => recorder.close());

  it('has at least 15 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const [i, c] of cases.entries()) {
    it(`rejects ${c.name} with one sentence and exit 2 (config validate)`, async () => {
      const path = join(dir, `case-${i}.yaml`);
      writeFileSync(path, c.text);
      const cap = captureIo();
      const code = await main(['node', 'drctl', 'config', 'validate', '-c', path], cap.io);
      expect(code).toBe(2);
      expect(cap.err).toHaveLength(1);
      const sentence = cap.err[0]!.replace(/^Error: /, '');
      expect(sentence).toMatch(c.expect);
      expect(sentence.trim().endsWith('.') || sentence.trim().endsWith('?')).toBe(true);
      expect(cap.stdout).toBe('');
    });

    it(`rejects ${c.name} before any AWS call (status)`, async () => {
      const path = join(dir, `status-${i}.yaml`);
      writeFileSync(path, c.text);
      const cap = captureIo();
      const code = await main(
        ['node', 'drctl', 'status', '-c', path, '--endpoint-url', recorder.endpoint],
        cap.io,
      );
      expect(code).toBe(2);
      expect(recorder.requests).toEqual([]);
    });
  }

  it('lists every problem of a config with several, one sentence each', async () => {
    const path = join(dir, 'several.yaml');
    writeFileSync(
      path,
      configWith((c) => {
        c.app = 'Bad App';
        c.dns.record.type = 'MX';
      }),
    );
    const cap = captureIo();
    const code = await main(['node', 'drctl', 'config', 'validate', '-c', path], cap.io);
    expect(code).toBe(2);
    expect(cap.err[0]).toBe('Error: 2 problems in the configuration:');
    expect(cap.err.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- app: must be lower-case/),
      expect.stringMatching(/^ {2}- dns\.record\.type: must be one of A, AAAA/),
    ]);
  });

  it('says how to create a config when there is none', async () => {
    const cap = captureIo();
    const code = await main(['node', 'drctl', 'config', 'validate', '-c', join(dir, 'absent.yaml')], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr).toMatch(
      /No config file at .*absent\.yaml: run `drctl init` to write one, or pass --config <path>\./,
    );
  });

  it('reports problems as JSON with --json', async () => {
    const path = join(dir, 'json.yaml');
    writeFileSync(
      path,
      configWith((c) => {
        c.dns.record.type = 'TXT';
      }),
    );
    const cap = captureIo();
    const code = await main(['node', 'drctl', 'config', 'validate', '-c', path, '--json'], cap.io);
    expect(code).toBe(2);
    const doc = JSON.parse(cap.stdout);
    expect(doc).toMatchObject({ type: 'error', code: 'CONFIG_INVALID', exitCode: 2 });
    expect(doc.message).toMatch(/^dns\.record\.type: must be one of A, AAAA/);
  });

  it('accepts the valid config and the shipped example', async () => {
    const path = join(dir, 'valid.yaml');
    writeFileSync(
      path,
      configWith(() => {}),
    );
    for (const p of [path, 'examples/drctl.yaml']) {
      const cap = captureIo();
      expect(await main(['node', 'drctl', 'config', 'validate', '-c', p], cap.io)).toBe(0);
      expect(cap.stdout).toMatch(/is valid: app shop/);
    }
  });
});
