import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveManualBatch } from '../../../src/cli/manual-batch.js';
import { renderError } from '../../../src/cli/render-error.js';
import { RollbackFailedError } from '../../../src/engine/errors.js';
import type { RecordChange } from '../../../src/ports/dns.js';
import { captureIo } from '../../helpers/capture-io.js';

const change: RecordChange = {
  Action: 'CREATE',
  ResourceRecordSet: {
    Name: 'www.example.com.',
    Type: 'A',
    TTL: 60,
    ResourceRecords: [{ Value: '192.0.2.1' }],
  },
};

describe('a failed rollback on a terminal', () => {
  it('saves the batch beside the journal and prints it whole, with the command that applies that file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-restore-'));
    const e = new RollbackFailedError('run-9', '/hostedzone/Z1', [change], new Error('503'));
    saveManualBatch(e, dir, () => undefined);
    const file = join(dir, 'restore-run-9.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).Changes).toEqual([change]);
    const cap = captureIo();
    expect(renderError(e, cap.io, { json: false, verbose: false })).toBe(7);
    expect(cap.stderr).toContain('ROLLBACK FAILED for run run-9: 503');
    expect(cap.stderr).toContain(
      `aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://${file}`,
    );
    expect(cap.stderr).toContain('"Value": "192.0.2.1"');
    expect(cap.stderr).toContain('drctl rollback run-9');
  });

  it('still prints the batch when the journal folder cannot be written', () => {
    const e = new RollbackFailedError('run-9', 'Z1', [change], new Error('503'));
    const warnings: string[] = [];
    saveManualBatch(e, '/nonexistent/drctl/runs', (m) => warnings.push(m));
    expect(warnings[0]).toMatch(/could not write .*restore-run-9\.json.*copy the batch below/);
    const cap = captureIo();
    renderError(e, cap.io, { json: false, verbose: false });
    expect(cap.stderr).toContain('save the change batch below as restore-run-9.json');
    expect(cap.stderr).toContain('"Value": "192.0.2.1"');
  });
});
