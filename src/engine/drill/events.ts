/**
 * The drill's own events, part of the one registry (src/engine/events.ts extends these).
 * The phases of a drill are the ordinary spans; these say what teardown did to each
 * resource and what, if anything, was left behind.
 */

/** A kind of resource a drill creates (or makes the blueprint create and retain). */
type DrillResourceKind = 'stack' | 'record' | 'bucket' | 'kms-key' | 'snapshot' | 'lock';

export interface DrillEventPayloads {
  /** The drill's identity, once, right after `run-start`. */
  'drill-started': { drillId: string; region: string; env: string; dns: boolean; record?: string };
  /** Something worth writing in the report: data recovery skipped, a Global Database restored from a snapshot... */
  'drill-note': { message: string };
  /** What teardown did to one resource. */
  'drill-cleanup': {
    kind: DrillResourceKind;
    id: string;
    region: string;
    action: 'deleted' | 'absent' | 'scheduled-deletion' | 'failed';
    detail?: string;
  };
  /** Something still there after teardown (verify-clean found it). */
  'drill-leftover': { kind: DrillResourceKind; id: string; region: string; why: string };
}
