/**
 * Defaults the config schema (src/config/schema.ts) and the engine (inputs built without a
 * config: tests, the benchmark, library callers) share: each number once. Listed in
 * docs/configuration.md; test/unit/config/defaults.test.ts checks the two agree.
 */
export const DEFAULTS = {
  verification: {
    path: '/healthz',
    expectStatus: 200,
    consecutiveSuccesses: 3,
    intervalSeconds: 5,
    timeoutSeconds: 5,
    /**
     * 300 s for each probe stage (before the flip, and after it before rolling back): room
     * for DNS caches past a 60 s TTL and a slow first connection, while 3 probes 5 s apart
     * need 10 s. The engine once said 120 s, but every real run got the config's 300 s.
     */
    windowSeconds: 300,
  },
  minHealthyTargets: 1,
  lockStaleAfterMinutes: 120,
  /** Key prefix of the S3 lock objects (`lock.store: s3`). */
  lockS3Prefix: 'drctl/locks/',
  /** Aurora cluster snapshot copies are full copies: hours for large clusters. */
  snapshotCopyDeadlineMinutes: 360,
  globalChangeDeadlineMinutes: 45,
  mediaMaxLagMinutes: 60,
  drillKeyDeletionDays: 7,
  /** What a failed check after the flip does (docs/failover.md): restore, unless the old region was found unhealthy. */
  afterFlip: 'rollback',
  journalDir: '~/.drctl/runs',
} as const;
