/**
 * ACM: ListCertificates without Includes.keyTypes lists RSA_1024/RSA_2048 only, so an
 * ECDSA certificate is invisible unless asked for. An imported self-signed certificate
 * (free), deleted at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACMClient,
  DeleteCertificateCommand,
  ImportCertificateCommand,
  ListCertificatesCommand,
} from '@aws-sdk/client-acm';
import { afterAll, expect, it } from 'vitest';
import { Cleanup, contract, REGION, RUN } from './contract.js';

const acm = new ACMClient({ region: REGION });
const cleanup = new Cleanup();

contract('ACM (real AWS)', () => {
  afterAll(async () => {
    try {
      await cleanup.runAll();
    } finally {
      acm.destroy();
    }
  });

  it('ListCertificates without keyTypes does not list an ECDSA certificate; with EC_prime256v1 it does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-contract-'));
    // biome-ignore format: one openssl command line
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${RUN}.example.com`, '-days', '2', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const { CertificateArn: arn } = await acm.send(
      new ImportCertificateCommand({
        Certificate: readFileSync(join(dir, 'cert.pem')),
        PrivateKey: readFileSync(join(dir, 'key.pem')),
      }),
    );
    cleanup.add(`certificate ${arn}`, () => acm.send(new DeleteCertificateCommand({ CertificateArn: arn })));
    const listed = async (keyTypes?: string[]) => {
      const out = await acm.send(
        new ListCertificatesCommand(keyTypes ? { Includes: { keyTypes: keyTypes as never } } : {}),
      );
      return (out.CertificateSummaryList ?? []).map((c) => c.CertificateArn);
    };
    expect(await listed()).not.toContain(arn);
    expect(await listed(['EC_prime256v1'])).toContain(arn);
  });
});
