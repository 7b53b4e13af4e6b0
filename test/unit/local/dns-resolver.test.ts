/**
 * DnsResolver over node:dns against servers on 127.0.0.1: a server that does not answer is
 * one sentence naming the name and the cause (never a hang: node:dns's timeout and tries
 * bound it). Real answers are covered against the emulator's DNS server
 * (test/emulator/harness.test.ts).
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { isDrctlError } from '../../../src/errors.js';
import { DnsResolver } from '../../../src/local/dns-resolver.js';

describe('DnsResolver', () => {
  it('a server that never answers: VERIFY_FAILED, one sentence with the name and the cause', async () => {
    // A bound socket that reads nothing: queries time out instead of being refused.
    const silent = createSocket('udp4');
    await new Promise<void>((done) => silent.bind(0, '127.0.0.1', done));
    try {
      const port = silent.address().port;
      const resolver = new DnsResolver([`127.0.0.1:${port}`], 100);
      const error = await resolver
        .resolve('alb-1.us-east-1.elb.amazonaws.com.', 'A')
        .catch((e: unknown) => e);
      expect(isDrctlError(error) && error.code).toBe('VERIFY_FAILED');
      expect((error as Error).message).toBe(
        'alb-1.us-east-1.elb.amazonaws.com A could not be resolved (ETIMEOUT)',
      );
    } finally {
      silent.close();
    }
  });
});
