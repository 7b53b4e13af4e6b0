/**
 * Small templates, one per area, that together use every CloudFormation type drctl's
 * blueprint needs, with a lookup through each type's own service API.
 */
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClustersCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig } from '../harness/aws-clients.js';
import { restGet } from '../harness/raw-aws.js';

export const CASE_REGION = 'us-east-1';

/** Physical ids and outputs of the deployed stack, by logical id / output key. */
export interface Deployed {
  endpoint: string;
  physical: Record<string, string>;
  outputs: Record<string, string>;
}

export interface TypeCase {
  name: string;
  types: string[];
  template: string;
  /** One lookup per type, through the type's own service; throws when not found. */
  checks: Record<string, (d: Deployed) => Promise<unknown>>;
}

export const cfg = (d: Deployed) => clientConfig(d.endpoint, CASE_REGION);
export function expectIncludes(haystack: string, needle: string, what: string): void {
  if (!haystack.includes(needle))
    throw new Error(`${what}: ${needle} not found in ${haystack.slice(0, 300)}`);
}

export const NETWORK = `
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b}`;

export const aurora: TypeCase = {
  name: 'aurora',
  types: ['AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
  template: `Resources:${NETWORK}
  DbSubnets:
    Type: AWS::RDS::DBSubnetGroup
    Properties: {DBSubnetGroupDescription: db, SubnetIds: [!Ref SubnetA, !Ref SubnetB]}
  ClusterParams:
    Type: AWS::RDS::DBClusterParameterGroup
    Properties: {Family: aurora-mysql8.0, Description: tls only, Parameters: {require_secure_transport: 'ON'}}
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      MasterUsername: admin
      MasterUserPassword: emulator-only-1
      StorageEncrypted: true
      DBSubnetGroupName: !Ref DbSubnets
      DBClusterParameterGroupName: !Ref ClusterParams
  Writer:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref Cluster, Engine: aurora-mysql, DBInstanceClass: db.r6g.large}
  Reader:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref Cluster, Engine: aurora-mysql, DBInstanceClass: db.r6g.large}
Outputs:
  Endpoint: {Value: !GetAtt Cluster.Endpoint.Address}
  ReadEndpoint: {Value: !GetAtt Cluster.ReadEndpoint.Address}
  Port: {Value: !GetAtt Cluster.Endpoint.Port}
  Url: {Value: !Sub 'mysql://\${Cluster.Endpoint.Address}:\${Cluster.Endpoint.Port}'}
`,
  checks: {
    'AWS::RDS::DBClusterParameterGroup': async (d) => {
      const name = d.physical.ClusterParams!;
      const r = await new RDSClient(cfg(d)).send(
        new DescribeDBClusterParameterGroupsCommand({ DBClusterParameterGroupName: name }),
      );
      if (r.DBClusterParameterGroups?.length !== 1) throw new Error(`parameter group ${name} not found`);
    },
    'AWS::RDS::DBCluster': async (d) => {
      const r = await new RDSClient(cfg(d)).send(
        new DescribeDBClustersCommand({ DBClusterIdentifier: d.physical.Cluster }),
      );
      const cluster = r.DBClusters?.[0];
      if (cluster?.Endpoint !== d.outputs.Endpoint)
        throw new Error(`cluster endpoint ${cluster?.Endpoint} != output`);
      if (cluster?.ReaderEndpoint !== d.outputs.ReadEndpoint)
        throw new Error('reader endpoint differs from output');
      return cluster;
    },
    'AWS::RDS::DBInstance': async (d) => {
      const r = await new RDSClient(cfg(d)).send(
        new DescribeDBClustersCommand({ DBClusterIdentifier: d.physical.Cluster }),
      );
      const members = (r.DBClusters?.[0]?.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier).sort();
      const expected = [d.physical.Writer, d.physical.Reader].sort();
      if (JSON.stringify(members) !== JSON.stringify(expected))
        throw new Error(`members ${members} != ${expected}`);
    },
  },
};

export const edge: TypeCase = {
  name: 'edge',
  types: [
    'AWS::S3::BucketPolicy',
    'AWS::CloudFront::OriginAccessControl',
    'AWS::CloudFront::Distribution',
    'AWS::CertificateManager::Certificate',
  ],
  template: `Resources:
  Media:
    Type: AWS::S3::Bucket
  MediaPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Media
      PolicyDocument:
        Version: '2012-10-17'
        Statement: [{Effect: Allow, Principal: {Service: cloudfront.amazonaws.com}, Action: 's3:GetObject', Resource: !Sub '\${Media.Arn}/*'}]
  Oac:
    Type: AWS::CloudFront::OriginAccessControl
    Properties:
      OriginAccessControlConfig: {Name: shop-media, OriginAccessControlOriginType: s3, SigningBehavior: always, SigningProtocol: sigv4}
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: media.example.com, ValidationMethod: DNS}
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Aliases: [media.example.com]
        ViewerCertificate: {AcmCertificateArn: !Ref Cert, SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.2_2021}
        Origins:
          - {Id: media, DomainName: !GetAtt Media.RegionalDomainName, S3OriginConfig: {OriginAccessIdentity: ''}, OriginAccessControlId: !GetAtt Oac.Id}
        DefaultCacheBehavior: {TargetOriginId: media, ViewerProtocolPolicy: redirect-to-https, CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6}
Outputs:
  CdnDomain: {Value: !GetAtt Cdn.DomainName}
  CdnId: {Value: !GetAtt Cdn.Id}
  CertArn: {Value: !Ref Cert}
`,
  checks: {
    'AWS::S3::BucketPolicy': async (d) => {
      const r = await new S3Client(cfg(d)).send(new GetBucketPolicyCommand({ Bucket: d.physical.Media }));
      expectIncludes(r.Policy ?? '', 'cloudfront.amazonaws.com', 'bucket policy');
    },
    'AWS::CloudFront::OriginAccessControl': async (d) =>
      expectIncludes(
        await restGet(d.endpoint, CASE_REGION, 'cloudfront', '/2020-05-31/origin-access-control'),
        d.physical.Oac!,
        'OAC list',
      ),
    'AWS::CloudFront::Distribution': async (d) => {
      const xml = await restGet(d.endpoint, CASE_REGION, 'cloudfront', '/2020-05-31/distribution');
      expectIncludes(xml, d.outputs.CdnId!, 'ListDistributions');
      expectIncludes(xml, d.outputs.CdnDomain!, 'ListDistributions');
    },
    'AWS::CertificateManager::Certificate': async (d) => {
      const r = await new ACMClient(cfg(d)).send(
        new DescribeCertificateCommand({ CertificateArn: d.outputs.CertArn }),
      );
      if (r.Certificate?.Status !== 'ISSUED') throw new Error(`certificate is ${r.Certificate?.Status}`);
    },
  },
};
