/** Writes the four report files of a drill into a folder, named after the drill. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DrillResult } from '../../engine/drill/types.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

export function renderJson(r: DrillResult): string {
  return `${JSON.stringify({ type: 'drill-result', version: 1, ...r }, null, 2)}\n`;
}

/** Returns the paths written: `drill-<id>.json`, `.md`, `.junit.xml`, `.html`. */
export function writeReports(dir: string, r: DrillResult): string[] {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const base = join(out, `drill-${r.drillId}`);
  const files: [string, string][] = [
    [`${base}.json`, renderJson(r)],
    [`${base}.md`, renderMarkdown(r)],
    [`${base}.junit.xml`, renderJunit(r)],
    [`${base}.html`, renderHtml(r)],
  ];
  for (const [path, text] of files) writeFileSync(path, text);
  return files.map(([p]) => p);
}
