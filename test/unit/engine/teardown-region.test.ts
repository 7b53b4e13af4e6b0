/**
 * `drctl teardown <region>`: drctl's stacks leave a region that no longer serves, never
 * one that does; retained resources are reported, not deleted; every deletion journaled.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { type TeardownInput, teardownRegion } from '../../../src/engine/teardown-region.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor, type World } from '../../fakes/world.js';
import { expectLockReleased, expectWriteAhead } from './helpers.js';

const spec = (name: string) => ({ name, templateBody: '{}', parameters: {}, tags: { 'drctl:app': 'shop' } });

function withPrimaryStacks(w: World): World {
  w.stacks.seed('us-west-2', spec('shop-network'), 'CREATE_COMPLETE');
  w.stacks.seed('us-west-2', spec('shop-alb'), 'UPDATE_COMPLETE');
  return w;
}

const input = (over: Partial<TeardownInput> = {}): TeardownInput => ({
  runId: 'teardown-1',
  app: 'shop',
  env: 'prod',
  region: 'us-west-2',
  hostedZoneId: 'ZFAKE',
  record: inputFor('failover').record,
  waves: [['shop-network'], ['shop-alb']],
  operator: { holder: 'alice', host: 'laptop' },
  yes: true,
  ...over,
});

const resources = async (_region: string, stack: string) =>
  stack === 'shop-network'
    ? [{ logicalId: 'Media', type: 'AWS::S3::Bucket', physicalId: 'shop-media-west' }]
    : [{ logicalId: 'Listener', type: 'AWS::ElasticLoadBalancingV2::Listener', physicalId: 'l-1' }];

describe('teardown of a region', () => {
  it('refuses (exit 2, one sentence) while the record serves from the region; nothing deleted', async () => {
    const w = withPrimaryStacks(createWorld('failover'));
    const e = await teardownRegion(input(), w.ports, new RecordingSink()).catch((x) => x);
    expect(e).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(e.message).toBe(
      'www.example.com A still sends traffic to us-west-2, so drctl will not tear it down; fail over away from it first.',
    );
    expect(w.calls.filter((c) => c.port === 'stacks' && c.method === 'delete')).toEqual([]);
    expect(w.journal.runs.size).toBe(0);
  });

  it('after a failover: deletes the old region stacks in reverse waves, says what is retained', async () => {
    const w = withPrimaryStacks(createWorld('failover'));
    await failover(inputFor('failover'), w.ports, new RecordingSink());
    const sink = new RecordingSink();
    const r = await teardownRegion(input(), { ...w.ports, stackResources: resources }, sink);
    expect(r).toMatchObject({
      kind: 'torn-down',
      stacks: ['shop-alb', 'shop-network'],
      retained: [{ stack: 'shop-network', type: 'AWS::S3::Bucket', id: 'shop-media-west', how: 'retained' }],
    });
    expect(w.timeline.filter((l) => l.startsWith('call stacks.delete'))).toEqual([
      'call stacks.delete shop-alb',
      'call stacks.delete shop-network',
    ]);
    expect(w.stacks.stacks.get('us-west-2/shop-alb')?.info.status).toBe('DELETE_COMPLETE');
    // The recovery region keeps its stacks.
    expect(w.stacks.stacks.get('us-east-1/shop-alb')?.info.status).toMatch(/COMPLETE$/);
    expect(w.journal.kinds('teardown-1')).toContain('step-intent teardown:stack:shop-alb');
    expect(sink.of('warning').map((x) => x.message)).toContainEqual(
      expect.stringContaining('SECONDARY set west still aliases a load balancer in us-west-2'),
    );
    expectWriteAhead(w);
    expectLockReleased(w);
  });

  it('dry run lists what would go and what stays, changes nothing, journals nothing', async () => {
    const w = withPrimaryStacks(createWorld('failover'));
    await failover(inputFor('failover'), w.ports, new RecordingSink());
    const runs = w.journal.runs.size;
    const r = await teardownRegion(
      input({ dryRun: true }),
      { ...w.ports, stackResources: resources },
      new RecordingSink(),
    );
    expect(r).toMatchObject({ kind: 'planned', stacks: ['shop-alb', 'shop-network'] });
    expect(w.stacks.stacks.get('us-west-2/shop-alb')?.info.status).toBe('UPDATE_COMPLETE');
    expect(w.journal.runs.size).toBe(runs);
  });

  it('asks for the typed region; anything else declines with nothing deleted', async () => {
    const w = withPrimaryStacks(createWorld('failover'));
    await failover(inputFor('failover'), w.ports, new RecordingSink());
    const sink = new RecordingSink();
    sink.answers['confirm-teardown'] = 'us-east-1';
    expect(await teardownRegion(input({ yes: false }), w.ports, sink)).toMatchObject({ kind: 'aborted' });
    expect(sink.questions[0]).toMatchObject({ expected: 'us-west-2' });
    expect(w.stacks.stacks.get('us-west-2/shop-alb')?.info.status).toBe('UPDATE_COMPLETE');
  });

  it('a region without drctl stacks has nothing to do', async () => {
    const w = createWorld('failover');
    await failover(inputFor('failover'), w.ports, new RecordingSink());
    expect(await teardownRegion(input({ region: 'eu-west-1' }), w.ports, new RecordingSink())).toMatchObject({
      kind: 'nothing-to-do',
    });
  });
});
