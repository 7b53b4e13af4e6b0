/** Object store port: where the journal mirror copies each run's journal (S3 in src/aws). */
export interface ObjectStore {
  /** Uploads `body` as `key`; rejects on failure. */
  put(key: string, body: string): Promise<void>;
  /** Where `key` lives, for messages (`s3://bucket/prefix/key`). */
  describe(key: string): string;
}
