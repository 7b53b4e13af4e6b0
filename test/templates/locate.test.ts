import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DrctlError } from '../../src/errors.js';
import { locateTemplatesDir } from '../../src/templates/locate.js';

const REPO_TEMPLATES = join(import.meta.dirname, '..', '..', 'templates');

describe('locateTemplatesDir', () => {
  const saved = process.env.DRCTL_TEMPLATES_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.DRCTL_TEMPLATES_DIR;
    else process.env.DRCTL_TEMPLATES_DIR = saved;
  });

  it('finds <root>/templates from src/templates (the repository)', () => {
    delete process.env.DRCTL_TEMPLATES_DIR;
    expect(locateTemplatesDir()).toBe(REPO_TEMPLATES);
  });

  it('finds <root>/templates from dist/templates (an installed package)', () => {
    const root = mkdtempSync(join(tmpdir(), 'drctl-pkg-'));
    mkdirSync(join(root, 'dist', 'templates'), { recursive: true });
    symlinkSync(REPO_TEMPLATES, join(root, 'templates'));
    const compiled = pathToFileURL(join(root, 'dist', 'templates', 'locate.js'));
    expect(locateTemplatesDir({ from: compiled })).toBe(join(root, 'templates'));
  });

  it('honours an override (DRCTL_TEMPLATES_DIR or an option)', () => {
    const other = mkdtempSync(join(tmpdir(), 'drctl-tpl-'));
    writeFileSync(join(other, 'manifest.yaml'), 'version: 1\n');
    process.env.DRCTL_TEMPLATES_DIR = other;
    expect(locateTemplatesDir()).toBe(other);
    expect(locateTemplatesDir({ override: `${REPO_TEMPLATES}/` })).toBe(REPO_TEMPLATES);
  });

  it('says what is missing when there is no manifest', () => {
    const empty = mkdtempSync(join(tmpdir(), 'drctl-none-'));
    expect(() => locateTemplatesDir({ override: empty })).toThrow(DrctlError);
    expect(() => locateTemplatesDir({ override: empty })).toThrow(
      `The templates directory ${empty} has no manifest.yaml.`,
    );
    const stray = pathToFileURL(join(empty, 'a', 'b', 'locate.js'));
    expect(() => locateTemplatesDir({ from: stray })).toThrow("drctl's templates are missing");
  });
});
