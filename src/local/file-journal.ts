/**
 * JournalPort on local files: one NDJSON file per run, appended and fsync'ed before the
 * step it describes is made, so `kill -9` leaves at worst a last line without its effect
 * (never an effect without its line). A torn last line is ignored on read.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DrctlError } from '../errors.js';
import { dataField, type JournalEntry, type JournalPort, type RunSummary } from '../ports/journal.js';

const RUN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,80}$/;

export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

export class FileJournal implements JournalPort {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(expandHome(dir));
  }

  locate(runId: string): string {
    if (!RUN_ID_PATTERN.test(runId)) {
      throw new DrctlError(
        'USAGE',
        `"${runId}" is not a run id (run ids look like 20261130-0142-us-east-1-a1b2); \`drctl runs\` lists them.`,
        { source: 'user' },
      );
    }
    return join(this.dir, `${runId}.ndjson`);
  }

  async append(runId: string, entry: JournalEntry): Promise<void> {
    const path = this.locate(runId);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Synchronous open/write/fsync: the write must be on disk before the caller mutates AWS.
    const fd = openSync(path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } catch (e) {
      throw new DrctlError('JOURNAL', `Cannot write the run journal ${path}: ${(e as Error).message}.`, {
        cause: e,
      });
    } finally {
      closeSync(fd);
    }
  }

  async read(runId: string): Promise<JournalEntry[]> {
    const path = this.locate(runId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new DrctlError(
        'NOT_FOUND',
        `No journal for run ${runId} in ${this.dir}; \`drctl runs\` lists the runs there.`,
        { source: 'user' },
      );
    }
    const entries: JournalEntry[] = [];
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    lines.forEach((line, i) => {
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch (e) {
        // Only the last line may be torn (the process died mid-write); anything else is damage.
        if (i !== lines.length - 1) {
          throw new DrctlError(
            'JOURNAL',
            `The journal ${path} is damaged at line ${i + 1}; it was not written by drctl or was edited.`,
            { cause: e },
          );
        }
      }
    });
    return entries;
  }

  async list(): Promise<RunSummary[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.ndjson'));
    } catch {
      return [];
    }
    const out: RunSummary[] = [];
    for (const n of names) {
      const runId = n.slice(0, -'.ndjson'.length);
      if (!RUN_ID_PATTERN.test(runId)) continue;
      try {
        const entries = await this.read(runId);
        const first = entries[0];
        const last = entries.at(-1);
        const outcome = dataField(
          entries.findLast((e) => e.kind === 'run-finished'),
          'outcome',
        );
        out.push({
          runId,
          command: String(dataField(first, 'command') ?? 'unknown'),
          startedAt: first?.at ?? (await stat(join(this.dir, n))).mtime.toISOString(),
          entries: entries.length,
          lastKind: last?.kind ?? 'empty',
          ...(typeof outcome === 'string' ? { outcome } : {}),
          location: join(this.dir, n),
        });
      } catch {
        // A damaged journal is listed by `drctl runs` as such, not hidden.
        out.push({
          runId,
          command: 'unknown',
          startedAt: '',
          entries: 0,
          lastKind: 'damaged',
          location: join(this.dir, n),
        });
      }
    }
    return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }
}
