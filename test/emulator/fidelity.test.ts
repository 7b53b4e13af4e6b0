/**
 * The emulator answers as AWS documents where moto does not (docs/emulator-fidelity.md):
 * hosted zone ids, CreateStack's and UpdateStack's ClientRequestToken, the stack states an outage or a
 * failed delete leaves, and ListCertificates' default key types.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, ImportCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../harness/aws-clients.js';
import { type Emulator, startEmulator } from '../harness/emulator.js';

const REGION = 'eu-west-1';
const TEMPLATE = JSON.stringify({
  Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'fidelity' } } },
});
let emu: Emulator;
let cfn: CloudFormationClient;

beforeAll(async () => {
  emu = await startEmulator();
  cfn = new CloudFormationClient(clientConfig(emu.endpoint, REGION));
});
afterAll(async () => {
  cfn?.destroy();
  await emu?.stop();
});

const status = async (name: string) =>
  (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;

describe('Route 53', () => {
  it("hosted zone ids start with Z, as AWS's do", async () => {
    const r53 = new Route53Client(clientConfig(emu.endpoint, 'us-east-1'));
    for (const name of ['a.example.org', 'b.example.org', 'c.example.org']) {
      const zone = await r53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: name }));
      expect(zone.HostedZone?.Id).toMatch(/^\/hostedzone\/Z[A-Z0-9]+$/);
    }
    r53.destroy();
  });
});

describe('CloudFormation', () => {
  it('CreateStack repeated with the same ClientRequestToken returns the same stack; another token is AlreadyExists', async () => {
    const create = (token: string) =>
      cfn.send(
        new CreateStackCommand({ StackName: 'tokened', TemplateBody: TEMPLATE, ClientRequestToken: token }),
      );
    const first = await create('drctl-run-1-deploy');
    const again = await create('drctl-run-1-deploy');
    expect(again.StackId).toBe(first.StackId);
    await expect(create('drctl-run-2-deploy')).rejects.toMatchObject({ name: 'AlreadyExistsException' });
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'tokened' }))).StackEvents ?? [];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.ClientRequestToken === 'drctl-run-1-deploy')).toBe(true);
  });

  it("UpdateStack's events carry its ClientRequestToken; the earlier operation's keep theirs", async () => {
    const body = (name: string) =>
      JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: name } } } });
    await cfn.send(
      new CreateStackCommand({
        StackName: 'updated',
        TemplateBody: body('u1'),
        ClientRequestToken: 'drctl-create',
      }),
    );
    const created =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'updated' }))).StackEvents ?? [];
    await cfn.send(
      new UpdateStackCommand({
        StackName: 'updated',
        TemplateBody: body('u2'),
        ClientRequestToken: 'drctl-update',
      }),
    );
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'updated' }))).StackEvents ?? [];
    const tokens = events.map((e) => e.ClientRequestToken);
    const fresh = events.length - created.length;
    expect(fresh).toBeGreaterThan(0);
    // Newest first: the update's events, then the create's.
    expect(tokens).toEqual([
      ...Array(fresh).fill('drctl-update'),
      ...Array(created.length).fill('drctl-create'),
    ]);
  });

  it('a stack is driven into UPDATE_ROLLBACK_FAILED with the stack event AWS writes', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'stuck-update', TemplateBody: TEMPLATE }));
    await emu.driveStack({
      region: REGION,
      stackName: 'stuck-update',
      status: 'UPDATE_ROLLBACK_FAILED',
      reason: 'x',
    });
    expect(await status('stuck-update')).toBe('UPDATE_ROLLBACK_FAILED');
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'stuck-update' }))).StackEvents ?? [];
    expect(
      events.some(
        (e) => e.ResourceStatus === 'UPDATE_ROLLBACK_FAILED' && e.LogicalResourceId === 'stuck-update',
      ),
    ).toBe(true);
  });

  it('a DeleteStack made to fail leaves the stack DELETE_FAILED; the next one deletes it', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'undeletable', TemplateBody: TEMPLATE }));
    await emu.driveStack({
      region: REGION,
      stackName: 'undeletable',
      failNextDelete: true,
      reason: 'bucket not empty',
    });
    await cfn.send(new DeleteStackCommand({ StackName: 'undeletable' }));
    expect(await status('undeletable')).toBe('DELETE_FAILED');
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'undeletable' }))).StackEvents ?? [];
    expect(events.find((e) => e.ResourceStatus === 'DELETE_FAILED')?.ResourceStatusReason).toBe(
      'bucket not empty',
    );
    await cfn.send(new DeleteStackCommand({ StackName: 'undeletable' }));
    await expect(status('undeletable')).rejects.toThrow(/does not exist/);
  });

  it("a stack made by CreateChangeSet (CREATE) waits in REVIEW_IN_PROGRESS, as AWS's does", async () => {
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'in-review',
        ChangeSetName: 'review',
        ChangeSetType: 'CREATE',
        TemplateBody: TEMPLATE,
      }),
    );
    expect(await status('in-review')).toBe('REVIEW_IN_PROGRESS');
  });

  it('refuses to drive a stack into a state the harness does not offer (400)', async () => {
    await expect(
      emu.driveStack({ region: REGION, stackName: 'stuck-update', status: 'CREATE_COMPLETE' as never }),
    ).rejects.toThrow(/400/);
  });
});

describe('ACM', () => {
  it('ListCertificates without keyTypes lists RSA_1024/RSA_2048 only; with keyTypes, ECDSA too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-ec-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=ec.example.com',
        '-days',
        '2',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const acm = new ACMClient(clientConfig(emu.endpoint, REGION));
    const imported = await acm.send(
      new ImportCertificateCommand({
        Certificate: readFileSync(join(dir, 'cert.pem')),
        PrivateKey: readFileSync(join(dir, 'key.pem')),
      }),
    );
    const arns = async (keyTypes?: string[]) =>
      (
        (
          await acm.send(
            new ListCertificatesCommand(keyTypes ? { Includes: { keyTypes: keyTypes as never } } : {}),
          )
        ).CertificateSummaryList ?? []
      ).map((c) => c.CertificateArn);
    expect(await arns()).not.toContain(imported.CertificateArn);
    expect(await arns(['EC_prime256v1'])).toContain(imported.CertificateArn);
    acm.destroy();
  });
});
