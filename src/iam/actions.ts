/**
 * Every AWS API operation drctl's adapters (src/aws) call, keyed `<sdk package>:<operation>`
 * as the SDK names them, with the IAM action(s) that authorise it and the kind of resource
 * it acts on. A test scans src/aws for `new XxxCommand(` and requires this table to list
 * exactly those operations: a new call cannot ship without its permission.
 */

/** What an action is scoped to; policy.ts turns each into resource ARNs and conditions. */
export type Scope =
  /** No resource-level permissions (list/describe APIs, sts:GetCallerIdentity). */
  | 'any'
  /** drctl's stacks: `<app>-*`. */
  | 'stack'
  /** The hosted zone (reads). */
  | 'zone'
  /** Record changes in the zone, limited to drctl's record names and types. */
  | 'record-change'
  /** Route 53 change ids. */
  | 'change'
  /** Media buckets drctl only reads. */
  | 'media-bucket'
  | 'media-object'
  /** Buckets of drill stacks, emptied and deleted by the drill teardown. */
  | 'drill-bucket'
  | 'drill-object'
  /** Where the journal is mirrored (journal.s3). */
  | 'journal-object'
  /** Snapshots: any as the source of a copy; `drctl-*` copies to delete. */
  | 'snapshot'
  | 'drctl-snapshot'
  | 'app-cluster'
  | 'global-cluster'
  /** KMS keys aliased `alias/<app>-*` (the drill's own keys). */
  | 'app-key'
  /** SSM parameters under `/<app>/`. */
  | 'app-parameter'
  /** ARC routing controls (`switch.arc.controls`). */
  | 'routing-control'
  /** The s3-object switch's objects (`switch.s3Object`). */
  | 'switch-object'
  /** The S3 lock's bucket and objects (`lock.s3`). */
  | 'lock-bucket'
  | 'lock-object';

export interface IamAction {
  action: string;
  scope: Scope;
}

const a = (action: string, scope: Scope): IamAction => ({ action, scope });

export const SDK_OPERATIONS: Record<string, IamAction[]> = {
  'acm:ListCertificates': [a('acm:ListCertificates', 'any')],
  'cloudformation:CreateChangeSet': [a('cloudformation:CreateChangeSet', 'stack')],
  'cloudformation:DeleteChangeSet': [a('cloudformation:DeleteChangeSet', 'stack')],
  'cloudformation:DescribeChangeSet': [a('cloudformation:DescribeChangeSet', 'stack')],
  'cloudformation:GetTemplate': [a('cloudformation:GetTemplate', 'stack')],
  'cloudformation:CreateStack': [a('cloudformation:CreateStack', 'stack')],
  'cloudformation:UpdateStack': [a('cloudformation:UpdateStack', 'stack')],
  'cloudformation:DeleteStack': [a('cloudformation:DeleteStack', 'stack')],
  'cloudformation:DescribeStackEvents': [a('cloudformation:DescribeStackEvents', 'stack')],
  'cloudformation:DescribeStackResources': [a('cloudformation:DescribeStackResources', 'stack')],
  // Listing the app's stacks (status, drill sweep) names no stack: it needs "*".
  'cloudformation:DescribeStacks': [a('cloudformation:DescribeStacks', 'any')],
  'ec2:DescribeRegions': [a('ec2:DescribeRegions', 'any')],
  'elastic-load-balancing-v2:DescribeLoadBalancers': [a('elasticloadbalancing:DescribeLoadBalancers', 'any')],
  'elastic-load-balancing-v2:DescribeTargetGroups': [a('elasticloadbalancing:DescribeTargetGroups', 'any')],
  'elastic-load-balancing-v2:DescribeTargetHealth': [a('elasticloadbalancing:DescribeTargetHealth', 'any')],
  'kms:DescribeKey': [a('kms:DescribeKey', 'app-key')],
  'kms:ScheduleKeyDeletion': [a('kms:ScheduleKeyDeletion', 'app-key')],
  'rds:CopyDBClusterSnapshot': [a('rds:CopyDBClusterSnapshot', 'snapshot')],
  'rds:DeleteDBClusterSnapshot': [a('rds:DeleteDBClusterSnapshot', 'drctl-snapshot')],
  'rds:DeleteDBCluster': [a('rds:DeleteDBCluster', 'app-cluster')],
  'rds:DescribeDBClusterSnapshots': [a('rds:DescribeDBClusterSnapshots', 'any')],
  'rds:DescribeDBClusters': [a('rds:DescribeDBClusters', 'any')],
  'rds:DescribeGlobalClusters': [a('rds:DescribeGlobalClusters', 'any')],
  'rds:FailoverGlobalCluster': [a('rds:FailoverGlobalCluster', 'global-cluster')],
  'rds:SwitchoverGlobalCluster': [a('rds:SwitchoverGlobalCluster', 'global-cluster')],
  'route-53:ChangeResourceRecordSets': [a('route53:ChangeResourceRecordSets', 'record-change')],
  'route-53:GetChange': [a('route53:GetChange', 'change')],
  'route-53:GetHostedZone': [a('route53:GetHostedZone', 'zone')],
  'route-53:ListHostedZonesByName': [a('route53:ListHostedZonesByName', 'any')],
  'route-53:ListResourceRecordSets': [a('route53:ListResourceRecordSets', 'zone')],
  'route-53:TestDNSAnswer': [a('route53:TestDNSAnswer', 'any')],
  // S3 authorises HEAD and list calls with the permission of the data they expose.
  's3:GetBucketReplication': [a('s3:GetReplicationConfiguration', 'media-bucket')],
  's3:HeadBucket': [a('s3:ListBucket', 'media-bucket'), a('s3:ListBucket', 'drill-bucket')],
  's3:HeadObject': [a('s3:GetObject', 'media-object')],
  's3:ListObjectsV2': [a('s3:ListBucket', 'media-bucket')],
  's3:ListObjectVersions': [a('s3:ListBucketVersions', 'drill-bucket')],
  // Emptying a versioned bucket deletes versions, which is its own permission.
  's3:DeleteObjects': [a('s3:DeleteObject', 'drill-object'), a('s3:DeleteObjectVersion', 'drill-object')],
  's3:DeleteBucket': [a('s3:DeleteBucket', 'drill-bucket')],
  's3:PutObject': [
    a('s3:PutObject', 'journal-object'),
    a('s3:PutObject', 'switch-object'),
    a('s3:PutObject', 'lock-object'),
  ],
  // Reading a lock that is not there must answer 404, not 403: S3 says which only to a
  // caller allowed to list the bucket.
  's3:GetObject': [
    a('s3:GetObject', 'switch-object'),
    a('s3:GetObject', 'lock-object'),
    a('s3:ListBucket', 'lock-bucket'),
  ],
  // The lock's conditional delete (If-Match: ETag) needs s3:GetObject too, granted above.
  's3:DeleteObject': [a('s3:DeleteObject', 'lock-object')],
  'route53-recovery-cluster:GetRoutingControlState': [
    a('route53-recovery-cluster:GetRoutingControlState', 'routing-control'),
  ],
  'route53-recovery-cluster:UpdateRoutingControlStates': [
    a('route53-recovery-cluster:UpdateRoutingControlStates', 'routing-control'),
  ],
  'ssm:GetParameter': [a('ssm:GetParameter', 'app-parameter')],
  // Always allowed by AWS, listed so the policy names every call drctl makes.
  'sts:GetCallerIdentity': [a('sts:GetCallerIdentity', 'any')],
};
