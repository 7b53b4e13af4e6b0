/** The plan document: checksum stability, staleness, plan-file checks, and the renderers. */
import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../../../src/cli/plan/render-md.js';
import { renderPlanText } from '../../../src/cli/plan/render-text.js';
import {
  buildPlan,
  checkPlanCurrent,
  checkPlanMatches,
  checksumOf,
  observedOf,
  type PlanDocument,
  parsePlanFile,
} from '../../../src/engine/plan/index.js';
import { createPlanWorld, deployTarget } from '../../fakes/plan-world.js';
import { captureIo } from '../../helpers/capture-io.js';

describe('checksum', () => {
  it('is stable: same world, same checksum, whatever the order of sets or fields', async () => {
    const w = createPlanWorld('failover');
    const a = await buildPlan(w.request, w.planPorts);
    w.dns.sets.reverse();
    await w.clock.sleep(60_000);
    const b = await buildPlan(w.request, w.planPorts);
    expect(b.checksum).toBe(a.checksum);
    const shuffled = w.seed.map((rs) => Object.fromEntries(Object.entries(rs).reverse())) as typeof w.seed;
    expect(checksumOf(observedOf(shuffled, []))).toBe(checksumOf(observedOf(w.seed, [])));
    expect(a.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when a record set or a stack state changes', async () => {
    const w = createPlanWorld('failover');
    const a = await buildPlan(w.request, w.planPorts);
    w.dns.sets[1]!.TTL = 300;
    const b = await buildPlan(w.request, w.planPorts);
    expect(b.checksum).not.toBe(a.checksum);
    deployTarget(w);
    expect((await buildPlan(w.request, w.planPorts)).checksum).not.toBe(b.checksum);
  });
});

describe('failover --plan', () => {
  async function saved() {
    const w = createPlanWorld('failover');
    const doc = await buildPlan(w.request, w.planPorts);
    return { w, doc, text: JSON.stringify(doc) };
  }

  it('accepts an intact, ready plan while the world is unchanged', async () => {
    const { w, doc, text } = await saved();
    const parsed = parsePlanFile(text, 'plan.json');
    expect(() => checkPlanMatches(parsed, w.request.input, false)).not.toThrow();
    await expect(checkPlanCurrent(doc, w.request.input, w.ports)).resolves.toBeUndefined();
  });

  it('refuses with one sentence naming the record set that changed', async () => {
    const { w, doc } = await saved();
    w.dns.sets[1]!.TTL = 300;
    await expect(checkPlanCurrent(doc, w.request.input, w.ports)).rejects.toMatchObject({
      code: 'REFUSED',
      exitCode: 5,
      message: `The world changed since the plan was made (${doc.createdAt}): the record set www.example.com. A (set east) was changed.`,
    });
  });

  it('refuses when a stack appeared since', async () => {
    const { w, doc } = await saved();
    deployTarget(w);
    await expect(checkPlanCurrent(doc, w.request.input, w.ports)).rejects.toThrow(
      /stack shop-alb now exists \(CREATE_COMPLETE\)/,
    );
  });

  it('rejects an edited plan, another target, and a plan that was not ready', async () => {
    const { w, doc, text } = await saved();
    const edited = JSON.stringify({ ...doc, observed: { ...doc.observed, recordSets: [] } });
    expect(() => parsePlanFile(edited, 'plan.json')).toThrow(/was edited after drctl wrote it/);
    expect(() => parsePlanFile('{', 'plan.json')).toThrow(/is not JSON/);
    expect(() => checkPlanMatches(doc, { ...w.request.input, targetRegion: 'eu-west-1' }, false)).toThrow(
      /not shop prod to eu-west-1/,
    );
    const notReady: PlanDocument = { ...parsePlanFile(text, 'p'), verdict: 'not-ready' };
    notReady.checks = [{ id: 'lock', title: 'Record lock free', status: 'failed', reason: '', fix: '' }];
    expect(() => checkPlanMatches(notReady, w.request.input, false)).toThrow(
      /not ready: Record lock free failed/,
    );
  });
});

describe('renderers', () => {
  it('json round-trips the document (version 1) and never holds a NoEcho value', async () => {
    const w = createPlanWorld('weighted');
    w.request.input.waves[1]![0]!.secretParameters = ['DbPassword'];
    const doc = await buildPlan(w.request, w.planPorts);
    const json = JSON.stringify(doc);
    expect(JSON.parse(json)).toMatchObject({ version: 1, kind: 'drctl-plan', verdict: 'ready' });
    expect(json).not.toContain('not-journaled');
  });

  it('markdown has a section per part, a table of checks, and the DNS diff', async () => {
    const w = createPlanWorld('failover');
    const md = renderPlanMarkdown(await buildPlan(w.request, w.planPorts));
    for (const h of [
      '# drctl plan: shop prod, us-west-2 to us-east-1',
      '## Preflight checks',
      '## Safety',
      '## Stacks in us-east-1',
      '## DNS: www.example.com A (failover)',
      '## Estimates',
    ]) {
      expect(md).toContain(h);
    }
    expect(md).toMatch(/^\| ok \| Credentials and account \|/m);
    expect(md).toMatch(/^- west: \[PRIMARY\] alias dualstack\.old-alb-1/m);
    expect(md).toMatch(/^\+ west: \[SECONDARY\] alias dualstack\.old-alb-1/m);
    expect(md).toContain('**READY');
  });

  it('text shows failed checks with their fix, the refusal, and the verdict last', async () => {
    const w = createPlanWorld('failover');
    w.certs['us-east-1'] = [];
    w.dns.sets.push({
      Name: 'www.example.com.',
      Type: 'A',
      SetIdentifier: 'eu',
      Failover: 'SECONDARY',
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.9' }],
    });
    const cap = captureIo();
    renderPlanText(await buildPlan(w.request, w.planPorts), cap.io);
    expect(cap.stdout).toMatch(
      /FAIL ACM certificate for www.example.com in us-east-1 +no ISSUED certificate/,
    );
    expect(cap.stdout).toMatch(/fix: request or import one in us-east-1/);
    expect(cap.stdout).toMatch(/unknown-variants: www.example.com A has set identifier eu/);
    expect(cap.stdout.trim().split('\n').slice(-2)).toEqual([
      'REFUSED: a safety rule refuses this change (exit 5); --force only after reading why',
      'Nothing was changed.',
    ]);
  });
});
