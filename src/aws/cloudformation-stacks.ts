/** StackPort on CloudFormation. */
import {
  type Capability,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { stackStatus } from '../ports/stack-status.js';
import type { StackEvent, StackInfo, StackPort, StackSpec } from '../ports/stacks.js';
import { type AwsFault, awsFault, orMissing, pages } from './call.js';
import type { ClientFactory } from './clients.js';

/** The tag that marks a stack as drctl's, with the app name as value. */
export const APP_TAG = 'drctl:app';

// The blueprint creates named IAM roles and uses nested macros nowhere: these are enough.
export const CAPABILITIES: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'];

function toInfo(s: Stack, region: string): StackInfo {
  const updated = s.LastUpdatedTime ?? s.CreationTime;
  return {
    name: s.StackName ?? '',
    id: s.StackId ?? '',
    region,
    status: s.StackStatus ?? 'UNKNOWN',
    ...(s.StackStatusReason ? { statusReason: s.StackStatusReason } : {}),
    outputs: Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
    parameters: Object.fromEntries(
      (s.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']),
    ),
    tags: Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    ...(updated ? { lastUpdated: updated } : {}),
  };
}

/** CloudFormation says "does not exist" with a generic ValidationError; only the text tells. */
export const isMissingStack = (f: AwsFault): boolean =>
  f.name === 'ValidationError' && /does not exist/.test(f.message ?? '');

export class CloudFormationStacks implements StackPort {
  constructor(private readonly clients: ClientFactory) {}

  async describe(region: string, name: string): Promise<StackInfo | undefined> {
    const out = await orMissing(
      this.clients.call(`CloudFormation DescribeStacks ${name} in ${region}`, () =>
        this.clients.cloudFormation(region).send(new DescribeStacksCommand({ StackName: name })),
      ),
      isMissingStack,
    );
    const s = out?.Stacks?.[0];
    return s ? toInfo(s, region) : undefined;
  }

  async listByApp(region: string, app: string): Promise<StackInfo[]> {
    const client = this.clients.cloudFormation(region);
    const out: StackInfo[] = [];
    const all = pages(
      (token) =>
        this.clients.call(`CloudFormation DescribeStacks in ${region}`, () =>
          client.send(new DescribeStacksCommand({ NextToken: token })),
        ),
      (page) => page.NextToken,
    );
    for await (const page of all) {
      for (const s of page.Stacks ?? []) {
        const info = toInfo(s, region);
        if (info.tags[APP_TAG] === app && !stackStatus.isDeleted(info.status)) out.push(info);
      }
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(region: string, spec: StackSpec): Promise<{ stackId: string }> {
    const out = await this.clients.call(`CloudFormation CreateStack ${spec.name} in ${region}`, () =>
      this.clients.cloudFormation(region).send(
        new CreateStackCommand({
          ...stackRequest(spec),
          // Roll back what a failed create made (nothing left to pay for); the failing
          // resource and its reason stay readable in the stack events, which drctl reports.
          OnFailure: 'ROLLBACK',
        }),
      ),
    );
    return { stackId: out.StackId ?? spec.name };
  }

  async update(region: string, spec: StackSpec): Promise<'updating' | 'no-changes'> {
    try {
      await this.clients.call(`CloudFormation UpdateStack ${spec.name} in ${region}`, () =>
        this.clients.cloudFormation(region).send(new UpdateStackCommand(stackRequest(spec))),
      );
      return 'updating';
    } catch (e) {
      // "No updates are to be performed." is CloudFormation's way of saying success.
      if (/No updates are to be performed/i.test(awsFault(e).message ?? '')) return 'no-changes';
      throw e;
    }
  }

  async events(region: string, name: string, clientRequestToken?: string): Promise<StackEvent[]> {
    const client = this.clients.cloudFormation(region);
    const all: StackEvent[] = [];
    const newestFirst = pages(
      (token) =>
        this.clients.call(`CloudFormation DescribeStackEvents ${name} in ${region}`, () =>
          client.send(new DescribeStackEventsCommand({ StackName: name, NextToken: token })),
        ),
      (page) => page.NextToken,
    );
    for await (const page of newestFirst) {
      for (const e of page.StackEvents ?? []) {
        all.push({
          id: e.EventId ?? '',
          timestamp: e.Timestamp ?? new Date(0),
          logicalId: e.LogicalResourceId ?? '',
          resourceType: e.ResourceType ?? '',
          status: e.ResourceStatus ?? '',
          ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
          ...(e.ClientRequestToken ? { clientRequestToken: e.ClientRequestToken } : {}),
        });
      }
      const { events, complete } = operationEvents(all, clientRequestToken);
      if (complete) return events;
    }
    return operationEvents(all, clientRequestToken).events;
  }

  async delete(region: string, name: string): Promise<void> {
    await this.clients.call(`CloudFormation DeleteStack ${name} in ${region}`, () =>
      this.clients.cloudFormation(region).send(new DeleteStackCommand({ StackName: name })),
    );
  }
}

/**
 * The events of one operation, from a newest-first list, and whether the list reached
 * past it (no more pages needed). CloudFormation stamps every event of an operation with
 * the ClientRequestToken it was started with ("All events triggered by a given stack
 * operation are assigned the same client request token",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html),
 * so the token decides, not timestamps (a laptop clock minutes off would hide the
 * failure's cause or show an older one): the run's operation is the newest, and its events
 * end at the first event without its token (another operation's, whether that one had a
 * token or not).
 */
export function operationEvents(
  newestFirst: StackEvent[],
  clientRequestToken?: string,
): { events: StackEvent[]; complete: boolean } {
  if (!clientRequestToken) return { events: newestFirst, complete: false };
  const end = newestFirst.findIndex((e) => e.clientRequestToken !== clientRequestToken);
  return end < 0
    ? { events: newestFirst, complete: false }
    : { events: newestFirst.slice(0, end), complete: true };
}

/** What CreateStack and UpdateStack share: the stack, its template, parameters and tags. */
function stackRequest(spec: StackSpec) {
  return {
    StackName: spec.name,
    TemplateBody: spec.templateBody,
    Parameters: toParams(spec.parameters),
    Tags: toTags(spec.tags),
    Capabilities: CAPABILITIES,
    ...(spec.clientRequestToken ? { ClientRequestToken: spec.clientRequestToken } : {}),
  };
}

export const toParams = (p: Record<string, string>) =>
  Object.entries(p).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
export const toTags = (t: Record<string, string>) =>
  Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
