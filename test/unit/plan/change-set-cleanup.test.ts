/**
 * `plan --change-sets` removes what it created: by the StackId CloudFormation returned
 * (a name could by then mean another stack), and also when interrupted.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/engine/plan/index.js';
import { createPlanWorld } from '../../fakes/plan-world.js';

describe('plan --change-sets cleans up', () => {
  it('deletes the empty stack of a CREATE change set by its StackId, not its name', async () => {
    const w = createPlanWorld();
    w.request.changeSets = true;
    const deleted: string[] = [];
    const del = w.stacks.delete.bind(w.stacks);
    w.stacks.delete = async (region, nameOrId) => {
      deleted.push(nameOrId);
      return del(region, nameOrId);
    };
    await buildPlan(w.request, w.planPorts);
    expect(deleted).toEqual(['arn:shop-network']);
    expect(w.stacks.stacks.get('us-east-1/shop-network')?.info.status).toBe('DELETE_COMPLETE');
  });

  it('Ctrl-C while CloudFormation computes: stops, and still deletes the change set and its empty stack', async () => {
    const w = createPlanWorld();
    w.request.changeSets = true;
    const ctrlC = new AbortController();
    w.request.signal = ctrlC.signal;
    const describe = w.review.describeChangeSet.bind(w.review);
    w.review.describeChangeSet = async (region, id) => {
      ctrlC.abort();
      return { ...(await describe(region, id)), status: 'CREATE_PENDING' };
    };
    const e = await buildPlan(w.request, w.planPorts).catch((x) => x);
    expect(e.code).toBe('ABORTED');
    expect(w.review.changeSets.size).toBe(0);
    expect(w.stacks.stacks.get('us-east-1/shop-network')?.info.status).toBe('DELETE_COMPLETE');
    const mutations = w.calls.filter((c) => c.mutating).map((c) => `${c.port}.${c.method}`);
    expect(mutations).toEqual(['review.createChangeSet', 'review.deleteChangeSet', 'stacks.delete']);
  });
});
