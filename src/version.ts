import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** drctl's version, from its package.json (src/ and dist/ both sit one level below it). */
export function drctlVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  cached = pkg.version;
  return cached;
}
