/**
 * `drctl iam-policy` grants exactly what the code calls. What the code calls is read off
 * the source (scan.ts): every `new XxxCommand(` in src/aws. The fault matrix cross-checks
 * a real failover's recorded calls against the failover's declaration.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { SDK_OPERATIONS } from '../../../src/iam/actions.js';
import { COMMAND_OPERATIONS, POLICY_COMMANDS } from '../../../src/iam/commands.js';
import { buildPolicy, type PolicyDocument } from '../../../src/iam/policy.js';
import { captureIo } from '../../helpers/capture-io.js';
import { adaptersReachedFrom, sdkCallsByAdapter } from './scan.js';

const calls = sdkCallsByAdapter();
const called = new Set(Object.values(calls).flat());
const base = { app: 'shop', recordName: 'www.example.com.', recordType: 'A' as const };
const actionsOf = (p: PolicyDocument) => new Set(p.Statement.flatMap((s) => s.Action));

describe('IAM policy: what the code calls, nothing else', () => {
  it('names every AWS operation in src/aws, and no operation the code does not make', () => {
    expect(called.size).toBeGreaterThan(30);
    expect([...called].filter((op) => !(op in SDK_OPERATIONS))).toEqual([]);
    expect(Object.keys(SDK_OPERATIONS).filter((op) => !called.has(op))).toEqual([]);
  });

  it('grants every operation to some command, so the full policy covers all of them', () => {
    const declared = new Set(Object.values(COMMAND_OPERATIONS).flat());
    expect([...called].filter((op) => !declared.has(op))).toEqual([]);
    const full = actionsOf(buildPolicy({ ...base, commands: POLICY_COMMANDS }));
    const needed = new Set(Object.values(SDK_OPERATIONS).flatMap((a) => a.map((x) => x.action)));
    expect([...full].sort()).toEqual([...needed].sort());
  });

  for (const command of POLICY_COMMANDS) {
    it(`${command}: declares only operations its code can reach`, () => {
      const reachable = new Set(
        adaptersReachedFrom(`src/cli/commands/${command}.ts`).flatMap((a) => calls[a] ?? []),
      );
      expect(COMMAND_OPERATIONS[command].filter((op) => !reachable.has(op))).toEqual([]);
    });
  }

  it('never grants a change on "*": stacks by app prefix, records by zone, name and type', () => {
    const policy = buildPolicy({ ...base, commands: POLICY_COMMANDS, hostedZoneId: 'Z0123456789ABC' });
    const mutating = /:(Create|Update|Delete|Change|Copy|Put|Schedule|Failover|Switchover)/;
    for (const s of policy.Statement) {
      if (s.Action.some((a) => mutating.test(a))) expect(s.Resource, s.Sid).not.toBe('*');
    }
    const records = policy.Statement.find((s) => s.Action.includes('route53:ChangeResourceRecordSets'))!;
    expect(records.Resource).toBe('arn:aws:route53:::hostedzone/Z0123456789ABC');
    expect(records.Condition).toEqual({
      'ForAllValues:StringEquals': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
          'www.example.com',
          '_drctl-lock.www.example.com',
        ],
        'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT'],
      },
    });
    const stacks = policy.Statement.find((s) => s.Action.includes('cloudformation:CreateStack'))!;
    expect(stacks.Resource).toBe('arn:aws:cloudformation:*:*:stack/shop-*/*');
  });

  it('data-plane switch and S3 lock: granted only when the config uses them, scoped to its resources', () => {
    const control = 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/use1';
    const arc = buildPolicy({
      ...base,
      commands: ['failover'],
      switchMode: 'arc',
      lockStore: 's3',
      routingControls: [control],
      lockS3: { bucket: 'acme-dr-locks', prefix: 'drctl/locks/' },
    });
    const sid = (p: PolicyDocument, id: string) => p.Statement.find((s) => s.Sid === id);
    expect(sid(arc, 'ArcRoutingControls')).toMatchObject({
      Action: [
        'route53-recovery-cluster:GetRoutingControlState',
        'route53-recovery-cluster:UpdateRoutingControlStates',
      ],
      Resource: control,
    });
    expect(sid(arc, 'LockObjects')).toMatchObject({
      Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::acme-dr-locks/drctl/locks/*',
    });
    expect(sid(arc, 'LockBucket')).toMatchObject({
      Action: ['s3:ListBucket'],
      Resource: 'arn:aws:s3:::acme-dr-locks',
    });
    expect(sid(arc, 'SwitchObjects')).toBeUndefined();

    const s3 = buildPolicy({
      ...base,
      commands: ['rollback'],
      switchMode: 's3-object',
      lockStore: 'route53',
      switchObjects: ['acme-dr-switch/switch/us-east-1'],
    });
    expect(sid(s3, 'SwitchObjects')).toMatchObject({
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::acme-dr-switch/switch/us-east-1',
    });
    expect(sid(s3, 'ArcRoutingControls')).toBeUndefined();
    expect(sid(s3, 'LockObjects')).toBeUndefined();

    const records = buildPolicy({
      ...base,
      commands: POLICY_COMMANDS,
      switchMode: 'records',
      lockStore: 'route53',
    });
    for (const id of ['ArcRoutingControls', 'SwitchObjects', 'LockObjects', 'LockBucket']) {
      expect(sid(records, id), id).toBeUndefined();
    }
  });

  it('plan alone gets no stack creation and no record change', () => {
    const actions = actionsOf(buildPolicy({ ...base, commands: ['plan'] }));
    expect(actions.has('cloudformation:CreateStack')).toBe(false);
    expect(actions.has('route53:ChangeResourceRecordSets')).toBe(false);
    expect(actions.has('cloudformation:CreateChangeSet')).toBe(true);
  });

  it('plan and status read the switch and the S3 lock, and never flip or take them', () => {
    for (const command of ['plan', 'status'] as const) {
      const arc = buildPolicy({ ...base, commands: [command], switchMode: 'arc', lockStore: 's3' });
      const arcActions = actionsOf(arc);
      expect(arcActions.has('route53-recovery-cluster:GetRoutingControlState'), command).toBe(true);
      expect(arcActions.has('route53-recovery-cluster:UpdateRoutingControlStates'), command).toBe(false);
      const lockObjects = arc.Statement.find((st) => st.Sid === 'LockObjects');
      expect(lockObjects?.Action, command).toEqual(['s3:GetObject']);
      const s3 = buildPolicy({ ...base, commands: [command], switchMode: 's3-object', lockStore: 's3' });
      expect(s3.Statement.find((st) => st.Sid === 'SwitchObjects')?.Action, command).toEqual([
        's3:GetObject',
      ]);
    }
  });
});

describe('drctl iam-policy', () => {
  it('prints the policy for the chosen commands as JSON', async () => {
    const cap = captureIo();
    const code = await main(
      [
        'node',
        'drctl',
        'iam-policy',
        '-c',
        'examples/drctl.yaml',
        '--commands',
        'rollback',
        '--zone-id',
        'Z0123456789ABC',
      ],
      cap.io,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(cap.stdout) as PolicyDocument;
    expect([...actionsOf(doc)].sort()).toEqual([
      'route53:ChangeResourceRecordSets',
      'route53:GetChange',
      'route53:GetHostedZone',
      'route53:ListHostedZonesByName',
      'route53:ListResourceRecordSets',
      'route53:TestDNSAnswer',
      's3:PutObject',
    ]);
  });

  it('scopes the switch and the S3 lock to what drctl.yaml names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-iam-'));
    const config = join(dir, 'drctl.yaml');
    writeFileSync(
      config,
      `${readFileSync('examples/drctl.yaml', 'utf8')}
switch:
  mode: s3-object
  s3Object:
    bucket: acme-dr-switch
    region: eu-west-1
    keys: { ap-southeast-1: switch/apse1, us-east-1: switch/use1, us-west-2: switch/usw2 }
lock:
  store: s3
  s3: { bucket: acme-dr-locks, region: eu-west-1 }
`,
    );
    const cap = captureIo();
    const code = await main(['node', 'drctl', 'iam-policy', '-c', config, '--commands', 'failover'], cap.io);
    expect(code, cap.stderr).toBe(0);
    const doc = JSON.parse(cap.stdout) as PolicyDocument;
    const sid = (id: string) => doc.Statement.find((s) => s.Sid === id);
    expect(sid('SwitchObjects')?.Resource).toEqual([
      'arn:aws:s3:::acme-dr-switch/switch/apse1',
      'arn:aws:s3:::acme-dr-switch/switch/use1',
      'arn:aws:s3:::acme-dr-switch/switch/usw2',
    ]);
    expect(sid('LockObjects')?.Resource).toBe('arn:aws:s3:::acme-dr-locks/drctl/locks/*');
    expect(sid('ArcRoutingControls')).toBeUndefined();
  });

  it('rejects an unknown command with one sentence and exit 2', async () => {
    const cap = captureIo();
    const code = await main(
      ['node', 'drctl', 'iam-policy', '-c', 'examples/drctl.yaml', '--commands', 'failover,nuke'],
      cap.io,
    );
    expect(code).toBe(2);
    expect(cap.stderr).toMatch(/--commands nuke is not a command that calls AWS/);
  });
});
