/**
 * Which AWS operations each command makes (SDK_OPERATIONS keys), declared per command so
 * an operator role can be granted exactly the commands it runs. A test checks that each
 * declaration stays within what the command's code can reach, and that together they
 * cover every call in src/aws; the fault matrix checks a real failover against its list.
 */

const route53Reads = [
  'route-53:ListHostedZonesByName',
  'route-53:GetHostedZone',
  'route-53:ListResourceRecordSets',
  'route-53:TestDNSAnswer',
];
/** Moving the record and the lock (a TXT record next to it), waiting for INSYNC. */
const route53Changes = ['route-53:ChangeResourceRecordSets', 'route-53:GetChange'];
const stackReads = ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'];
const albReads = [
  'elastic-load-balancing-v2:DescribeLoadBalancers',
  'elastic-load-balancing-v2:DescribeTargetGroups',
  'elastic-load-balancing-v2:DescribeTargetHealth',
];
/** Data recovery: restore a snapshot (copied if needed) or move a Global Database. */
const dataRecovery = [
  'rds:DescribeDBClusterSnapshots',
  'rds:CopyDBClusterSnapshot',
  'rds:DescribeDBClusters',
  'rds:DescribeGlobalClusters',
  'rds:SwitchoverGlobalCluster',
  'rds:FailoverGlobalCluster',
];
/** The media replication check before a failover (reads only). */
const mediaCheck = ['s3:HeadBucket', 's3:GetBucketReplication', 's3:HeadObject', 's3:ListObjectsV2'];
/** journal.s3: each journal entry mirrored to S3. */
const journalMirror = ['s3:PutObject'];
/**
 * The data-plane switch (switch.mode arc or s3-object): read the controls, flip them, read
 * them back; a rollback flips them back.
 */
const dataPlaneSwitch = [
  'route53-recovery-cluster:GetRoutingControlState',
  'route53-recovery-cluster:UpdateRoutingControlStates',
  's3:GetObject',
  's3:PutObject',
];
/** lock.store s3: take (conditional put), read, release (conditional delete). */
const s3Lock = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'];
/** plan and status only read the switch's controls and the S3 lock (s3:GetObject serves both). */
const dataPlaneReads = ['route53-recovery-cluster:GetRoutingControlState', 's3:GetObject'];

/** `plan` (and `failover --dry-run`, which runs it): reads, plus change sets it deletes again. */
const plan = [
  'sts:GetCallerIdentity',
  'acm:ListCertificates',
  'ec2:DescribeRegions',
  'ssm:GetParameter',
  ...route53Reads,
  ...stackReads,
  ...albReads,
  'cloudformation:GetTemplate',
  'cloudformation:CreateChangeSet',
  'cloudformation:DescribeChangeSet',
  'cloudformation:DeleteChangeSet',
  // A change set for a stack that does not exist yet leaves an empty stack under review.
  'cloudformation:DeleteStack',
  'rds:DescribeDBClusterSnapshots',
  'rds:DescribeDBClusters',
  'rds:DescribeGlobalClusters',
  ...dataPlaneReads,
];

const failover = [
  ...new Set([
    'sts:GetCallerIdentity',
    'acm:ListCertificates',
    ...route53Reads,
    ...route53Changes,
    ...stackReads,
    'cloudformation:CreateStack',
    'cloudformation:UpdateStack',
    ...albReads,
    ...dataRecovery,
    ...mediaCheck,
    ...journalMirror,
    ...dataPlaneSwitch,
    ...s3Lock,
  ]),
];

/** The drill's teardown: its stacks and what they leave behind (buckets, keys, snapshots). */
const teardown = [
  'cloudformation:DeleteStack',
  'cloudformation:DescribeStackResources',
  's3:HeadBucket',
  's3:ListObjectVersions',
  's3:DeleteObjects',
  's3:DeleteBucket',
  'kms:DescribeKey',
  'kms:ScheduleKeyDeletion',
  'rds:DeleteDBClusterSnapshot',
  'rds:DeleteDBCluster',
];

export const COMMAND_OPERATIONS = {
  failover: [...new Set([...failover, ...plan])],
  resume: failover,
  rollback: [
    ...new Set([...route53Reads, ...route53Changes, ...journalMirror, ...dataPlaneSwitch, ...s3Lock]),
  ],
  status: [
    'sts:GetCallerIdentity',
    'route-53:ListHostedZonesByName',
    'route-53:GetHostedZone',
    'route-53:ListResourceRecordSets',
    'route-53:TestDNSAnswer',
    'cloudformation:DescribeStacks',
    'elastic-load-balancing-v2:DescribeLoadBalancers',
    ...dataPlaneReads,
  ],
  plan,
  drill: [...new Set([...failover, ...teardown])],
  /** `drctl teardown <region>`: deletes stacks under the record's lock; never what they retain. */
  teardown: [
    ...route53Reads,
    ...route53Changes,
    'cloudformation:DescribeStacks',
    'cloudformation:DeleteStack',
    'cloudformation:DescribeStackResources',
    ...new Set([...journalMirror, ...s3Lock]),
  ],
} as const satisfies Record<string, readonly string[]>;

export type PolicyCommand = keyof typeof COMMAND_OPERATIONS;
export const POLICY_COMMANDS = Object.keys(COMMAND_OPERATIONS) as PolicyCommand[];
