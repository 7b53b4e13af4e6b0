/**
 * A whole fake world for engine tests: us-west-2 serving and failing, us-east-1 the
 * target, two stacks in two waves (the ALB stack reads the network stack's VPC id), a new
 * ALB that becomes active and healthy, a probe that succeeds against it, and the record
 * `www.example.com A` in the shape of the chosen routing policy. Every port is wrapped
 * by the call recorder; everything shares one timeline.
 */
import type { EnginePorts, FailoverInput } from '../../src/engine/input.js';
import type { RecordSet, RoutingPolicy } from '../../src/ports/dns.js';
import { FakeClock } from './clock.js';
import { FakeCloudFormation } from './cloudformation.js';
import { FakeElb } from './elb.js';
import { MemoryJournal, MemoryLock } from './memory.js';
import { FakeProbe } from './probe.js';
import { type PortCall, recordCalls } from './recorder.js';
import { FakeRoute53 } from './route53.js';
import { RecordingSink } from './sink.js';

export const OLD_ALB = 'old-alb-1.us-west-2.elb.amazonaws.com';
export const NEW_ALB = 'new-alb-1.us-east-1.elb.amazonaws.com';
export const NEW_ALB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/new-alb/1';
export const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1';
/** The load balancer the world's target region deploys, as ELBv2 describes it. */
export const NEW_ALB_LB = {
  arn: NEW_ALB_ARN,
  name: 'new-alb',
  region: 'us-east-1',
  dnsName: NEW_ALB,
  canonicalHostedZoneId: 'Z35NEW',
  scheme: 'internet-facing',
  type: 'application',
} as const;
const NAME = 'www.example.com.';
const alias = (dns: string, zone: string) => ({
  HostedZoneId: zone,
  DNSName: `dualstack.${dns}.`,
  EvaluateTargetHealth: true,
});
const maintenance = { TTL: 60, ResourceRecords: [{ Value: '192.0.2.10' }] };

/** The record sets before the run, per policy: the failing region serves. */
export function seedFor(routing: RoutingPolicy): RecordSet[] {
  switch (routing) {
    case 'simple':
      return [{ Name: NAME, Type: 'A', AliasTarget: alias(OLD_ALB, 'Z1OLD') }];
    case 'failover':
      return [
        {
          Name: NAME,
          Type: 'A',
          SetIdentifier: 'west',
          Failover: 'PRIMARY',
          HealthCheckId: 'hc-west',
          AliasTarget: alias(OLD_ALB, 'Z1OLD'),
        },
        { Name: NAME, Type: 'A', SetIdentifier: 'east', Failover: 'SECONDARY', ...maintenance },
      ];
    case 'weighted':
      return [
        { Name: NAME, Type: 'A', SetIdentifier: 'west', Weight: 100, AliasTarget: alias(OLD_ALB, 'Z1OLD') },
        { Name: NAME, Type: 'A', SetIdentifier: 'east', Weight: 0, ...maintenance },
      ];
    case 'latency':
      return [
        {
          Name: NAME,
          Type: 'A',
          SetIdentifier: 'west',
          Region: 'us-west-2',
          AliasTarget: alias(OLD_ALB, 'Z1OLD'),
        },
      ];
  }
}

export function inputFor(routing: RoutingPolicy, over: Partial<FailoverInput> = {}): FailoverInput {
  return {
    runId: 'run-1',
    app: 'shop',
    env: 'prod',
    primaryRegion: 'us-west-2',
    targetRegion: 'us-east-1',
    hostedZoneId: 'ZFAKE',
    record: {
      name: 'www.example.com',
      type: 'A',
      routing,
      setIdentifiers: { 'us-west-2': 'west', 'us-east-1': 'east' },
    },
    waves: [
      [{ name: 'shop-network', templateBody: '{}', parameters: { Env: 'prod' } }],
      [
        {
          name: 'shop-alb',
          templateBody: '{}',
          parameters: { CertificateArn: 'arn:cert', DbPassword: 'not-journaled' },
          parametersFrom: { VpcId: { fromStack: 'shop-network', output: 'VpcId' } },
        },
      ],
    ],
    alb: { stack: 'shop-alb', arnOutput: 'LoadBalancerArn' },
    minHealthyTargets: 2,
    verification: {
      hostname: 'www.example.com',
      path: '/healthz',
      consecutiveSuccesses: 3,
      intervalMs: 1000,
      windowMs: 60_000,
    },
    operator: { holder: 'alice', host: 'laptop' },
    flags: { yes: true },
    ...over,
  };
}

export function createWorld(routing: RoutingPolicy = 'simple') {
  const timeline: string[] = [];
  const calls: PortCall[] = [];
  const clock = new FakeClock();
  const dns = new FakeRoute53(timeline, seedFor(routing));
  dns.resolverRegion = 'us-east-1';
  const stacks = new FakeCloudFormation(clock)
    .script('shop-network', { outputs: { VpcId: 'vpc-123' } })
    .script('shop-alb', { outputs: { LoadBalancerArn: NEW_ALB_ARN } });
  const lbs = new FakeElb()
    .add(NEW_ALB_LB)
    .targetGroups(NEW_ALB_ARN, [TG_ARN])
    .scriptHealth(
      TG_ARN,
      [
        { id: 'i-1', state: 'initial', reason: 'Elb.RegistrationInProgress' },
        { id: 'i-2', state: 'initial' },
      ],
      [
        { id: 'i-1', state: 'healthy' },
        { id: 'i-2', state: 'healthy' },
      ],
    );
  const probe = new FakeProbe((host) => dns.answerFor(host, 'A')[0], timeline);
  probe.healthy.add(NEW_ALB);
  probe.addressOwner = (host) => dns.resolver.ownerOf(host);
  // The old region still answers its probe (a rollback may go back to it); tests of an
  // outage remove it.
  probe.healthy.add(OLD_ALB);
  const journal = new MemoryJournal(timeline);
  const lock = new MemoryLock();
  const identity = {
    whoami: async () => ({
      account: '111122223333',
      arn: 'arn:aws:iam::111122223333:user/alice',
      userId: 'AIDA',
    }),
  };
  const sink = new RecordingSink();
  const ports: EnginePorts = {
    stacks: recordCalls(stacks, 'stacks', calls, timeline),
    lbs: recordCalls(lbs, 'lbs', calls, timeline),
    dns: recordCalls(dns, 'dns', calls, timeline),
    probe: recordCalls(probe, 'probe', calls, timeline),
    resolver: recordCalls(dns.resolver, 'resolver', calls, timeline),
    identity: recordCalls(identity, 'identity', calls, timeline),
    journal: recordCalls(journal, 'journal', calls, timeline),
    lock: recordCalls(lock, 'lock', calls, timeline),
    clock,
    random: () => 0.5,
  };
  return {
    timeline,
    calls,
    clock,
    dns,
    stacks,
    lbs,
    probe,
    journal,
    lock,
    identity,
    sink,
    ports,
    seed: seedFor(routing),
  };
}

export type World = ReturnType<typeof createWorld>;
