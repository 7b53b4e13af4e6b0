/** Finds the ALB certificate for a region: an ISSUED ACM certificate covering the host name. */
import { type CertificateSummary, KeyAlgorithm, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { coversName, normaliseDnsName } from '../config/rules.js';
import { DrctlError } from '../errors.js';
import type { CertificatePort } from '../ports/readiness.js';
import { pages } from './call.js';
import type { ClientFactory } from './clients.js';

/**
 * Without Includes.keyTypes, ListCertificates "returns only RSA_1024 and RSA_2048
 * certificates" (ACM API reference, ListCertificates): ECDSA and RSA 3072/4096 ones
 * would be invisible. Every key type the SDK knows is asked for.
 */
const ALL_KEY_TYPES = Object.values(KeyAlgorithm);

function names(c: CertificateSummary): string[] {
  return [c.DomainName ?? '', ...(c.SubjectAlternativeNameSummaries ?? [])].filter(Boolean);
}

export class AcmCertificates implements CertificatePort {
  constructor(private readonly clients: ClientFactory) {}

  /** The ARN of an ISSUED certificate in `region` that covers `hostname` (exact names first). */
  async find(region: string, hostname: string): Promise<string> {
    const pick = (await this.issuedCovering(region, hostname))[0];
    if (!pick) {
      throw new DrctlError(
        'NOT_FOUND',
        `No ISSUED ACM certificate in ${region} covers ${normaliseDnsName(hostname)}; request or import one there first (the ALB needs it).`,
        {
          source: 'user',
          hints: [`Or set certificates.${region} in the config to the ARN of one.`],
        },
      );
    }
    return pick;
  }

  /** Every ISSUED certificate in `region` covering `hostname`, exact names before wildcards. */
  async issuedCovering(region: string, hostname: string): Promise<string[]> {
    const host = normaliseDnsName(hostname);
    const client = this.clients.acm(region);
    const found: CertificateSummary[] = [];
    const all = pages(
      (token) =>
        this.clients.call(`ACM ListCertificates in ${region}`, () =>
          client.send(
            new ListCertificatesCommand({
              CertificateStatuses: ['ISSUED'],
              Includes: { keyTypes: ALL_KEY_TYPES },
              NextToken: token,
            }),
          ),
        ),
      (page) => page.NextToken,
    );
    for await (const page of all) {
      found.push(
        ...(page.CertificateSummaryList ?? []).filter((c) => names(c).some((n) => coversName(n, host))),
      );
    }
    const exact = (c: CertificateSummary) => names(c).some((n) => normaliseDnsName(n) === host);
    return [...found.filter(exact), ...found.filter((c) => !exact(c))]
      .map((c) => c.CertificateArn ?? '')
      .filter(Boolean);
  }
}
