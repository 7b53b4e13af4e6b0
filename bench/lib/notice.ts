/**
 * Where drctl's overhead comes from: for every wait, how long after the awaited thing
 * happened (in the timed world) drctl noticed it (an event it emitted). These delays are
 * the price of polling; on the critical path they add up to the overhead.
 */
import type { EngineEvent, EventPayloads, PhaseTiming } from '../../src/engine/events.js';
import { stackName } from '../../src/templates/manifest.js';
import { recoverySeconds, type Scenario } from './scenario.js';
import { APP, ENV, type World } from './world.js';

const of = <K extends keyof EventPayloads>(events: EngineEvent[], code: K) =>
  events.filter((e) => e.code === code) as { code: K; at: number; data: EventPayloads[K] }[];

/** Wait name (`stack network`, `targets`, `insync`, `recover-data`) -> seconds noticed late. */
export function noticeDelays(
  s: Scenario,
  w: World,
  events: EngineEvent[],
  timings: PhaseTiming[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(s.stacks)) {
    const name = stackName(APP, ENV, key);
    const seen = of(events, 'stack-status').find(
      (e) => e.data.stack === name && e.data.status.endsWith('_COMPLETE'),
    );
    const done = w.stacks.completedAt.get(name);
    if (seen && done !== undefined) out[`stack ${key}`] = (seen.at - done) / 1000;
  }
  const recover = timings.find((t) => t.phase === 'recover-data');
  if (recover && recoverySeconds(s) > 0) out['recover-data'] = recover.durationMs / 1000 - recoverySeconds(s);
  const healthy = of(events, 'target-health').find((e) => e.data.healthy >= e.data.required);
  const healthyAt = w.healthyAt();
  if (healthy && healthyAt !== undefined) out.targets = Math.max(0, healthy.at - healthyAt) / 1000;
  const submitted = of(events, 'dns-change-submitted')[0];
  const insync = of(events, 'dns-change-status').find((e) => e.data.status === 'INSYNC');
  if (submitted && insync) out.insync = (insync.at - submitted.at) / 1000 - s.dns.insyncSeconds;
  return out;
}
