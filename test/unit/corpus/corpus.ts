/**
 * The bad-input corpus: arguments, config edits and files, and the sentence each must get.
 * `{dir}` is the case's own folder (its drctl.yaml and runs/ journal folder are there).
 */
import type { validConfig } from '../config/fixtures.js';
import { ARGUMENT_CASES } from './corpus-arguments.js';

type Cfg = Record<string, unknown> & typeof validConfig;

export interface BadInput {
  kind: string;
  name: string;
  args: string[];
  config?: (c: Cfg) => void;
  files?: Record<string, string>;
  /** What the first line of stderr must say. */
  says: RegExp;
}

const RUN = '20261130-0142-us-east-1-a1b2';
const header = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    at: '2026-11-30T01:42:00.000Z',
    kind: 'run-started',
    data: {
      runId: RUN,
      command: 'failover',
      app: 'shop',
      env: 'prod',
      from: 'ap-southeast-1',
      to: 'us-east-1',
      hostedZoneId: 'Z0123456789ABC',
      name: 'www.example.com',
      type: 'A',
      routing: 'simple',
      lockKey: 'Z0123456789ABC/www.example.com/A',
      ...over,
    },
  });
const journal = (text: string) => ({ [`runs/${RUN}.ndjson`]: text });
const failover = (...more: string[]) => ['failover', 'us-east-1', '--yes', ...more];
const overrides = (o: Record<string, unknown>) => (c: Cfg) => {
  (c.environments as Record<string, unknown>).prod = { overrides: o };
};

export const CORPUS: BadInput[] = [
  ...ARGUMENT_CASES,
  // Record names
  {
    kind: 'record',
    name: 'outside the hosted zone',
    args: failover(),
    config: (c) => {
      c.dns.record.name = 'www.example.org';
    },
    says: /www\.example\.org/,
  },
  {
    kind: 'record',
    name: 'with a space',
    args: failover(),
    config: (c) => {
      c.dns.record.name = 'www example.com';
    },
    says: /dns\.record\.name/,
  },
  {
    kind: 'record',
    name: 'empty label',
    args: failover(),
    config: (c) => {
      c.dns.record.name = 'www..example.com';
    },
    says: /dns\.record\.name/,
  },
  {
    kind: 'record',
    name: 'label over 63 characters',
    args: failover(),
    config: (c) => {
      c.dns.record.name = `${'a'.repeat(64)}.example.com`;
    },
    says: /dns\.record\.name/,
  },
  {
    kind: 'record',
    name: 'weighted without set identifiers',
    args: failover(),
    config: (c) => {
      c.dns.record.routing = 'weighted';
    },
    says: /setIdentifiers/,
  },
  {
    kind: 'record',
    name: 'weight steps not ending at 100',
    args: failover(),
    config: (c) => {
      Object.assign(c.dns.record, {
        routing: 'weighted',
        setIdentifiers: { 'ap-southeast-1': 'a', 'us-east-1': 'b', 'us-west-2': 'c' },
        weightSteps: [10, 50],
      });
    },
    says: /weightSteps/,
  },
  // Template parameters
  {
    kind: 'template parameter',
    name: 'unknown parameter',
    args: failover(),
    config: overrides({ NoSuchParameter: 'x' }),
    says: /NoSuchParameter/,
  },
  {
    kind: 'template parameter',
    name: 'CIDR not matching its pattern',
    args: failover(),
    config: overrides({ VpcCidr: '8.8.8.0/24' }),
    says: /VpcCidr/,
  },
  {
    kind: 'template parameter',
    name: 'value not allowed',
    args: failover(),
    config: overrides({ NatGatewayCount: 3 }),
    says: /NatGatewayCount/,
  },
  {
    kind: 'template parameter',
    name: 'number below its minimum',
    args: failover(),
    config: overrides({ ContainerPort: 80 }),
    says: /ContainerPort/,
  },
  {
    kind: 'template parameter',
    name: 'parameter file that is a list',
    args: failover(),
    config: (c) => {
      (c.environments as Record<string, unknown>).prod = { parameters: 'params.yaml' };
    },
    files: { 'params.yaml': '- a\n- b\n' },
    says: /must be a YAML mapping/,
  },
  {
    kind: 'template parameter',
    name: 'parameter file missing',
    args: failover(),
    config: (c) => {
      (c.environments as Record<string, unknown>).prod = { parameters: 'absent.yaml' };
    },
    says: /absent\.yaml/,
  },
  // Plan files
  {
    kind: 'plan file',
    name: 'missing',
    args: failover('--plan', '{dir}/absent.json'),
    says: /Cannot read the plan/,
  },
  {
    kind: 'plan file',
    name: 'not JSON',
    args: failover('--plan', '{dir}/plan.json'),
    files: { 'plan.json': 'not json' },
    says: /plan/i,
  },
  {
    kind: 'plan file',
    name: 'another version',
    args: failover('--plan', '{dir}/plan.json'),
    files: { 'plan.json': '{"version": 99}' },
    says: /plan/i,
  },
  // Run ids
  {
    kind: 'run id',
    name: 'path traversal (resume)',
    args: ['resume', '../../etc/passwd', '--yes'],
    says: /"\.\.\/\.\.\/etc\/passwd" is not a run id/,
  },
  {
    kind: 'run id',
    name: 'path traversal (rollback)',
    args: ['rollback', '../x', '--yes'],
    says: /"\.\.\/x" is not a run id/,
  },
  { kind: 'run id', name: 'upper case', args: ['resume', 'RUN-1', '--yes'], says: /"RUN-1" is not a run id/ },
  {
    kind: 'run id',
    name: 'unknown (resume)',
    args: ['resume', '20990101-0000-us-east-1-zzzz', '--yes'],
    says: /No journal for run 20990101-0000-us-east-1-zzzz/,
  },
  {
    kind: 'run id',
    name: 'unknown (rollback)',
    args: ['rollback', '20990101-0000-us-east-1-zzzz', '--yes'],
    says: /No journal for run 20990101-0000-us-east-1-zzzz/,
  },
  // Journals
  {
    kind: 'journal',
    name: 'damaged in the middle',
    args: ['rollback', RUN, '--yes'],
    files: journal(`${header()}\n{not json\n${header()}\n`),
    says: /is damaged at line 2/,
  },
  {
    kind: 'journal',
    name: 'empty',
    args: ['resume', RUN, '--yes'],
    files: journal(''),
    says: /has no run-started entry/,
  },
  {
    kind: 'journal',
    name: 'foreign (not drctl entries)',
    args: ['rollback', RUN, '--yes'],
    files: journal('{"hello":"world"}\n'),
    says: /has no run-started entry/,
  },
  {
    kind: 'journal',
    name: 'for another record (resume)',
    args: ['resume', RUN, '--yes'],
    files: journal(`${header({ name: 'shop.example.com' })}\n`),
    says: /no longer matches run/,
  },
  {
    kind: 'journal',
    name: 'for another region pair (resume)',
    args: ['resume', RUN, '--yes'],
    files: journal(`${header({ from: 'eu-west-1' })}\n`),
    says: /no longer matches run/,
  },
];
