/**
 * A fleet's budget reaches every SDK request: ClientFactory's `pace` hook runs before each
 * request a client sends (retries included), named by service and region, and a request
 * waits for it.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { startRequestRecorder } from '../../helpers/request-recorder.js';

let recorder: Awaited<ReturnType<typeof startRequestRecorder>>;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
beforeAll(async () => {
  recorder = await startRequestRecorder();
  // Fake credentials: the SDK signs before it sends, and only the recorder hears it.
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
});
afterAll(async () => {
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  else process.env.AWS_ACCESS_KEY_ID = saved.id;
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  await recorder.close();
});

describe('ClientFactory pace hook', () => {
  it('takes a turn before each request, by service and region, and the request waits for it', async () => {
    const log: string[] = [];
    const factory = new ClientFactory({
      endpointUrl: recorder.endpoint,
      pace: async (service, region) => {
        log.push(`turn ${service}@${region} (requests so far: ${recorder.requests.length})`);
      },
    });
    const before = recorder.requests.length;
    await factory
      .cloudFormation('eu-west-1')
      .send(new DescribeStacksCommand({}))
      .catch(() => undefined);
    await factory
      .cloudFormation('eu-west-1')
      .send(new DescribeStacksCommand({}))
      .catch(() => undefined);
    factory.destroy();
    expect(recorder.requests.length - before).toBe(2);
    expect(log).toEqual([
      `turn cloudformation@eu-west-1 (requests so far: ${before})`,
      `turn cloudformation@eu-west-1 (requests so far: ${before + 1})`,
    ]);
  });

  it('adds nothing when no budget is given', async () => {
    const names = (f: ClientFactory) =>
      (f.cloudFormation('eu-west-1').middlewareStack as unknown as { identify(): string[] }).identify();
    const plain = new ClientFactory({ endpointUrl: recorder.endpoint });
    const paced = new ClientFactory({ endpointUrl: recorder.endpoint, pace: async () => {} });
    expect(names(plain).some((n) => n.startsWith('drctlPace'))).toBe(false);
    expect(names(paced).some((n) => n.startsWith('drctlPace'))).toBe(true);
    plain.destroy();
    paced.destroy();
  });
});
