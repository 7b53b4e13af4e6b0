/**
 * Read-only ports that back `drctl plan`'s readiness checks: is the region enabled, is
 * there a certificate, does the AMI parameter resolve, and (only with `--change-sets`)
 * the exact resource changes CloudFormation would make.
 */

/** EC2's `OptInStatus`: `opt-in-not-required`, `opted-in` or `not-opted-in`. */
export type RegionOptIn = 'opt-in-not-required' | 'opted-in' | 'not-opted-in' | string;

export interface RegionPort {
  /** The account's opt-in status of `region`; `undefined` when the region is unknown. */
  optInStatus(region: string): Promise<RegionOptIn | undefined>;
}

export interface CertificatePort {
  /** ARNs of ISSUED certificates in `region` covering `hostname`, exact names first. */
  issuedCovering(region: string, hostname: string): Promise<string[]>;
}

export interface ParameterPort {
  /** SSM GetParameter (no decryption); `undefined` when the parameter does not exist. */
  get(region: string, name: string): Promise<string | undefined>;
}

export interface ResourceChange {
  /** `Add`, `Modify`, `Remove`, `Import`, `Dynamic`. */
  action: string;
  logicalId: string;
  resourceType: string;
  /** `True`, `False` or `Conditional` for a Modify. */
  replacement?: string;
}

export interface ChangeSetInfo {
  id: string;
  stackId: string;
  /** As CloudFormation spells it; read it with `changeSetStatus` (stack-status.ts). */
  status: string;
  statusReason?: string;
  changes: ResourceChange[];
}

export interface ChangeSetRequest {
  stackName: string;
  changeSetName: string;
  /** CREATE for a stack that does not exist (it leaves an empty stack under review). */
  type: 'CREATE' | 'UPDATE';
  templateBody: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
}

export interface StackReviewPort {
  /** The deployed template body (GetTemplate, original stage); `undefined` when absent. */
  templateBody(region: string, stackName: string): Promise<string | undefined>;
  /** The one mutation `plan` may make, and only with `--change-sets`. */
  createChangeSet(region: string, req: ChangeSetRequest): Promise<{ id: string; stackId: string }>;
  describeChangeSet(region: string, changeSetId: string): Promise<ChangeSetInfo>;
  deleteChangeSet(region: string, changeSetId: string): Promise<void>;
}

/** The AMI the compute stack resolves through SSM (its `ImageId` parameter's default). */
export const ECS_AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';
