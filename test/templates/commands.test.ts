import { describe, expect, it } from 'vitest';
import { templatesList, templatesRender, templatesValidate } from '../../src/templates/operations.js';

describe('drctl templates commands', () => {
  it('list shows waves, stacks and where each parameter comes from', () => {
    const text = templatesList();
    expect(text).toContain('wave 1\n  network (network.yaml)');
    expect(text).toMatch(/wave 3\n {2}compute \(compute\.yaml, after network, security, data, media, edge\)/);
    expect(text).toMatch(/CertificateArn +runtime CertificateArn/);
    expect(text).toMatch(/VpcId +output network\.VpcId/);
  });

  it('list names the templates deployed once outside the blueprint, the switch templates among them', () => {
    const text = templatesList();
    const tail = text.split('deployed once, outside the blueprint')[1] ?? '';
    expect(tail).toMatch(/drill-schedule\.yaml: scheduled drills/);
    expect(tail).toMatch(
      /fleet-runner\.yaml: fleet failover on AWS Step Functions[^\n]*\n {4}parameters: ConfigPrefixS3Uri, DrctlVersion, MaxConcurrency, /,
    );
    expect(tail).toMatch(
      /switch-arc\.yaml: data-plane switch: ARC[^\n]*\n {4}parameters: HostedZoneId, RecordName, /,
    );
    expect(tail).toMatch(/switch-s3-object\.yaml: [^\n]*\n {4}parameters: [^\n]*HealthCheckerCidrs/);
  });

  it('render shows merged parameters per stack for an env and region', () => {
    const text = templatesRender('dev', 'ap-southeast-1', { app: 'shop' });
    expect(text).toContain('shop-dev-network (network.yaml, wave 1, ap-southeast-1)');
    expect(text).toMatch(/NatGatewayCount +1/);
    expect(text).toMatch(/CertificateArn +<pending: runtime CertificateArn>/);
    const json = JSON.parse(templatesRender('prod', 'us-east-1', { json: true }));
    expect(json).toMatchObject({ type: 'templates-render', exitCode: 0 });
    expect(json.stacks.map((s: { stackName: string }) => s.stackName)).toContain('webapp-prod-compute');
  });

  it('render refuses an unknown environment in one sentence', () => {
    expect(() => templatesRender('staging', 'us-east-1')).toThrow(
      'Unknown environment "staging": choose one of dev, prod, test.',
    );
  });

  it('validate finds no problems in the shipped blueprint', async () => {
    const result = await templatesValidate({ lint: false });
    expect(result.problems).toEqual([]);
    expect(result.lint).toEqual({ ran: false, reason: 'skipped' });
  });
});
