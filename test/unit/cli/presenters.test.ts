import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src/cli/presenters/format.js';
import { ndjsonPresenter, plainPresenter } from '../../../src/cli/presenters/sinks.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { captureIo } from '../../helpers/capture-io.js';

const T = Date.UTC(2026, 10, 30, 1, 0, 0);
const ev = (code: string, data: Record<string, unknown>, at = T): EngineEvent =>
  ({ code, at, data }) as EngineEvent;

describe('presenters', () => {
  it('plain: one timestamped line per phase and per progress event that matters', () => {
    const cap = captureIo();
    const p = plainPresenter(cap.io, T);
    p.emit(ev('phase-start', { phase: 'deploy' }));
    p.emit(
      ev(
        'stack-status',
        { stack: 'shop-prod-edge', region: 'us-east-1', status: 'CREATE_IN_PROGRESS' },
        T + 1500,
      ),
    );
    p.emit(
      ev('stack-event', {
        stack: 'shop-prod-edge',
        logicalId: 'Alb',
        resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        status: 'CREATE_IN_PROGRESS',
      }),
    );
    p.emit(ev('phase-end', { phase: 'deploy', durationMs: 95_000, result: 'ok' }, T + 95_000));
    p.emit(
      ev(
        'phase-end',
        { phase: 'verify', step: 1, durationMs: 3000, result: 'failed', error: 'probe failed 3 times' },
        T + 98_000,
      ),
    );
    expect(cap.out).toEqual([
      '[    0 ms] Deploying stacks...',
      '[   1.5 s]   shop-prod-edge (us-east-1): CREATE_IN_PROGRESS',
      '[  95.0 s] ok Deploying stacks (95.0 s)',
      '[  98.0 s] FAILED Verifying the new answer and the public endpoint (step 1): probe failed 3 times',
    ]);
  });

  it('shows a failed resource with its reason, and data recovery progress', () => {
    expect(
      progressLine(
        ev('stack-event', {
          stack: 's',
          logicalId: 'Db',
          resourceType: 'AWS::RDS::DBCluster',
          status: 'CREATE_FAILED',
          reason: 'quota',
        }),
      ),
    ).toBe('s: Db (AWS::RDS::DBCluster) CREATE_FAILED: quota');
    expect(
      progressLine(
        ev('data-rpo', {
          rpoSeconds: 1800,
          basis: 'snapshot-time',
          maxRpoSeconds: 3600,
          within: true,
          accepted: false,
        }),
      ),
    ).toBe('recovery point: 30 min 0 s of data at risk (limit 60 min 0 s)');
  });

  it('says which proof verified a flip, and the addresses when the answer was checked', () => {
    const answer = (data: Record<string, unknown>) => progressLine(ev('dns-answer', data));
    expect(answer({ proof: 'read-back', expected: ['198.18.0.1'], got: undefined, ok: true })).toBe(
      'record sets read back as written (proof: read-back)',
    );
    expect(
      answer({
        proof: 'read-back+answer',
        expected: ['198.18.0.1', '198.18.0.2'],
        got: ['198.18.0.1'],
        ok: true,
      }),
    ).toBe('Route 53 answers 198.18.0.1 (proof: read-back+answer)');
    expect(
      answer({ proof: 'read-back+answer', expected: ['198.18.0.1'], got: ['203.0.113.9'], ok: false }),
    ).toBe("Route 53 answers 203.0.113.9, not the new ALB's 198.18.0.1 (proof: read-back+answer)");
  });

  it('ndjson: one JSON document per event; questions answered with their safe default', async () => {
    const cap = captureIo();
    const p = ndjsonPresenter(cap.io);
    p.emit(ev('lock-released', { key: 'k' }));
    const answer = await p.ask({
      kind: 'type-to-confirm',
      id: 'confirm-flip',
      message: 'Type the region',
      expected: 'us-east-1',
      default: '',
    });
    expect(answer).toBe('');
    expect(cap.out.map((l) => JSON.parse(l))).toEqual([
      { type: 'event', code: 'lock-released', at: '2026-11-30T01:00:00.000Z', data: { key: 'k' } },
      { type: 'question', id: 'confirm-flip', answered: '', reason: 'non-interactive' },
    ]);
  });

  it('plain: without a terminal a question gets its default (declining), never a hang', async () => {
    const cap = captureIo({ stdinIsTTY: false });
    expect(
      await plainPresenter(cap.io).ask({
        kind: 'confirm',
        id: 'break-lock',
        message: 'Break it?',
        default: false,
      }),
    ).toBe(false);
  });
});
