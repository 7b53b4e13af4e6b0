/**
 * Traffic-switch port: the data-plane switch that moves traffic between regions in the
 * `arc` and `s3-object` modes (docs/data-plane.md). There the failover records are
 * provisioned ahead of any outage, each with a health check that follows its region's
 * control; drctl flips the CONTROLS, never the records, so a failover needs no Route 53
 * control-plane call. In `records` mode (the default) drctl edits the record sets
 * themselves (DnsPort) and no TrafficSwitchPort is used.
 */

/** How drctl moves traffic (`switch.mode` in drctl.yaml). */
export const SWITCH_MODES = ['records', 'arc', 's3-object'] as const;
export type SwitchMode = (typeof SWITCH_MODES)[number];

/** A region's control: On sends it traffic (its health check passes), Off does not. */
export type SwitchState = 'On' | 'Off';

export interface TrafficSwitchPort {
  /** `arc`: Route 53 ARC routing controls; `s3-object`: one S3 object per region. */
  readonly kind: 'arc' | 's3-object';
  /** Each region's control as the data plane has it now. */
  read(regions: string[]): Promise<Record<string, SwitchState>>;
  /** arc: one UpdateRoutingControlStates (all or nothing; safety rules apply).
   *  s3-object: target(s) On first, then the others Off, one PutObject each. */
  set(states: Record<string, SwitchState>): Promise<void>;
}
