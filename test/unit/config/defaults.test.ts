/**
 * The config schema and the engine take their defaults from one module (src/engine/defaults.ts).
 * They once disagreed: a verification window of 300 s in the config, 120 s in the engine.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../../src/config/schema.js';
import { DEFAULTS } from '../../../src/engine/defaults.js';
import { failover } from '../../../src/engine/failover.js';
import { resolveWaits } from '../../../src/engine/wait-profiles.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import { errorCode, settle } from '../engine/helpers.js';
import { configWith } from './fixtures.js';

describe('defaults', () => {
  it('a config that leaves everything out gets the engine defaults', () => {
    const c = configSchema.parse(
      parse(
        configWith((c) => {
          delete (c as Record<string, unknown>).verification;
          Object.assign(c, {
            data: {
              strategy: 'snapshot',
              snapshot: { sourceClusterId: 'shop-db' },
              global: { globalClusterId: 'shop-global' },
            },
            media: { sourceBucket: 'shop-media' },
          });
        }),
      ),
    );
    const { connectTo, minHealthyTargets, resolvers, nameServers, ...verification } = c.verification;
    expect(nameServers).toEqual([]);
    // No resolvers: the system's (the engine has no default of its own to disagree with).
    expect(resolvers).toEqual([]);
    expect(verification).toEqual(DEFAULTS.verification);
    expect(minHealthyTargets).toBe(DEFAULTS.minHealthyTargets);
    expect(c.lock.staleAfterMinutes).toBe(DEFAULTS.lockStaleAfterMinutes);
    expect(c.media?.maxLagMinutes).toBe(DEFAULTS.mediaMaxLagMinutes);
    expect(c.drill.keyDeletionDays).toBe(DEFAULTS.drillKeyDeletionDays);
    expect((c.data.snapshot?.copyDeadlineMinutes ?? 0) * 60_000).toBe(resolveWaits().snapshotCopy.deadlineMs);
    expect((c.data.global?.changeDeadlineMinutes ?? 0) * 60_000).toBe(
      resolveWaits().globalWriterChange.deadlineMs,
    );
  });

  it('the engine, given no window, probes for the same 300 s the config gives', async () => {
    const w = createWorld();
    w.probe.override = () => ({ ok: false, status: 502, latencyMs: 5, error: 'unexpected status 502' });
    const input = inputFor('simple');
    delete input.verification.windowMs;
    const r = await settle(failover(input, w.ports, w.sink));
    expect(errorCode(r)).toBe('PROBE_FAILED');
    expect((r.error as Error).message).toContain('did not pass within 300s');
  });
});
