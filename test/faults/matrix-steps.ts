/**
 * Rows: the step boundaries of a failover before DNS changes, the lock and the journal.
 * Columns: faults that are not one call's error but a state of the world (a stack that
 * fails, targets that never get healthy, a site that is down, a full disk, an interrupt),
 * and what the operator does next (resume, rollback by run id). After the flip:
 * matrix-after-flip.ts.
 */
import type { StackInput } from '../../src/engine/input.js';
import type { JournalPort } from '../../src/ports/journal.js';
import { clientConfig } from '../harness/aws-clients.js';
import type { FaultRule } from '../harness/fault-proxy.js';
import { type Expectation, type FaultCase, lockTake, OUTAGE } from './case.js';

const flipped: Expectation = { exit: 0, dns: 'new', finished: 'flipped' };
const failedWith = (finished: string): Expectation => ({ exit: 1, dns: 'seeded', finished });
const aborted: Expectation = { exit: 4, dns: 'seeded', finished: 'aborted' };
/** A resource the emulator (like CloudFormation) fails to create: its VPC does not exist. */
function breakStack(key: string) {
  return (input: Parameters<NonNullable<FaultCase['input']>>[0]) => ({
    ...input,
    waves: input.waves.map((w) =>
      w.map((s: StackInput) =>
        s.name.endsWith(`-${key}`)
          ? {
              ...s,
              templateBody: s.templateBody.replace(
                /\nResources:\n/,
                '\nResources:\n  DrctlFaultSubnet:\n    Type: AWS::EC2::Subnet\n    Properties: { VpcId: vpc-0000dead, CidrBlock: 10.99.0.0/24 }\n',
              ),
            }
          : s,
      ),
    ),
  });
}

/** The disk fails when the journal is asked to record one step's intent. */
function failingJournalAt(step: RegExp) {
  return (j: JournalPort): JournalPort => ({
    append: (runId, e) =>
      e.kind === 'step-intent' && step.test(e.step ?? '')
        ? Promise.reject(new Error('ENOSPC: no space left'))
        : j.append(runId, e),
    read: (runId) => j.read(runId),
    list: () => j.list(),
    locate: (runId) => j.locate(runId),
  });
}

/** From the nth call of an operation on, one logical call answers 503. */
const outageOf = (operation: string, nth: number): FaultRule => ({ ...OUTAGE, operation, nth });

const lockedByOther = async (fw: Parameters<NonNullable<FaultCase['before']>>[0]) => {
  const { ChangeResourceRecordSetsCommand, Route53Client } = await import('@aws-sdk/client-route-53');
  const r53 = new Route53Client(clientConfig(fw.emulator.endpoint, 'us-east-1'));
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: fw.world.hostedZoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: '_drctl-lock.www.example.com.',
              Type: 'TXT',
              TTL: 60,
              ResourceRecords: [
                { Value: '"runId=other-run;holder=ops@laptop;host=laptop;startedAt=2026-01-01T00:00:00Z"' },
              ],
            },
          },
        ],
      },
    }),
  );
  r53.destroy();
};

