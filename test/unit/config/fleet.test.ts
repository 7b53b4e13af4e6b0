import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFleet } from '../../../src/config/fleet.js';
import { configWith } from './fixtures.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drctl-fleet-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const app = (name: string, record: string) =>
  configWith((c) => {
    c.app = name;
    c.dns.record.name = record;
    c.certificates = { 'us-east-1': { domain: record.replace(/\.$/, '') } };
  });

describe('fleet file', () => {
  it('reads apps relative to the fleet file, with waves, defaults and each config', async () => {
    const dir = dirWith({
      'shop/drctl.yaml': app('shop', 'www.example.com'),
      'api/drctl.yaml': app('api', 'api.example.com'),
      'fleet.yaml':
        'apps:\n  - {config: ./shop/drctl.yaml, wave: 1}\n  - {config: api/drctl.yaml, wave: 2, env: test}\n',
    });
    const f = await loadFleet(join(dir, 'fleet.yaml'));
    expect(f.members.map((m) => `${m.name}:${m.wave}:${m.env}`)).toEqual(['shop:1:prod', 'api:2:test']);
    expect(f.fleet).toMatchObject({ concurrency: 4, onWaveFailure: 'continue', combineZoneBatches: false });
  });

  it.each([
    ['concurrency: 0\napps: [{config: a.yaml}]', /fleet.yaml: concurrency: must be at least 1, got 0\./],
    ['apps: []', /fleet.yaml: apps: needs at least 1 item/],
    ['apps: [{config: a.yaml, wave: 0}]', /apps\[0\]\.wave: must be at least 1/],
    [
      'apps: [{config: a.yaml}]\nonWaveFailure: halt',
      /onWaveFailure: must be one of continue, stop, got "halt"/,
    ],
    ['apps: [{config: a.yaml, tier: 1}]', /unknown field "tier"/],
    ['- a.yaml', /must be a mapping with an apps: list/],
    ['apps: [{config: a.yaml}]\nbudget: {route53PerSecond: 9}', /route53PerSecond: must be at most 5/],
  ])('refuses %j in one sentence', async (text, message) => {
    const dir = dirWith({ 'fleet.yaml': text });
    await expect(loadFleet(join(dir, 'fleet.yaml'))).rejects.toThrow(message);
  });

  it('names the app entry whose config is missing or wrong', async () => {
    const dir = dirWith({
      'fleet.yaml': 'apps: [{config: shop.yaml}, {config: gone.yaml}]',
      'shop.yaml': app('shop', 'www.example.com'),
    });
    await expect(loadFleet(join(dir, 'fleet.yaml'))).rejects.toThrow(
      /apps\[1\] \(gone.yaml\): No config file/,
    );
    writeFileSync(join(dir, 'gone.yaml'), 'app: 3\n');
    await expect(loadFleet(join(dir, 'fleet.yaml'))).rejects.toThrow(/apps\[1\] \(gone.yaml\): .*app/);
  });

  it('refuses two entries of one app and two apps moving one record', async () => {
    const same = dirWith({
      'fleet.yaml': 'apps: [{config: a.yaml}, {config: b.yaml}]',
      'a.yaml': app('shop', 'www.example.com'),
      'b.yaml': app('shop', 'api.example.com'),
    });
    await expect(loadFleet(join(same, 'fleet.yaml'))).rejects.toThrow(/app shop is listed twice/);
    const clash = dirWith({
      'fleet.yaml': 'apps: [{config: a.yaml}, {config: b.yaml}]',
      'a.yaml': app('shop', 'www.example.com'),
      'b.yaml': app('blog', 'www.example.com'),
    });
    await expect(loadFleet(join(clash, 'fleet.yaml'))).rejects.toThrow(
      /apps shop and blog both move www.example.com A/,
    );
  });

  it('says where the file should be when it is missing', async () => {
    await expect(loadFleet('/nonexistent/fleet.yaml')).rejects.toThrow(
      /No fleet file at \/nonexistent\/fleet.yaml/,
    );
  });
});
