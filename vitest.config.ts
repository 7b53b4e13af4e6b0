import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The fault matrix's summary (cases run, held, not held) after the usual output.
    reporters: ['default', './test/faults/matrix-reporter.ts'],
    // Emulator and fault-matrix files mostly wait on their own emulator (polls, probes,
    // timeouts), not the CPU: more of them at once than this machine has cores pays off
    // (six: every fault-matrix file starts at once).
    maxWorkers: 6,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/templates/**/*.test.ts'],
          environment: 'node',
          // A few unit tests spawn the CLI, cfn-lint or Chromium; on a loaded 2-core machine
          // (six workers at once) those take seconds. A ceiling, not a timing assertion.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'emulator',
          include: ['test/emulator/**/*.test.ts'],
          environment: 'node',
          // One moto server per test file; files run in parallel on separate ports. A quiet
          // machine runs the slowest case in about 45 s; the ceiling is for a loaded 2-core one.
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          // One emulator per file, shared by its cases (reset and re-seeded per case). Cases
          // take 2-20 s on a quiet machine; at a load average near 30 some took 60 s.
          testTimeout: 150_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
