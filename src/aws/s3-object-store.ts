/** ObjectStore on S3, for the journal mirror (`journal.s3: s3://bucket/prefix/`). */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../local/mirrored-journal.js';
import type { ClientFactory } from './clients.js';

function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  const prefix = m[2] ?? '';
  return { bucket: m[1]!, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix };
}

export class S3ObjectStore implements ObjectStore {
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;

  constructor(factory: ClientFactory, uri: string) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Uri(uri));
    // The bucket's region is not in the URI; S3 redirects a wrong guess and the SDK follows.
    // Few retries: the mirror is best effort and must not hold up a failover.
    this.client = factory.adopt(
      's3-journal',
      new S3Client({
        ...factory.s3Config(factory.globalRegion),
        followRegionRedirects: true,
        maxAttempts: 2,
      }),
    );
  }

  async put(key: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${this.prefix}${key}`,
        Body: body,
        ContentType: 'application/x-ndjson',
        ServerSideEncryption: 'AES256',
      }),
    );
  }

  describe(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }
}
