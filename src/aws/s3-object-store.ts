/** ObjectStore on S3, for the journal mirror (`journal.s3: s3://bucket/prefix/`). */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../ports/object-store.js';
import { callAws } from './call.js';
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
  private readonly retry: ClientFactory['retry'];

  constructor(factory: ClientFactory, uri: string) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Uri(uri));
    // The bucket's region is not in the URI; S3 redirects a wrong guess and the SDK follows.
    this.client = factory.adopt(
      's3-journal',
      new S3Client({ ...factory.s3Config(factory.globalRegion), followRegionRedirects: true }),
    );
    // Two attempts at most: the mirror is best effort and must not hold up a failover.
    this.retry = { ...factory.retry, attempts: 2, throttledAttempts: 2 };
  }

  async put(key: string, body: string): Promise<void> {
    const Key = `${this.prefix}${key}`;
    const put = new PutObjectCommand({
      Bucket: this.bucket,
      Key,
      Body: body,
      ContentType: 'application/x-ndjson',
      ServerSideEncryption: 'AES256',
    });
    await callAws(`S3 PutObject s3://${this.bucket}/${Key}`, () => this.client.send(put), this.retry);
  }

  describe(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }
}