export const STEP_CASES: FaultCase[] = [
  // Deploy
  {
    at: 'deploy, wave 1',
    kind: 'stack failure',
    input: breakStack('network'),
    expect: failedWith('STACK_FAILED'),
  },
  {
    at: 'deploy, last wave',
    kind: 'stack failure',
    input: breakStack('edge'),
    expect: failedWith('STACK_FAILED'),
  },
  {
    at: 'deploy, stack left failed by an earlier run',
    kind: 'stack failure',
    before: async (fw) => {
      const { CloudFormationClient, CreateStackCommand } = await import('@aws-sdk/client-cloudformation');
      const cfn = new CloudFormationClient(clientConfig(fw.emulator.endpoint, fw.target));
      const body = JSON.stringify({
        Resources: {
          S: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-0000dead', CidrBlock: '10.9.0.0/24' } },
        },
      });
      await cfn.send(new CreateStackCommand({ StackName: 'shop-prod-network', TemplateBody: body }));
      cfn.destroy();
      fw.spend(fw.target);
    },
    expect: failedWith('STACK_FAILED'),
  },
  {
    at: 'deploy',
    kind: 'interrupt (SIGINT) -> resume',
    onEvent: (e, { abort }) => {
      if (e.code === 'stack-status') abort();
    },
    expect: aborted,
    next: { command: 'resume', expect: flipped },
  },
  // Load balancer and targets
  {
    at: 'await targets',
    kind: 'unhealthy targets',
    before: (fw) => fw.emulator.setTargetHealth({ healthy: false }),
    expect: failedWith('TIMEOUT'),
  },
  {
    at: 'await targets',
    kind: 'targets healthy late',
    before: (fw) => fw.emulator.setTargetHealth({ healthy: false, state: 'initial' }),
    onEvent: (e, { fw }) => {
      if (e.code === 'target-health') void fw.emulator.setTargetHealth({ healthy: true });
    },
    expect: flipped,
  },
  {
    at: 'await ALB',
    kind: 'ALB provisioning, then active',
    faults: [
      {
        operation: 'DescribeLoadBalancers',
        times: 2,
        fault: {
          kind: 'rewrite',
          rewrite: (b) => b.replace(/<Code>active<\/Code>/, '<Code>provisioning</Code>'),
        },
      },
    ],
    expect: flipped,
  },
  {
    at: 'await ALB',
    kind: 'ALB failed',
    faults: [
      {
        operation: 'DescribeLoadBalancers',
        times: Number.POSITIVE_INFINITY,
        fault: { kind: 'rewrite', rewrite: (b) => b.replace(/<Code>active<\/Code>/, '<Code>failed</Code>') },
      },
    ],
    expect: failedWith('AWS_CALL_FAILED'),
  },
  {
    at: 'await targets',
    kind: 'interrupt (SIGTERM)',
    onEvent: (e, { abort }) => {
      if (e.code === 'target-health') abort();
    },
    expect: aborted,
  },
  // Pre-flip probe
  {
    at: 'pre-flip probe',
    kind: 'probe failure',
    before: async (fw) => fw.app.setHealthy(false),
    expect: failedWith('PROBE_FAILED'),
    next: { command: 'rollback', expect: { exit: 0, dns: 'seeded', finished: 'PROBE_FAILED' } },
  },
  {
    at: 'pre-flip probe',
    kind: 'probe flaky, then passes',
    before: async (fw) => fw.app.setHealthy(false),
    onEvent: (e, { fw }) => {
      if (e.code === 'probe-attempt') fw.app.setHealthy(true);
    },
    expect: flipped,
  },
  {
    at: 'pre-flip probe',
    kind: 'interrupt (SIGINT)',
    onEvent: (e, { abort }) => {
      if (e.code === 'probe-attempt') abort();
    },
    expect: aborted,
  },
  // Lock
  {
    at: 'lock',
    kind: 'held by another run',
    before: lockedByOther,
    expect: { exit: 6, dns: 'seeded', finished: 'LOCK_HELD', lock: 'foreign' },
  },
  {
    at: 'lock',
    kind: 'held by a dead run, --break-lock',
    faults: [{ operation: 'ChangeResourceRecordSets', when: lockTake, fault: { kind: 'latency', ms: 10 } }],
    before: lockedByOther,
    input: (i) => ({ ...i, flags: { ...i.flags, breakLock: true } }),
    expect: flipped,
  },
  // Journal
  {
    at: 'journal: lock intent',
    kind: 'disk full',
    journal: failingJournalAt(/^lock$/),
    expect: failedWith('JOURNAL'),
  },
  {
    at: 'journal: deploy intent',
    kind: 'disk full',
    journal: failingJournalAt(/^deploy:/),
    expect: failedWith('JOURNAL'),
  },
  {
    at: 'journal: flip intent',
    kind: 'disk full',
    journal: failingJournalAt(/^flip:1$/),
    expect: failedWith('JOURNAL'),
  },
  // The operator's next move after a failure before the flip
  {
    at: 'after a failed deploy',
    kind: 'outage -> resume',
    faults: [outageOf('DescribeTargetHealth', 1)],
    expect: failedWith('AWS_CALL_FAILED'),
    next: { command: 'resume', expect: flipped },
  },
];
