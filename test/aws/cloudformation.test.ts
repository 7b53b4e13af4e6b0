/**
 * CloudFormation facts the emulator stands in for: a failing resource fails the stack
 * (CREATE_FAILED with DO_NOTHING, ROLLBACK_COMPLETE by default) with the resource's event
 * and reason; CreateStack repeated with the same ClientRequestToken is the same request
 * and events carry the token; a change set of type CREATE leaves REVIEW_IN_PROGRESS; a
 * bucket that is not empty makes DeleteStack end DELETE_FAILED. Free resource types only
 * (SNS topics, an S3 bucket holding one tiny object for minutes).
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, expect, it } from 'vitest';
import { Cleanup, contract, REGION, RUN, until } from './contract.js';

const cfn = new CloudFormationClient({ region: REGION });
const s3 = new S3Client({ region: REGION });
const cleanup = new Cleanup();

/** An SNS topic name with a space is refused by SNS: the resource, and so the stack, fails. */
const FAILING = JSON.stringify({
  Resources: {
    Fine: { Type: 'AWS::SNS::Topic' },
    Broken: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'not a valid name' }, DependsOn: 'Fine' },
  },
});
const FINE = JSON.stringify({ Resources: { Fine: { Type: 'AWS::SNS::Topic' } } });
const BUCKET = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });

const settled = (name: string) =>
  until(
    `${name} settled`,
    async () => {
      const s = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
      return s && !s.endsWith('_IN_PROGRESS') ? s : undefined;
    },
    600_000,
  );

function owns(name: string): void {
  cleanup.add(`stack ${name} in ${REGION}`, async () => {
    await cfn.send(new DeleteStackCommand({ StackName: name }));
  });
}

contract('CloudFormation (real AWS)', () => {
  afterAll(async () => {
    try {
      await cleanup.runAll();
    } finally {
      cfn.destroy();
      s3.destroy();
    }
  });

  it('same ClientRequestToken: the same stack; a failing resource with DO_NOTHING ends CREATE_FAILED, events carry the token', async () => {
    const name = `${RUN}-token`;
    const token = `${RUN}-create`;
    const create = () =>
      cfn.send(
        new CreateStackCommand({
          StackName: name,
          TemplateBody: FAILING,
          OnFailure: 'DO_NOTHING',
          ClientRequestToken: token,
        }),
      );
    const first = await create();
    owns(name);
    const again = await create();
    expect(again.StackId).toBe(first.StackId);
    expect(await settled(name)).toBe('CREATE_FAILED');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: name }))).StackEvents ?? [];
    const failed = events.find(
      (e) => e.LogicalResourceId === 'Broken' && e.ResourceStatus === 'CREATE_FAILED',
    );
    expect(failed?.ResourceStatusReason).toBeTruthy();
    expect(events.every((e) => e.ClientRequestToken === token)).toBe(true);
  });

  it('a failing resource with the default OnFailure ends ROLLBACK_COMPLETE', async () => {
    const name = `${RUN}-rollback`;
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: FAILING }));
    owns(name);
    expect(await settled(name)).toBe('ROLLBACK_COMPLETE');
  });

  it('a CREATE change set leaves the new stack REVIEW_IN_PROGRESS', async () => {
    const name = `${RUN}-review`;
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: name,
        ChangeSetName: 'review',
        ChangeSetType: 'CREATE',
        TemplateBody: FINE,
      }),
    );
    owns(name);
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
    expect(status).toBe('REVIEW_IN_PROGRESS');
  });

  it('DeleteStack of a stack whose bucket is not empty ends DELETE_FAILED, resources kept', async () => {
    const name = `${RUN}-undeletable`;
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: BUCKET }));
    owns(name);
    expect(await settled(name)).toBe('CREATE_COMPLETE');
    const resources =
      (await cfn.send(new DescribeStackResourcesCommand({ StackName: name }))).StackResources ?? [];
    const bucket = resources.find((r) => r.LogicalResourceId === 'Bucket')!.PhysicalResourceId!;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep', Body: 'x' }));
    cleanup.add(`object s3://${bucket}/keep`, () =>
      s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'keep' })),
    );
    await cfn.send(new DeleteStackCommand({ StackName: name }));
    expect(await settled(name)).toBe('DELETE_FAILED');
  });
});
