import { describe, expect, it } from 'vitest';
import { applyConnectTo, parseConnectTo } from '../../../src/local/https-probe.js';

describe('connectTo (curl --connect-to semantics)', () => {
  it('redirects any host and port with empty HOST1 and PORT1', () => {
    expect(
      applyConnectTo(parseConnectTo(['::127.0.0.1:8443']), 'alb-1.us-east-1.elb.amazonaws.com', 443),
    ).toEqual({ host: '127.0.0.1', port: 8443 });
  });

  it('matches host and port exactly, first rule wins, empty HOST2/PORT2 keep the original', () => {
    const rules = parseConnectTo([
      'www.example.com:443:127.0.0.1:9443',
      'www.example.com::10.0.0.1:',
      'other.example.com:80::8080',
    ]);
    expect(applyConnectTo(rules, 'WWW.example.com.', 443)).toEqual({ host: '127.0.0.1', port: 9443 });
    expect(applyConnectTo(rules, 'www.example.com', 8443)).toEqual({ host: '10.0.0.1', port: 8443 });
    expect(applyConnectTo(rules, 'other.example.com', 80)).toEqual({ host: 'other.example.com', port: 8080 });
    expect(applyConnectTo(rules, 'unmatched.example.com', 443)).toEqual({
      host: 'unmatched.example.com',
      port: 443,
    });
  });

  it('rejects a malformed rule with one sentence', () => {
    expect(() => parseConnectTo(['127.0.0.1:8443'])).toThrow(
      'connectTo rule "127.0.0.1:8443" is not HOST1:PORT1:HOST2:PORT2 (for example ::127.0.0.1:8443).',
    );
    expect(() => parseConnectTo(['a:b:c:d'])).toThrow(/is not HOST1:PORT1:HOST2:PORT2/);
  });
});
