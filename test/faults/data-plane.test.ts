/**
 * The fault matrix, data-plane switch (issue 15): Route 53's control plane fails (503) or
 * hangs for the whole run while a failover, its verification, a rollback and a drill run
 * on the switch; ARC cluster endpoints go down (one, four of five, all five); the switch
 * bucket's region becomes unreachable to Route 53's health checkers after the flip. Each
 * case runs the real CLI process against the emulator and checks, after the run:
 *   - the documented exit code (docs/exit-codes.md);
 *   - where the zone's authoritative server now answers (the DR or the primary ALB);
 *   - the switch's own state (routing controls / objects) matches that answer;
 *   - not one Route 53 API call was made (invariant 10).
 * Test names are `<row> | <kind>` for the matrix summary.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../harness/aws-clients.js';
import {
  authoritativeA,
  runIds,
  type SwitchKind,
  type SwitchWorld,
  startSwitchWorld,
} from '../harness/switch-world.js';
import { runCli } from '../helpers/run-cli.js';

const PRIMARY = 'ap-southeast-1';
const TARGET = 'us-east-1';

interface Ends {
  exit: number;
  /** Which region's ALB the authoritative server answers, and so which control is On. */
  serving: typeof PRIMARY | typeof TARGET;
}

interface Ctx {
  w: SwitchWorld;
  ips: Record<string, string[]>;
  /** Route 53 calls the seeding made, before its control plane went down. */
  seeded: number;
}

function world(kind: SwitchKind, plane: 'down' | 'timeout') {
  const ctx = {} as Ctx;
  beforeAll(async () => {
    ctx.w = await startSwitchWorld({ switch: kind, route53ControlPlane: plane });
    ctx.ips = {
      [PRIMARY]: await authoritativeA(ctx.w, ctx.w.world.primaryAlb.dnsName),
      [TARGET]: await authoritativeA(ctx.w, ctx.w.targetAlb.dnsName),
    };
    ctx.seeded = await ctx.w.emulator.route53Calls();
  }, 240_000);
  afterAll(async () => {
    await ctx.w?.stop();
  });
  return ctx;
}

async function switchStates(w: SwitchWorld): Promise<Record<string, string>> {
  if (w.switchKind === 'arc') {
    const arc = await w.emulator.arc();
    return Object.fromEntries(arc.routingControls.map((c) => [c.Name, c.State]));
  }
  const s3 = new S3Client(clientConfig(w.emulator.endpoint, w.s3Object!.region));
  try {
    const out: Record<string, string> = {};
    for (const [region, key] of Object.entries(w.s3Object!.keys)) {
      const got = await s3.send(new GetObjectCommand({ Bucket: w.s3Object!.bucket, Key: key }));
      out[region] = (await got.Body!.transformToString()).trim() === 'on' ? 'On' : 'Off';
    }
    return out;
  } finally {
    s3.destroy();
  }
}

async function run(ctx: Ctx, args: string[], ends: Ends) {
  const r = await runCli([...args, '-c', ctx.w.configPath], { env: ctx.w.env, timeoutMs: 240_000 });
  expect(r.code, `${args.join(' ')}\n${r.stdout.slice(-3000)}\n${r.stderr}`).toBe(ends.exit);
  expect(await authoritativeA(ctx.w)).toEqual(ctx.ips[ends.serving]);
  const other = ends.serving === PRIMARY ? TARGET : PRIMARY;
  expect(await switchStates(ctx.w)).toEqual({ [ends.serving]: 'On', [other]: 'Off' });
  expect(await ctx.w.emulator.route53Calls()).toBe(ctx.seeded);
  return r;
}

async function endpointsDown(w: SwitchWorld, indexes: number[]) {
  for (let index = 0; index < 5; index++)
    await w.emulator.setArcEndpoint({
      index,
      down: indexes.includes(index),
      // Alternate the two ways an endpoint is gone: connection dropped, or the error AWS names.
      mode: index % 2 === 0 ? 'reset' : 'unavailable',
    });
}

describe('arc switch, Route 53 control plane hanging (timeout)', () => {
  const ctx = world('arc', 'timeout');

  it('route53 control plane | timeout during failover and verification, ARC endpoint 1 of 5 down', async () => {
    await endpointsDown(ctx.w, [0]);
    await run(ctx, ['failover', TARGET, '--yes'], { exit: 0, serving: TARGET });
  });

  it('route53 control plane | timeout during rollback, ARC endpoints 4 of 5 down', async () => {
    await endpointsDown(ctx.w, [0, 1, 2, 3]);
    const before = (await ctx.w.emulator.arc()).endpoints[4]!.calls;
    await run(ctx, ['rollback', runIds(ctx.w).at(-1)!, '--yes'], { exit: 0, serving: PRIMARY });
    // The one endpoint left did the work.
    expect((await ctx.w.emulator.arc()).endpoints[4]!.calls).toBeGreaterThan(before);
  });

  it('arc cluster endpoints | all 5 down: the failover stops before any switch, the primary still serves', async () => {
    await endpointsDown(ctx.w, [0, 1, 2, 3, 4]);
    const r = await run(ctx, ['failover', TARGET, '--yes'], { exit: 1, serving: PRIMARY });
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    await endpointsDown(ctx.w, []);
  });
});

describe('arc switch, Route 53 control plane down (503)', () => {
  const ctx = world('arc', 'down');

  it('route53 control plane | outage during a drill', async () => {
    await run(ctx, ['drill', TARGET, '--yes'], { exit: 0, serving: PRIMARY });
  });
});

describe('s3-object switch, Route 53 control plane down (503)', () => {
  const ctx = world('s3-object', 'down');

  it('switch bucket region | unreachable to the health checkers after the flip: verification fails, drctl holds and says how to roll back', async () => {
    // Every check fails, so Route 53 answers the PRIMARY whatever the objects say: the
    // flip cannot be verified. This world's primary has no edge stack to probe, so drctl
    // holds (exit 9) rather than restore a region it could not prove, and names the rollback.
    const region = ctx.w.s3Object!.region;
    await ctx.w.emulator.setS3Reachable({ region, reachable: false });
    try {
      const r = await runCli(['failover', TARGET, '--yes', '-c', ctx.w.configPath], {
        env: ctx.w.env,
        timeoutMs: 240_000,
      });
      expect(r.code, r.stdout.slice(-3000)).toBe(9);
      expect(r.stdout).toMatch(/did not settle/);
      expect(r.stdout).toMatch(/drctl rollback \S+/);
      expect(await switchStates(ctx.w)).toEqual({ [TARGET]: 'On', [PRIMARY]: 'Off' });
      expect(await authoritativeA(ctx.w)).toEqual(ctx.ips[PRIMARY]);
    } finally {
      await ctx.w.emulator.setS3Reachable({ region, reachable: true });
    }
    // The checkers reach the bucket again: the answer follows the switch.
    expect(await authoritativeA(ctx.w)).toEqual(ctx.ips[TARGET]);
    await run(ctx, ['rollback', runIds(ctx.w).at(-1)!, '--yes'], { exit: 0, serving: PRIMARY });
  });

  it('route53 control plane | outage during failover, verification and rollback (s3-object)', async () => {
    await run(ctx, ['failover', TARGET, '--yes'], { exit: 0, serving: TARGET });
    await run(ctx, ['rollback', runIds(ctx.w).at(-1)!, '--yes'], { exit: 0, serving: PRIMARY });
  });
});
