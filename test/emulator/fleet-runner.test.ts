/**
 * templates/fleet-runner.yaml deployed into the emulator, in a region other than the
 * failed one, and read back through Step Functions, CodeBuild and IAM: the state machine
 * runs the waves one at a time and the apps of a wave at most MaxConcurrency at once,
 * each a CodeBuild build of `drctl failover <region> --yes -c drctl.yaml` through the
 * .sync integration, one app's failure caught as its own result, and the roles grant
 * what Step Functions documents for that integration and no more. (The emulator does
 * not run executions: what a build does is drctl itself, tested everywhere else.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../harness/aws-clients.js';
import { type Emulator, startEmulator } from '../harness/emulator.js';
import { jsonCall, queryCall } from '../harness/raw-aws.js';

/** Not the failed region (us-west-2 in this story) nor the DR region (us-east-1). */
const REGION = 'eu-west-1';
const STACK = 'drctl-fleet-runner';

let emu: Emulator;
let outputs: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator();
  const cfn = new CloudFormationClient(clientConfig(emu.endpoint, REGION));
  const parameters = {
    ConfigPrefixS3Uri: 's3://ops-bucket/drctl/',
    MaxConcurrency: '7',
    FailoverPolicyArns: 'arn:aws:iam::123456789012:policy/drctl-failover',
  };
  await cfn.send(
    new CreateStackCommand({
      StackName: STACK,
      TemplateBody: readFileSync(join('templates', 'fleet-runner.yaml'), 'utf8'),
      Capabilities: ['CAPABILITY_IAM'],
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    }),
  );
  let stack: Stack | undefined;
  for (let i = 0; i < 1200; i++) {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(stack?.StackStatus, stack?.StackStatusReason).toBe('CREATE_COMPLETE');
  outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
}, 240_000);

afterAll(async () => {
  await emu?.stop();
});

type State = Record<string, unknown> & { ItemProcessor?: { States: Record<string, State> } };

async function definition(): Promise<{ StartAt: string; States: Record<string, State> }> {
  const sm = await jsonCall(emu.endpoint, REGION, 'states', 'AWSStepFunctions.DescribeStateMachine', {
    stateMachineArn: outputs.StateMachineArn,
  });
  return JSON.parse(String(sm.definition));
}

async function rolePolicy(roleOutputFragment: string): Promise<string> {
  const roles = await queryCall(emu.endpoint, REGION, 'iam', '2010-05-08', 'ListRoles');
  const name = [...roles.matchAll(/<RoleName>([^<]+)<\/RoleName>/g)]
    .map((m) => m[1]!)
    .find((n) => n.includes(roleOutputFragment));
  if (!name) throw new Error(`no role named like ${roleOutputFragment}`);
  const xml = await queryCall(emu.endpoint, REGION, 'iam', '2010-05-08', 'ListRolePolicies', {
    RoleName: name,
  });
  const policy = /<member>([^<]+)<\/member>/.exec(xml)![1]!;
  const doc = await queryCall(emu.endpoint, REGION, 'iam', '2010-05-08', 'GetRolePolicy', {
    RoleName: name,
    PolicyName: policy,
  });
  const raw = decodeURIComponent(/<PolicyDocument>([^<]+)<\/PolicyDocument>/.exec(doc)![1]!);
  // moto answers a CloudFormation-made inline policy as Python's repr of the document
  // (single quotes); these policies hold no quote of their own, so swapping is exact.
  return raw.replace(/'/g, '"');
}

describe('the fleet runner deployed into the emulator', () => {
  it('waves one after another, the apps of a wave at most MaxConcurrency at once', async () => {
    const d = await definition();
    const waves = d.States[d.StartAt]!;
    expect(waves).toMatchObject({ Type: 'Map', ItemsPath: '$.waves', MaxConcurrency: 1 });
    const apps = waves.ItemProcessor!.States.Apps!;
    expect(apps).toMatchObject({ Type: 'Map', ItemsPath: '$.apps', MaxConcurrency: 7 });
  });

  it("each app is a CodeBuild build (.sync) of drctl failover with that app's config and region", async () => {
    const d = await definition();
    const task = d.States.Waves!.ItemProcessor!.States.Apps!.ItemProcessor!.States.Failover!;
    expect(task).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::codebuild:startBuild.sync',
      Parameters: { ProjectName: outputs.ProjectName },
    });
    const env = (task.Parameters as { EnvironmentVariablesOverride: Record<string, string>[] })
      .EnvironmentVariablesOverride;
    expect(env.map((e) => [e.Name, e['Value.$']])).toEqual([
      ['APP', '$.app'],
      ['CONFIG_KEY', '$.config'],
      ['TARGET_REGION', '$.region'],
    ]);
    const got = await jsonCall(emu.endpoint, REGION, 'codebuild', 'CodeBuild_20161006.BatchGetProjects', {
      names: [outputs.ProjectName],
    });
    const [project] = got.projects as { source: { buildspec: string }; timeoutInMinutes: number }[];
    expect(project!.source.buildspec).toContain(
      'npx --yes "drctl@$DRCTL_VERSION" failover "$TARGET_REGION" --yes -c drctl.yaml',
    );
    // The journals go back to S3 whatever the exit code, so resume and rollback work per app.
    expect(project!.source.buildspec).toMatch(
      /post_build:[\s\S]*aws s3 sync runs\/ "s3:\/\/\$RUNS_BUCKET\/runs\/\$APP\/"/,
    );
  });

  it('one app failing is caught as its own result; the output is the fleet summary', async () => {
    const d = await definition();
    const inner = d.States.Waves!.ItemProcessor!.States.Apps!.ItemProcessor!.States;
    expect(inner.Failover!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' },
    ]);
    expect(inner.Moved).toMatchObject({ Parameters: { status: 'moved' }, End: true });
    expect(inner.Failed).toMatchObject({ Parameters: { status: 'failed' }, End: true });
    expect(d.States.Summary).toMatchObject({
      Type: 'Pass',
      Parameters: { 'region.$': '$.region', 'apps.$': '$.results[*][*]' },
      End: true,
    });
  });

  it('the state machine may run and watch builds of its project only, as Step Functions documents for .sync', async () => {
    const policy = JSON.parse(await rolePolicy('StateMachineRole'));
    expect(policy.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['codebuild:StartBuild', 'codebuild:StopBuild', 'codebuild:BatchGetBuilds'],
        Resource: expect.stringMatching(new RegExp(`:project/${outputs.ProjectName}$`)),
      },
      {
        Effect: 'Allow',
        Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        Resource: expect.stringMatching(/:rule\/StepFunctionsGetEventForCodeBuildStartBuildRule$/),
      },
    ]);
  });

  it('the builds may read the configs, write their journals and logs, nothing else of their own', async () => {
    const policy = JSON.parse(await rolePolicy('ProjectRole'));
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort();
    expect(actions).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(JSON.stringify(policy)).toContain('arn:aws:s3:::ops-bucket/drctl/*');
    expect(JSON.stringify(policy)).not.toContain('"*"');
  });
});
