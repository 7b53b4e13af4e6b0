/** Reading drctl.yaml: file -> YAML -> schema -> rules, every problem one sentence. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DrctlError, ValidationError } from '../errors.js';
import { describeIssue } from './messages.js';
import { checkRules } from './rules.js';
import { type Config, configSchema } from './schema.js';

const DEFAULT_CONFIG_PATH = './drctl.yaml';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read. */
  path: string;
  /** Its folder: relative paths in the config start here. */
  dir: string;
}

/** Parse and validate config text; throws ValidationError listing every problem. */
export function parseConfig(text: string, baseDir: string, fileLabel = 'the config'): Config {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    const what =
      e.code === 'DUPLICATE_KEY' ? 'a key appears twice' : e.message.split('\n')[0]!.replace(/\.$/, '');
    throw new ValidationError([`${fileLabel} is not valid YAML${where}: ${what}.`]);
  }
  let data: unknown;
  try {
    // yaml refuses documents whose aliases expand beyond a limit (a "billion laughs" bomb):
    // that is bad input like any other, not a crash.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0]!.replace(/\.$/, '') : String(e);
    throw new ValidationError([`${fileLabel} cannot be read as YAML: ${why}; expand its aliases (*name).`]);
  }
  if (data === null || data === undefined) {
    throw new ValidationError([`${fileLabel} is empty; run \`drctl init\` to write a starter config.`]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError([
      `${fileLabel} must be a YAML mapping of settings (app:, primaryRegion:, ...), not a ${Array.isArray(data) ? 'list' : 'single value'}.`,
    ]);
  }
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map(describeIssue));
  }
  const problems = checkRules(parsed.data, baseDir);
  if (problems.length > 0) throw new ValidationError(problems);
  return parsed.data;
}

export async function loadConfig(path = DEFAULT_CONFIG_PATH): Promise<LoadedConfig> {
  const abs = resolve(path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DrctlError(
        'CONFIG_NOT_FOUND',
        `No config file at ${path}: run \`drctl init\` to write one, or pass --config <path>.`,
      );
    }
    throw new DrctlError('CONFIG_NOT_FOUND', `Cannot read the config file ${path} (${code ?? String(e)}).`);
  }
  const dir = dirname(abs);
  return { config: parseConfig(text, dir, path), path: abs, dir };
}
