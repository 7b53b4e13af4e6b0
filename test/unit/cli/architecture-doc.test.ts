/** docs/architecture.md is a map: every file or folder it names must exist. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const doc = readFileSync(new URL('docs/architecture.md', root), 'utf8');
/** Code spans that look like repository paths: `src/...`, `bin/drctl`, `docs/x.md`... */
const paths = [...doc.matchAll(/`((?:src|bin|test|docs|templates)\/[^`\s]*|README\.md)`/g)].map((m) => m[1]!);

describe('docs/architecture.md', () => {
  it('names paths, and each exists', () => {
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !existsSync(new URL(p, root)))).toEqual([]);
  });
});
