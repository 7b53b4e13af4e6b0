import { describe, expect, it } from 'vitest';
import { SWITCH_MODES } from '../../../src/ports/traffic-switch.js';
import { FakeAuthoritativeDns, FakeTrafficSwitch } from '../../fakes/traffic-switch.js';

describe('switch modes', () => {
  it('are the contract names, records first (the default)', () => {
    expect(SWITCH_MODES).toEqual(['records', 'arc', 's3-object']);
  });
});

describe('fake traffic switch (engine tests rely on its ARC-like rules)', () => {
  it('flips all or nothing and reads unset regions as Off', async () => {
    const sw = new FakeTrafficSwitch('arc', { 'us-east-1': 'On' });
    await sw.set({ 'ap-southeast-1': 'On', 'us-east-1': 'Off' });
    expect(await sw.read(['us-east-1', 'ap-southeast-1', 'eu-west-1'])).toEqual({
      'us-east-1': 'Off',
      'ap-southeast-1': 'On',
      'eu-west-1': 'Off',
    });
  });

  it('refuses a change leaving no region On, changing nothing', async () => {
    const sw = new FakeTrafficSwitch('arc', { 'us-east-1': 'On' });
    await expect(sw.set({ 'us-east-1': 'Off' })).rejects.toMatchObject({ name: 'ConflictException' });
    expect(sw.states.get('us-east-1')).toBe('On');
  });

  it('answers DNS from the On regions, TIMEOUT for a silent server', async () => {
    const sw = new FakeTrafficSwitch('s3-object', { 'us-east-1': 'On' });
    const dns = new FakeAuthoritativeDns(['192.0.2.1', '192.0.2.2'], sw, {
      'us-east-1': ['198.18.0.1'],
      'ap-southeast-1': ['198.18.0.2'],
    });
    dns.silent.add('192.0.2.2');
    await sw.set({ 'ap-southeast-1': 'On', 'us-east-1': 'Off' });
    const servers = await dns.nameServers('example.com');
    expect(await dns.query('www.example.com', 'A', servers, 2)).toEqual([
      { server: '192.0.2.1', rcode: 'NOERROR', addresses: ['198.18.0.2'] },
      { server: '192.0.2.1', rcode: 'NOERROR', addresses: ['198.18.0.2'] },
      { server: '192.0.2.2', rcode: 'TIMEOUT', addresses: [] },
      { server: '192.0.2.2', rcode: 'TIMEOUT', addresses: [] },
    ]);
  });
});
