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
import { orMissing, pages } from './call.js';
import type { ClientFactory } from './clients.js';
import { CAPABILITIES, isMissingStack, toParams, toTags } from './cloudformation-stacks.js';

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
    const out = await orMissing(
      this.clients.call(`CloudFormation GetTemplate ${stackName} in ${region}`, () =>
        this.clients
          .cloudFormation(region)
          .send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' })),
      ),
      isMissingStack,
    );
    return out?.TemplateBody;
  }

  async createChangeSet(region: string, req: ChangeSetRequest): Promise<{ id: string; stackId: string }> {
    const out = await this.clients.call(
      `CloudFormation CreateChangeSet ${req.changeSetName} for ${req.stackName} in ${region}`,
      () =>
        this.clients.cloudFormation(region).send(
          new CreateChangeSetCommand({
            StackName: req.stackName,
            ChangeSetName: req.changeSetName,
            ChangeSetType: req.type,
            TemplateBody: req.templateBody,
            Parameters: toParams(req.parameters),
            Tags: toTags(req.tags),
            Capabilities: CAPABILITIES,
          }),
        ),
    );
    return { id: out.Id ?? req.changeSetName, stackId: out.StackId ?? req.stackName };
  }

  async describeChangeSet(region: string, changeSetId: string): Promise<ChangeSetInfo> {
    const client = this.clients.cloudFormation(region);
    const changes: ResourceChange[] = [];
    let first: DescribeChangeSetCommandOutput | undefined;
    const all = pages(
      (token) =>
        this.clients.call(`CloudFormation DescribeChangeSet ${changeSetId} in ${region}`, () =>
          client.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, NextToken: token })),
        ),
      (page) => page.NextToken,
    );
    for await (const page of all) {
      first ??= page;
      changes.push(...(page.Changes ?? []).map(toChange));
    }
    return {
      id: first?.ChangeSetId ?? changeSetId,
      stackId: first?.StackId ?? '',
      status: first?.Status ?? 'UNKNOWN',
      ...(first?.StatusReason ? { statusReason: first.StatusReason } : {}),
      changes,
    };
  }

  async deleteChangeSet(region: string, changeSetId: string): Promise<void> {
    await this.clients.call(`CloudFormation DeleteChangeSet ${changeSetId} in ${region}`, () =>
      this.clients.cloudFormation(region).send(new DeleteChangeSetCommand({ ChangeSetName: changeSetId })),
    );
  }
}
