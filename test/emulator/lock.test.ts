/** The Route 53 lock against the emulator's Route 53 (CREATE/DELETE semantics enforced as AWS does). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { Route53Dns } from '../../src/aws/route53-dns.js';
import { lockRecordName, Route53Lock } from '../../src/aws/route53-lock.js';
import { type Emulator, startEmulator } from '../harness/emulator.js';
import { seedPrimaryWorld, type World } from '../harness/seed.js';

const holder = (runId: string) => ({
  runId,
  holder: `op-${runId}`,
  host: 'host',
  startedAt: '2026-11-30T01:00:00.000Z',
});

describe('Route53Lock on the emulator', () => {
  let emulator: Emulator;
  let world: World;
  let factory: ClientFactory;
  let lock: Route53Lock;
  let dns: Route53Dns;
  const key = 'Z/www.example.com/A';

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    emulator = await startEmulator();
    world = await seedPrimaryWorld(emulator.endpoint);
    factory = new ClientFactory({ endpointUrl: emulator.endpoint });
    dns = new Route53Dns(factory);
    lock = new Route53Lock(dns, world.hostedZoneId);
  });
  afterAll(async () => {
    factory?.destroy();
    await emulator?.stop();
  });

  it('of concurrent takers exactly one wins; the others learn who holds it', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((id) => lock.acquire(key, holder(`run-${id}`))),
    );
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    const holderNow = await lock.read(key);
    for (const r of results) if (!r.acquired) expect(r.heldBy).toEqual(holderNow);
    const sets = await dns.listRecordSets(world.hostedZoneId, lockRecordName(key), 'TXT');
    expect(sets).toHaveLength(1);
  });

  it('is released only by its holder, and broken only if still held by the run inspected', async () => {
    const current = (await lock.read(key))!;
    await lock.release(key, 'run-someone-else');
    expect(await lock.read(key)).toEqual(current);
    await expect(lock.breakLock(key, { ...current, runId: 'run-stale-view' })).rejects.toThrow(
      /changed hands/,
    );
    await lock.breakLock(key, current);
    expect(await lock.read(key)).toBeUndefined();
    expect(await lock.acquire(key, holder('run-next'))).toEqual({ acquired: true });
    await lock.release(key, 'run-next');
    expect(await lock.read(key)).toBeUndefined();
  });

  it('leaves the public record untouched', async () => {
    const sets = await dns.listRecordSets(world.hostedZoneId, world.recordName, 'A');
    expect(sets).toHaveLength(1);
    expect(sets[0]!.AliasTarget?.DNSName).toMatch(/shop-prod-alb/i);
  });
});
