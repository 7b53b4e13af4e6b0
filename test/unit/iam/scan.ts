/**
 * What the code calls, read off the source mechanically: every `new XxxCommand(` in
 * src/aws with the SDK package it is imported from, and which src/aws files each CLI
 * command reaches through its (static and lazy) imports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SRC = resolve('src');

/** `{ 'route53-dns': ['route-53:ChangeResourceRecordSets', ...] }`: SDK package and operation. */
export function sdkCallsByAdapter(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of readdirSync(join(SRC, 'aws')).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(SRC, 'aws', file), 'utf8');
    const pkgOf = new Map<string, string>();
    for (const m of text.matchAll(
      /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g,
    )) {
      for (const name of m[1]!.split(',').map((n) => n.replace(/^\s*type\s+/, '').trim()))
        pkgOf.set(name, m[2]!);
    }
    const calls = [...text.matchAll(/new (\w+)Command\(/g)].map(
      (m) => `${pkgOf.get(`${m[1]}Command`)}:${m[1]}`,
    );
    if (calls.length) out[file.replace(/\.ts$/, '')] = [...new Set(calls)].sort();
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s*|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts'))).filter((p) => existsSync(p));
}

/** The src/aws files (by name) a module reaches through its imports, transitively. */
export function adaptersReachedFrom(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [resolve(entry)];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...importsOf(f));
  }
  const calls = sdkCallsByAdapter();
  return [...seen]
    .filter((f) => f.startsWith(join(SRC, 'aws')))
    .map((f) => f.slice(join(SRC, 'aws').length + 1).replace(/\.ts$/, ''))
    .filter((a) => a in calls)
    .sort();
}
