import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { parseCfnYaml, parseTemplate } from '../../src/templates/cfn-yaml.js';

describe('CloudFormation YAML short tags', () => {
  it('turns every short tag into its long form', () => {
    const doc = parseCfnYaml(`
ref: !Ref Vpc
att: !GetAtt Cluster.Endpoint.Address
attSeq: !GetAtt [Lb, DNSName]
sub: !Sub '\${AWS::StackName}-x'
subSeq: !Sub ['\${A}', { A: !Ref B }]
if: !If [IsEc2, !Ref X, !Ref AWS::NoValue]
eq: !Equals [!Ref A, '']
not: !Not [!Equals [a, b]]
and: !And [!Condition A, !Condition B]
or: !Or [!Condition A, !Condition B]
map: !FindInMap [M, !Ref AWS::Region, K]
join: !Join [',', [a, b]]
select: !Select [0, !GetAZs '']
split: !Split [',', !ImportValue Exported]
b64: !Base64
  Fn::Sub: echo \${Cluster}
b64s: !Base64 plain
cidr: !Cidr [!Ref VpcCidr, 4, 12]
azs: !GetAZs us-east-1
`);
    expect(doc).toEqual({
      ref: { Ref: 'Vpc' },
      att: { 'Fn::GetAtt': ['Cluster', 'Endpoint.Address'] },
      attSeq: { 'Fn::GetAtt': ['Lb', 'DNSName'] },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
      sub: { 'Fn::Sub': '${AWS::StackName}-x' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
      subSeq: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] },
      if: { 'Fn::If': ['IsEc2', { Ref: 'X' }, { Ref: 'AWS::NoValue' }] },
      eq: { 'Fn::Equals': [{ Ref: 'A' }, ''] },
      not: { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] },
      and: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] },
      or: { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] },
      map: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'K'] },
      join: { 'Fn::Join': [',', ['a', 'b']] },
      select: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      split: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Exported' }] },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
      b64: { 'Fn::Base64': { 'Fn::Sub': 'echo ${Cluster}' } },
      b64s: { 'Fn::Base64': 'plain' },
      cidr: { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, 4, 12] },
      azs: { 'Fn::GetAZs': 'us-east-1' },
    });
  });

  it('keeps YAML 1.1 booleans such as ON as strings (CloudFormation does)', () => {
    expect(parseCfnYaml('a: ON\nb: yes\nc: true\n')).toEqual({ a: 'ON', b: 'yes', c: true });
  });

  it('rejects text that is not a template, in one sentence', () => {
    expect(() => parseTemplate('Parameters: {}\n', 'x.yaml')).toThrow(
      'x.yaml is not a CloudFormation template: it has no Resources section.',
    );
    expect(() => parseTemplate('a: [', 'y.yaml')).toThrow(ValidationError);
    expect(() => parseTemplate('Resources:\n  A: { Properties: {} }\n', 'z.yaml')).toThrow(
      'z.yaml: resource A has no Type.',
    );
  });
});
