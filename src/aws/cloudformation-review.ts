/**
 * StackReviewPort on CloudFormation: the deployed template, and change sets for
 * `drctl plan --change-sets` (created, described, deleted; never executed).
 */
import {
  type Change,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import type { ChangeSetInfo, ChangeSetRequest, ResourceChange, StackReviewPort } from '../ports/readiness.js';
import { callAws } from './call.js';
import type { ClientFactory } from './clients.js';
import { CAPABILITIES } from './cloudformation-stacks.js';

function toChange(c: Change): ResourceChange {
  const r = c.ResourceChange;
  return {
    action: r?.Action ?? 'Unknown',
    logicalId: r?.LogicalResourceId ?? '',
    resourceType: r?.ResourceType ?? '',
    ...(r?.Replacement ? { replacement: r.Replacement } : {}),
  };
}

export class CloudFormationReview implements StackReviewPort {
  constructor(private readonly clients: ClientFactory) {}

  async templateBody(region: string, stackName: string): Promise<string | undefined> {
    try {
      const out = await callAws(
        `CloudFormation GetTemplate ${stackName} in ${region}`,
        () =>
          this.clients
            .cloudFormation(region)
            .send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' })),
        this.clients.retry,
      );
      return out.TemplateBody;
    } catch (e) {
      if (/does not exist/.test((e as { cause?: { message?: string } }).cause?.message ?? ''))
        return undefined;
      throw e;
    }
  }

  async createChangeSet(region: string, req: ChangeSetRequest): Promise<{ id: string; stackId: string }> {
    const out = await callAws(
      `CloudFormation CreateChangeSet ${req.changeSetName} for ${req.stackName} in ${region}`,
      () =>
        this.clients.cloudFormation(region).send(
          new CreateChangeSetCommand({
            StackName: req.stackName,
            ChangeSetName: req.changeSetName,
            ChangeSetType: req.type,
            TemplateBody: req.templateBody,
            Parameters: Object.entries(req.parameters).map(([ParameterKey, ParameterValue]) => ({
              ParameterKey,
              ParameterValue,
            })),
            Tags: Object.entries(req.tags).map(([Key, Value]) => ({ Key, Value })),
            Capabilities: CAPABILITIES,
          }),
        ),
      this.clients.retry,
    );
    return { id: out.Id ?? req.changeSetName, stackId: out.StackId ?? req.stackName };
  }

  async describeChangeSet(region: string, changeSetId: string): Promise<ChangeSetInfo> {
    const client = this.clients.cloudFormation(region);
    const changes: ResourceChange[] = [];
    let token: string | undefined;
    let first: DescribeChangeSetCommandOutput | undefined;
    do {
      const page = await callAws(
        `CloudFormation DescribeChangeSet ${changeSetId} in ${region}`,
        () => client.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, NextToken: token })),
        this.clients.retry,
      );
      first ??= page;
      changes.push(...(page.Changes ?? []).map(toChange));
      token = page.NextToken;
    } while (token);
    return {
      id: first?.ChangeSetId ?? changeSetId,
      stackId: first?.StackId ?? '',
      status: first?.Status ?? 'UNKNOWN',
      ...(first?.StatusReason ? { statusReason: first.StatusReason } : {}),
      changes,
    };
  }

  async deleteChangeSet(region: string, changeSetId: string): Promise<void> {
    await callAws(
      `CloudFormation DeleteChangeSet ${changeSetId} in ${region}`,
      () =>
        this.clients.cloudFormation(region).send(new DeleteChangeSetCommand({ ChangeSetName: changeSetId })),
      this.clients.retry,
    );
  }
}
