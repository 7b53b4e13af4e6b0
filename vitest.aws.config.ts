import { defineConfig } from 'vitest/config';

/**
 * The real-AWS contract tier, never part of `npm test`: run through `npm run test:aws`
 * (test/aws/run.ts), which starts it only when DRCTL_AWS_CONTRACT=1 and credentials exist.
 */
export default defineConfig({
  test: {
    include: ['test/aws/**/*.test.ts'],
    environment: 'node',
    // Real Route 53 changes take up to a minute to be INSYNC; stacks a few minutes.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // One file at a time: a small, predictable footprint in the account.
    fileParallelism: false,
  },
});
