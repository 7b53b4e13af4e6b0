/**
 * Rows: the flip and what follows it (INSYNC, the DNS answer, the post-flip probe, the
 * restore). Once DNS has changed, every failure must end in the verified new target or an
 * exact, verified restore; when the restore itself fails, exit 7 and `rollback <run-id>`
 * must finish it (invariant 2).
 */
import type { FaultRule } from '../harness/fault-proxy.js';
import { type Expectation, type FaultCase, OUTAGE, recordChange, THROTTLE } from './case.js';

const flipped: Expectation = { exit: 0, dns: 'new', finished: 'flipped' };
const rolledBack: Expectation = { exit: 3, dns: 'seeded', finished: 'rolled-back' };
/** Interrupted after the flip: restored too, but the operator stopped it (exit 4, docs/exit-codes.md). */
const interruptedRestored: Expectation = { ...rolledBack, exit: 4 };
/** The restore itself failed: exit 7, the batch printed; DNS where the failure left it. */
const rollbackFailed = (dns: Expectation['dns']): Expectation => ({
  exit: 7,
  dns,
  finished: 'ROLLBACK_FAILED',
});
const restoredById: FaultCase['next'] = {
  command: 'rollback',
  expect: { exit: 0, dns: 'seeded', finished: 'rolled-back' },
};

/** The site breaks the moment DNS moves (through the new ALB it was fine before). */
const siteDiesAfterFlip: FaultCase['onEvent'] = (e, { fw }) => {
  if (e.code === 'dns-change-submitted' && / failover /.test(e.data.comment)) fw.app.setHealthy(false);
};

/** From the nth call of an operation (that `when` accepts) on, one logical call answers 503. */
const outageOf = (operation: string, nth: number, when?: FaultRule['when']): FaultRule => ({
  ...OUTAGE,
  operation,
  nth,
  ...(when ? { when } : {}),
});

export const AFTER_FLIP_CASES: FaultCase[] = [
  // The flip and after
  { at: 'after the flip', kind: 'probe failure', onEvent: siteDiesAfterFlip, expect: rolledBack },
  {
    at: 'after the flip',
    kind: 'wrong DNS answer',
    faults: [
      {
        operation: 'TestDNSAnswer',
        nth: 2,
        // Every look verification takes (it asks again in case the ALB's nodes changed).
        times: Number.POSITIVE_INFINITY,
        fault: {
          kind: 'rewrite',
          // Addresses that are not the new ALB's (TEST-NET-3), as a stale or wrong record would answer.
          rewrite: (b) =>
            b.replace(
              /<RecordDataEntry>[^<]*<\/RecordDataEntry>/g,
              '<RecordDataEntry>203.0.113.9</RecordDataEntry>',
            ),
        },
      },
    ],
    expect: rolledBack,
  },
  {
    at: 'after the flip',
    kind: 'no TestDNSAnswer (404)',
    faults: [
      {
        operation: 'TestDNSAnswer',
        times: Number.POSITIVE_INFINITY,
        fault: { kind: 'error', status: 404, code: 'NotFound' },
      },
    ],
    expect: flipped,
  },
  {
    at: 'await INSYNC',
    kind: 'PENDING for a while',
    before: (fw) => fw.emulator.configure({ route53PendingSeconds: 0.6 }),
    expect: flipped,
  },
  {
    at: 'await INSYNC',
    kind: 'INSYNC never reached',
    before: (fw) => fw.emulator.configure({ route53PendingSeconds: 600 }),
    onEvent: (e, { fw }) => {
      if (e.code === 'phase-start' && e.data.phase === 'rollback')
        void fw.emulator.configure({ route53PendingSeconds: 0 });
    },
    expect: rolledBack,
  },
  {
    at: 'await INSYNC',
    kind: 'INSYNC never, restore too -> rollback',
    before: (fw) => fw.emulator.configure({ route53PendingSeconds: 600 }),
    // The restore was applied but could not be confirmed: loud failure, then `rollback` proves it.
    expect: rollbackFailed('seeded'),
    next: restoredById,
  },
  {
    at: 'await INSYNC',
    kind: 'interrupt (SIGINT)',
    before: (fw) => fw.emulator.configure({ route53PendingSeconds: 1 }),
    onEvent: (e, { abort }) => {
      if (e.code === 'dns-change-submitted') abort();
    },
    expect: interruptedRestored,
  },
  {
    at: 'verify (post-flip probe)',
    kind: 'interrupt (SIGTERM)',
    onEvent: (e, { abort }) => {
      if (e.code === 'probe-attempt' && e.data.stage === 'post-flip') abort();
    },
    expect: interruptedRestored,
  },
  // The restore
  {
    at: 'restore',
    kind: 'throttle',
    onEvent: siteDiesAfterFlip,
    faults: [{ ...THROTTLE, operation: 'ChangeResourceRecordSets', when: recordChange, nth: 2 }],
    expect: rolledBack,
  },
  {
    at: 'restore: change batch',
    kind: 'restore failure -> rollback',
    onEvent: siteDiesAfterFlip,
    faults: [outageOf('ChangeResourceRecordSets', 2, recordChange)],
    expect: rollbackFailed('new'),
    next: restoredById,
  },
  {
    at: 'restore: INSYNC',
    kind: 'restore failure -> rollback',
    onEvent: siteDiesAfterFlip,
    faults: [outageOf('GetChange', 2)],
    expect: rollbackFailed('seeded'),
    next: restoredById,
  },
  {
    at: 'restore: reading the live sets',
    kind: 'restore failure -> rollback',
    onEvent: siteDiesAfterFlip,
    faults: [outageOf('ListResourceRecordSets', 4)],
    expect: rollbackFailed('new'),
    next: restoredById,
  },
  {
    at: 'restore: read-back',
    kind: 'restore failure -> rollback',
    onEvent: siteDiesAfterFlip,
    faults: [outageOf('ListResourceRecordSets', 5)],
    expect: rollbackFailed('seeded'),
    next: restoredById,
  },
  {
    at: 'restore',
    kind: 'interrupt (second SIGINT)',
    onEvent: (e, ctl) => {
      siteDiesAfterFlip(e, ctl);
      if (e.code === 'phase-start' && e.data.phase === 'rollback') ctl.abort();
    },
    expect: rolledBack,
  },
];
