/**
 * A drill that fails at any phase still tears down everything it made and proves it,
 * and a Ctrl-C during the rehearsal does not stop the teardown.
 */
import { describe, expect, it } from 'vitest';
import { runDrill } from '../../../src/engine/drill/index.js';
import type { Phase } from '../../../src/engine/events.js';
import { NEW_ALB_LB } from '../../fakes/world.js';
import { ALB, DRILL_RECORD, type DrillWorld, drillInput, drillWorld, NETWORK, remains } from './world.js';

const breakAt: Record<string, (w: DrillWorld) => void> = {
  preflight: (w) => {
    w.identity.whoami = async () => {
      throw new Error('ExpiredToken');
    };
  },
  lock: (w) => {
    w.lock.locks.set(`ZFAKE/${DRILL_RECORD}/A`, {
      runId: 'other',
      holder: 'bob',
      host: 'ci',
      startedAt: 'x',
    });
  },
  deploy: (w) => {
    w.stacks.script(ALB, {
      fail: { logicalId: 'Alb', resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', reason: 'quota' },
    });
  },
  'await-alb': (w) => {
    w.lbs.add(NEW_ALB_LB, ['failed']);
  },
  'pre-flip-probe': (w) => {
    w.probe.healthy.clear();
  },
  flip: (w) => {
    w.dns.failChangeNumber = 1;
  },
  'await-insync': (w) => {
    w.dns.stuck.add('C1');
  },
  verify: (w) => {
    w.dns.answerOverride = (name) =>
      name.startsWith('dr-drill') ? { responseCode: 'NOERROR', records: ['203.0.113.9'] } : undefined;
  },
};

describe('drill that fails', () => {
  for (const [phase, sabotage] of Object.entries(breakAt)) {
    it(`at ${phase}: reports the phase, tears down what it made, leaves nothing`, async () => {
      const w = drillWorld();
      sabotage(w);
      const r = await runDrill(drillInput(), w.ports, w.sink);
      expect(r.verdict).toBe('failed');
      expect(r.failure?.phase).toBe(phase as Phase);
      expect(r.rtoMs).toBeUndefined();
      expect(r.cleanup).toBe('clean');
      expect(remains(w)).toEqual([]);
      expect(w.sink.phases().filter((p) => p.startsWith('teardown') || p.startsWith('verify-clean'))).toEqual(
        ['teardown:ok', 'verify-clean:ok'],
      );
      // The production record is never touched.
      expect(w.dns.sets.filter((rs) => rs.Name === 'www.example.com.')).toEqual(w.seed);
    });
  }

  it('leaves alone a drill record it did not create (preflight refuses)', async () => {
    const w = drillWorld();
    const theirs = {
      Name: `${DRILL_RECORD}.`,
      Type: 'A',
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.1' }],
    };
    w.dns.sets.push(theirs);
    const r = await runDrill(drillInput(), w.ports, w.sink);
    expect(r.failure).toMatchObject({ phase: 'preflight', code: 'REFUSED' });
    expect(w.dns.sets).toContainEqual(theirs);
    expect(w.dns.changeLog).toEqual([]);
    expect(r.cleanup).toBe('clean');
  });

  it('refuses at preflight, deploying nothing, when the production record a failover would move does not exist', async () => {
    const w = drillWorld();
    // dns.record.type AAAA, but the zone has only the A record: a failover would be refused.
    const r = await runDrill(
      drillInput({ productionRecord: { name: 'www.example.com', type: 'AAAA' } }),
      w.ports,
      w.sink,
    );
    expect(r.failure).toMatchObject({
      phase: 'preflight',
      code: 'CONFIG_INVALID',
      message: 'no AAAA record set named www.example.com exists in hosted zone ZFAKE',
    });
    expect(w.calls.filter((c) => c.port === 'stacks' && c.mutating)).toEqual([]);
    expect(w.dns.changeLog).toEqual([]);
    const ok = await runDrill(
      drillInput({ productionRecord: { name: 'www.example.com', type: 'A' } }),
      drillWorld().ports,
      w.sink,
    );
    expect(ok.failure).toBeUndefined();
  });

  it('a Ctrl-C during deploy still ends with everything deleted', async () => {
    const w = drillWorld();
    const ctl = new AbortController();
    w.sink.onEvent = (e) => {
      if (e.code === 'stack-status' && e.data.stack === NETWORK) ctl.abort();
    };
    const r = await runDrill(drillInput(), w.ports, w.sink, ctl.signal);
    expect(r.failure?.code).toBe('ABORTED');
    expect(r.cleanup).toBe('clean');
    expect(remains(w)).toEqual([]);
  });

  it('reports what teardown could not delete, and the drill fails on leftovers', async () => {
    const w = drillWorld();
    w.cleanup.failOn.emptyAndDeleteBucket = new Error('AccessDenied');
    const r = await runDrill(drillInput(), w.ports, w.sink);
    expect(r.rehearsal).toBe('ok');
    expect(r.verdict).toBe('leftovers');
    expect(r.cleaned.find((c) => c.kind === 'bucket')).toMatchObject({
      action: 'failed',
      detail: 'AccessDenied',
    });
    expect(r.leftovers).toEqual([expect.objectContaining({ kind: 'bucket', why: 'bucket exists' })]);
    // Everything else was still deleted.
    expect(remains(w)).toEqual([expect.stringMatching(/^bucket /)]);
    expect(w.journal.kinds(r.runId)).toContain('drill-leftovers');
  });
});
