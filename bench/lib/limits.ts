/**
 * AWS's published API rate limits that drctl's calls count against, with where each number
 * comes from. A limit is a sustained rate (token-bucket refill) per account (and region,
 * where the service says so); bursts above it are absorbed by the bucket, so comparing the
 * peak one-second count with the sustained rate is the conservative reading.
 */

export interface RateLimit {
  service: string;
  /** Which calls share the limit. */
  scope: string;
  /** Requests per second; undefined when AWS does not publish one. */
  perSecond?: number;
  /** The calls (`service operation`) that count against it. */
  counts: (op: string) => boolean;
  note: string;
  sources: string[];
}

export const LIMITS: RateLimit[] = [
  {
    service: 'route53',
    scope: 'all Route 53 API calls of the account, together',
    perSecond: 5,
    counts: (op) => op.startsWith('route53 '),
    note: 'The long-standing hard limit: 5 requests/s per account. AWS has since raised it (token bucket: 50 burst, 10/s refill at account level and per operation; ChangeResourceRecordSets also limited by records changed per second); the older, stricter figure is used for the verdict.',
    sources: [
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html (Route 53 API requests: "Five requests per second per AWS account")',
      'https://repost.aws/knowledge-center/route-53-avoid-throttling-errors ("hard limit of five requests per second, per account")',
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/throttling-api-requests.html (updated: account bucket 50, refill 10/s)',
    ],
  },
  {
    service: 'elbv2',
    scope: 'Describe* (non-mutating) calls of the account in the region',
    perSecond: 10,
    counts: (op) => op.startsWith('elbv2 Describe'),
    note: 'Token bucket: 40 burst, 10/s refill.',
    sources: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html'],
  },
  {
    service: 'rds',
    scope: 'all RDS (Aurora) API calls of the account in the region',
    perSecond: 12,
    counts: (op) => op.startsWith('rds '),
    note: 'Token bucket: 300 burst, 12/s sustained.',
    sources: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html'],
  },
  {
    service: 'cloudformation',
    scope: 'DescribeStacks, DescribeStackEvents, CreateStack, UpdateStack',
    counts: (op) => op.startsWith('cloudformation '),
    note: 'Not published. AWS throttles CloudFormation calls ("Rate exceeded") but states no rate; its advice is backoff and fewer concurrent stack operations. No verdict possible: the peak is reported.',
    sources: [
      'https://repost.aws/knowledge-center/cloudformation-rate-exceeded-error',
      'https://github.com/aws/aws-cli/pull/5286 (the AWS CLI raised its DescribeStacks polling delay to cut throttling)',
    ],
  },
];
