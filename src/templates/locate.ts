/**
 * Finds the `templates/` directory drctl ships. The code runs from src/templates/*.ts in
 * the repository (tsx, vitest) and from dist/templates/*.js once compiled or installed
 * from npm; both sit two levels below the package root, next to which `templates/` is
 * published (package.json "files"). Resolved from this module's URL, never from the
 * current directory, so it works whatever directory the operator runs drctl in.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DrctlError } from '../errors.js';

export interface LocateOptions {
  /** An explicit directory (e.g. `DRCTL_TEMPLATES_DIR` or a flag); wins when given. */
  override?: string;
  /** URL of the module resolving from. Default: this module (`import.meta.url`). */
  from?: string | URL;
}

/** Absolute path of the templates directory, without a trailing slash. */
export function locateTemplatesDir(options: LocateOptions = {}): string {
  const override = options.override ?? process.env.DRCTL_TEMPLATES_DIR;
  if (override !== undefined && override !== '') {
    if (!existsSync(`${override}/manifest.yaml`)) {
      throw new DrctlError('CONFIG_NOT_FOUND', `The templates directory ${override} has no manifest.yaml.`, {
        hints: ['Point DRCTL_TEMPLATES_DIR at a directory holding manifest.yaml and the templates.'],
      });
    }
    return override.replace(/\/+$/, '');
  }
  const from = options.from ?? import.meta.url;
  const candidate = fileURLToPath(new URL('../../templates/', from)).replace(/\/+$/, '');
  if (!existsSync(`${candidate}/manifest.yaml`)) {
    throw new DrctlError(
      'CONFIG_NOT_FOUND',
      `drctl's templates are missing: no manifest.yaml in ${candidate}.`,
      {
        source: 'internal',
        hints: ['Reinstall drctl, or set DRCTL_TEMPLATES_DIR to a copy of its templates directory.'],
      },
    );
  }
  return candidate;
}
