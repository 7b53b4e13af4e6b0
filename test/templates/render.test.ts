import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { parseTemplate } from '../../src/templates/cfn-yaml.js';
import { parseManifest } from '../../src/templates/manifest.js';
import {
  type EnvFile,
  loadEnvFile,
  type RenderedStack,
  type RenderInput,
  renderStacks,
} from '../../src/templates/render.js';
import { dir, manifest, templates } from './blueprint.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f0e-1234';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.4.2';

function input(over: Partial<RenderInput> = {}): RenderInput {
  return {
    manifest,
    templates,
    app: 'shop',
    env: 'prod',
    envFile: loadEnvFile(dir, 'prod'),
    region: 'us-east-1',
    runtime: { CertificateArn: CERT, ContainerImage: IMAGE },
    ...over,
  };
}

/** What a deploy passes to CloudFormation: the parameters that are set. */
const setValues = (s: RenderedStack) =>
  Object.fromEntries(s.parameters.filter((p) => p.status === 'set').map((p) => [p.name, p.value]));

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('render', () => {
  it('merges context, env file, format and run-time values; earlier outputs stay pending', () => {
    const stacks = renderStacks(input());
    const edge = stacks.find((s) => s.key === 'edge')!;
    expect(edge.stackName).toBe('shop-prod-edge');
    expect(edge.wave).toBe(1);
    const byName = Object.fromEntries(edge.parameters.map((p) => [p.name, p]));
    expect(byName.CertificateArn).toMatchObject({ status: 'set', value: CERT });
    expect(byName.AppName).toMatchObject({ status: 'set', value: 'shop' });
    expect(byName.VpcId).toMatchObject({ status: 'pending', source: 'output network.VpcId' });
    const security = stacks.find((s) => s.key === 'security')!;
    expect(setValues(security)).toEqual({
      AppName: 'shop',
      EnvName: 'prod',
      DbPasswordParameterName: '/shop/prod/db-password',
      AppSecretKeyParameterName: '/shop/prod/app-secret-key',
      EcrRepositoryName: 'shop',
    });
  });

  it('uses outputs of deployed stacks, and leaves optional run-time values to template defaults', () => {
    const outputs = {
      network: {
        VpcId: 'vpc-1',
        PublicSubnetIds: 'subnet-a,subnet-b',
        PrivateSubnetIds: 'subnet-c,subnet-d',
        AvailabilityZones: 'us-east-1a,us-east-1b',
        AlbSecurityGroupId: 'sg-1',
        AppSecurityGroupId: 'sg-2',
        DbSecurityGroupId: 'sg-3',
      },
      security: {
        DataKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
        MediaKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/def',
        MediaBucketName: 'shop-prod-media-123456789012-us-east-1',
        InstanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/p',
        ExecutionRoleArn: 'arn:aws:iam::123456789012:role/x',
        TaskRoleArn: 'arn:aws:iam::123456789012:role/t',
        MonitoringRoleArn: 'arn:aws:iam::123456789012:role/m',
      },
    };
    const data = renderStacks(input({ outputs })).find((s) => s.key === 'data')!;
    const values = setValues(data);
    expect(values.PrivateSubnetIds).toBe('subnet-c,subnet-d');
    expect(values.DbInstanceClass).toBe('db.r6g.large');
    expect(values.SnapshotIdentifier).toBeUndefined();
    expect(data.parameters.find((p) => p.name === 'SnapshotIdentifier')?.status).toBe('default');
    const restored = renderStacks(
      input({
        outputs,
        runtime: { CertificateArn: CERT, ContainerImage: IMAGE, SnapshotIdentifier: 'shop-prod-final' },
      }),
    );
    expect(setValues(restored.find((s) => s.key === 'data')!).SnapshotIdentifier).toBe('shop-prod-final');
  });

  it('rejects a missing required run-time value in one sentence', () => {
    expect(problemsOf(() => renderStacks(input({ runtime: { ContainerImage: IMAGE } })))).toEqual([
      'Stack edge parameter CertificateArn: run-time value CertificateArn is required; drctl must be given it.',
    ]);
  });

  it('leaves missing run-time values pending for previews', () => {
    const edge = renderStacks(input({ runtime: {}, requireRuntime: false })).find((s) => s.key === 'edge')!;
    expect(edge.parameters.find((p) => p.name === 'CertificateArn')?.status).toBe('pending');
  });

  it('rejects unknown run-time values and unknown env keys, naming what is known', () => {
    const envFile: EnvFile = { ...loadEnvFile(dir, 'prod'), InstanceTypo: 'm6i.large' };
    const problems = problemsOf(() =>
      renderStacks(
        input({ envFile, runtime: { CertificateArn: CERT, ContainerImage: IMAGE, Snapshot: 'x' } }),
      ),
    );
    expect(problems).toContain(
      'params/prod.yaml sets InstanceTypo, which no stack uses: remove it or add it to manifest.yaml.',
    );
    expect(
      problems.find((p) => p.startsWith('Run-time value Snapshot is not taken by any stack (known: ')),
    ).toContain('SnapshotIdentifier');
  });

  it('rejects a missing env key, a missing output, a bad value and a bad region', () => {
    const { TaskCpu: _, ...envFile } = loadEnvFile(dir, 'prod');
    const problems = problemsOf(() =>
      renderStacks(
        input({
          envFile: { ...envFile, NatGatewayCount: 3 },
          region: 'mars',
          outputs: { network: { VpcId: 'vpc-1' } },
        }),
      ),
    );
    expect(problems).toContain('"mars" is not an AWS region name such as us-east-1.');
    expect(problems).toContain(
      'Stack compute parameter TaskCpu: params/prod.yaml has no TaskCpu; add it (every env file needs the same keys).',
    );
    expect(problems).toContain('Stack network parameter NatGatewayCount: "3" is not one of 1, 2.');
    expect(problems).toContain(
      'Stack edge parameter PublicSubnetIds: stack network has no output PublicSubnetIds (it has: VpcId).',
    );
  });

  it('rejects a manifest parameter the template lacks, and a required parameter with no source', () => {
    const m = parseManifest(`version: 1
defaultApp: shop
stacks:
  one: { template: one.yaml, parameters: { Extra: { value: 1 } } }
`);
    const t = {
      one: parseTemplate(
        'Parameters:\n  Needed: { Type: String }\nResources:\n  T: { Type: AWS::SNS::Topic }\n',
      ),
    };
    expect(
      problemsOf(() => renderStacks({ ...input(), manifest: m, templates: t, envFile: {}, runtime: {} })),
    ).toEqual([
      'Stack one: manifest.yaml sets parameter Extra, which one.yaml does not declare.',
      'Stack one: one.yaml parameter Needed has no Default and manifest.yaml gives it no source.',
    ]);
  });

  it('never repeats a NoEcho value in a problem', () => {
    const m = parseManifest(`version: 1
defaultApp: shop
stacks:
  one: { template: one.yaml, parameters: { Token: { runtime: Token } } }
`);
    const t = {
      one: parseTemplate(
        "Parameters:\n  Token: { Type: String, NoEcho: true, AllowedPattern: '^[a-f0-9]{8}$' }\nResources:\n  T: { Type: AWS::SNS::Topic }\n",
      ),
    };
    const problems = problemsOf(() =>
      renderStacks({
        ...input(),
        manifest: m,
        templates: t,
        envFile: {},
        runtime: { Token: 'hunter2-oops' },
      }),
    );
    expect(problems).toEqual(['Stack one parameter Token: the value does not match ^[a-f0-9]{8}$.']);
    expect(problems.join()).not.toContain('hunter2');
  });
});
