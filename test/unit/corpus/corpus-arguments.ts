/** The bad-input corpus, part 1: flags, arguments and region names (see corpus.ts). */
import type { BadInput } from './corpus.js';

const failover = (...more: string[]) => ['failover', 'us-east-1', '--yes', ...more];

export const ARGUMENT_CASES: BadInput[] = [
  // Flags and arguments
  { kind: 'flags', name: 'no region', args: ['failover'], says: /missing required argument 'region'/ },
  { kind: 'flags', name: 'unknown flag', args: failover('--bogus'), says: /unknown option '--bogus'/ },
  {
    kind: 'flags',
    name: 'unknown environment',
    args: failover('--env', 'staging'),
    says: /'staging' is invalid/,
  },
  { kind: 'flags', name: 'two regions', args: failover('us-west-2'), says: /too many arguments/ },
  {
    kind: 'flags',
    name: 'no --yes without a terminal',
    args: ['failover', 'us-east-1'],
    says: /needs a terminal to confirm, or --yes/,
  },
  {
    kind: 'flags',
    name: '--json without --yes',
    args: ['failover', 'us-east-1', '--json'],
    says: /needs a terminal to confirm/,
  },
  {
    kind: 'flags',
    name: 'endpoint that is not http',
    args: failover('--endpoint-url', 'ftp://x'),
    says: /--endpoint-url "ftp:\/\/x" is not an http\(s\) URL/,
  },
  {
    kind: 'flags',
    name: 'endpoint that is not a URL',
    args: failover('--endpoint-url', 'localhost'),
    says: /is not an http\(s\) URL/,
  },
  {
    kind: 'flags',
    name: 'profile with a space',
    args: failover('--profile', 'dr ops'),
    says: /--profile "dr ops" is not a profile name/,
  },
  {
    kind: 'flags',
    name: '--dry-run with --plan',
    args: failover('--dry-run', '--plan', 'p.json'),
    says: /--dry-run and --plan do not go together/,
  },
  {
    kind: 'flags',
    name: 'rollback without a run id',
    args: ['rollback'],
    says: /missing required argument 'run-id'/,
  },
  {
    kind: 'flags',
    name: 'iam-policy for an unknown command',
    args: ['iam-policy', '--commands', 'nuke'],
    says: /--commands nuke is not a command/,
  },
  {
    kind: 'flags',
    name: 'iam-policy with a bad zone id',
    args: ['iam-policy', '--zone-id', 'example.com'],
    says: /--zone-id example.com is not a hosted zone id/,
  },
  // Region names
  // (The primary region is a valid target: failing back, test/emulator/failback.test.ts.)
  {
    kind: 'region',
    name: 'a region not in targetRegions',
    args: ['failover', 'eu-west-1', '--yes'],
    says: /eu-west-1 is not one of the config's regions/,
  },
  {
    kind: 'region',
    name: 'a typo',
    args: ['failover', 'us-east1', '--yes'],
    says: /us-east1 is not one of the config's regions/,
  },
  {
    kind: 'region',
    name: 'upper case',
    args: ['failover', 'US-EAST-1', '--yes'],
    says: /US-EAST-1 is not one of/,
  },
  {
    kind: 'region',
    name: 'empty',
    args: ['failover', '', '--yes'],
    says: /is not one of the config's regions/,
  },
  {
    kind: 'region',
    name: 'shell characters',
    args: ['failover', 'us-east-1;rm -rf /', '--yes'],
    says: /is not one of the config's regions/,
  },
  {
    kind: 'region',
    name: 'plan for an unknown region',
    args: ['plan', 'mars-north-1'],
    says: /mars-north-1 is not one of the config's regions/,
  },
  {
    kind: 'region',
    name: 'unknown region in targetRegions',
    args: failover(),
    config: (c) => {
      c.targetRegions = ['us-east-1', 'us-easst-2'];
    },
    says: /us-easst-2/,
  },
];
