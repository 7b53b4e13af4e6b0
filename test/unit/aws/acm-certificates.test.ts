/**
 * AcmCertificates against a mock that filters as ACM documents: ListCertificates
 * "returns only RSA_1024 and RSA_2048 certificates that have at least one domain" unless
 * Includes.keyTypes names other key types
 * (https://docs.aws.amazon.com/acm/latest/APIReference/API_ListCertificates.html).
 */
import {
  ACMClient,
  type CertificateSummary,
  type KeyAlgorithm,
  ListCertificatesCommand,
} from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AcmCertificates } from '../../../src/aws/acm-certificates.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { noWait } from '../../helpers/retry.js';

const acm = mockClient(ACMClient);
const factory = new ClientFactory({ endpointUrl: 'http://127.0.0.1:1', retry: noWait });
const cert = (arn: string, keyAlgorithm: KeyAlgorithm): CertificateSummary => ({
  CertificateArn: arn,
  DomainName: 'www.example.com',
  KeyAlgorithm: keyAlgorithm,
  Status: 'ISSUED',
});
const issued = [cert('arn:ecdsa', 'EC_prime256v1'), cert('arn:rsa4096', 'RSA_4096')];

beforeEach(() => {
  acm.reset();
  acm.on(ListCertificatesCommand).callsFake((input) => {
    const keyTypes: string[] = input.Includes?.keyTypes ?? ['RSA_1024', 'RSA_2048'];
    return { CertificateSummaryList: issued.filter((c) => keyTypes.includes(c.KeyAlgorithm!)) };
  });
});

describe('AcmCertificates', () => {
  it('finds ECDSA and RSA 3072/4096 certificates, which ListCertificates hides without a key-type filter', async () => {
    const certs = new AcmCertificates(factory);
    expect(await certs.issuedCovering('us-east-1', 'www.example.com')).toEqual(['arn:ecdsa', 'arn:rsa4096']);
    const keyTypes = acm.commandCalls(ListCertificatesCommand)[0]!.args[0].input.Includes?.keyTypes;
    expect(new Set(keyTypes)).toEqual(
      new Set([
        'RSA_1024',
        'RSA_2048',
        'RSA_3072',
        'RSA_4096',
        'EC_prime256v1',
        'EC_secp384r1',
        'EC_secp521r1',
      ]),
    );
  });
});
