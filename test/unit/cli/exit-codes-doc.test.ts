import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';

describe('docs/exit-codes.md', () => {
  it('documents exactly the codes in src/errors.ts', () => {
    const rows = [...readFileSync('docs/exit-codes.md', 'utf8').matchAll(/^\| (\d+) \| ([a-z ]+) \|/gm)].map(
      (m) => Number(m[1]),
    );
    expect(rows).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });
});
