/**
 * Prints the fault matrix after a run (`npm run faults`, and `npm test` when configured):
 * cases run, cases that held, and for any that did not, the first invariant it broke.
 * One line per call or step faulted, listing each fault kind and whether it held; test
 * names are `<row> | <kind>` (case.ts caseName).
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class MatrixReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = new Map<string, string[]>();
    const broken: string[] = [];
    let run = 0;
    let held = 0;
    for (const m of modules) {
      if (m.project.name !== 'faults') continue;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state !== 'passed' && state !== 'failed') continue;
        const [at, kind] = t.name.includes(' | ') ? t.name.split(' | ') : [t.name, 'check'];
        run++;
        if (state === 'passed') held++;
        else broken.push(`  ${t.name}: ${(t.result().errors?.[0]?.message ?? '').split('\n')[0]}`);
        const row = rows.get(at!) ?? [];
        rows.set(at!, row);
        row.push(`${kind} ${state === 'passed' ? 'held' : 'BROKE'}`);
      }
    }
    if (run === 0) return;
    const width = Math.max(...[...rows.keys()].map((r) => r.length));
    const out = ['', `Fault matrix: ${run} cases run, ${held} held, ${run - held} did not.`];
    for (const [at, row] of rows) out.push(`  ${at.padEnd(width)}  ${row.join(', ')}`);
    if (broken.length) out.push('Did not hold:', ...broken);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
