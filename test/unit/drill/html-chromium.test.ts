/**
 * The HTML report rendered by a real browser (Debian's headless Chromium): the DOM it
 * builds holds the waterfall with one bar per phase, and the page loads nothing from
 * outside. Never skipped: when Chromium is missing the test installs it (as root) or
 * fails with the command that does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/cli/drill-report/html.js';
import { runDrill } from '../../../src/engine/drill/index.js';
import type { DrillResult } from '../../../src/engine/drill/types.js';
import { drillInput, drillWorld } from './world.js';

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0) {
    // A fresh machine's package lists may be empty or stale: update once, then install.
    const apt = (args: string[]) =>
      spawnSync('apt-get', args, {
        stdio: 'ignore',
        timeout: 600_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    if (apt(['install', '-y', 'chromium']).status !== 0) {
      apt(['update']);
      apt(['install', '-y', 'chromium']);
    }
    if (existsSync(CHROMIUM)) return;
  }
  throw new Error(
    `Chromium is needed for the HTML report test: run \`sudo apt-get install -y chromium\` (expected ${CHROMIUM}).`,
  );
}

function chromium(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'drctl-chromium-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

let result: DrillResult;
let page: string;

beforeAll(async () => {
  ensureChromium();
  const w = drillWorld();
  w.probe.healthy.clear(); // a failed drill shows every kind of bar: ok, failed, teardown
  result = await runDrill(drillInput(), w.ports, w.sink);
  const dir = mkdtempSync(join(tmpdir(), 'drctl-html-'));
  page = join(dir, 'drill.html');
  writeFileSync(page, renderHtml(result));
}, 600_000);

describe('HTML drill report in headless Chromium', () => {
  it('renders the waterfall with a bar for every phase', () => {
    const dom = chromium(['--dump-dom', `file://${page}`]);
    expect(dom).toMatch(/<svg[^>]*id="waterfall"/);
    for (const b of result.phases) {
      expect(dom).toContain(`data-phase="${b.phase}" data-result="${b.result}"`);
    }
    expect(dom).toContain('Probing the new load balancer (before DNS changes)');
    expect(dom).toContain('Tearing the drill down');
    expect(dom).toContain('FAILED: the rehearsal did not complete');
    expect((dom.match(/<rect /g) ?? []).length).toBe(result.phases.length);
  });

  it('paints it (a screenshot that is not blank)', () => {
    const shot = join(mkdtempSync(join(tmpdir(), 'drctl-shot-')), 'drill.png');
    chromium([`--screenshot=${shot}`, '--window-size=1000,900', `file://${page}`]);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });

  it('is self-contained: no script, no stylesheet or image from anywhere', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // URLs may appear as text (an error message quoting the probed URL), never as a source.
    expect(html).not.toMatch(/\s(src|href|xlink:href)=/i);
  });
});
