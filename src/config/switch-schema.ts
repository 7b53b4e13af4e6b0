/**
 * The `switch` section of drctl.yaml (docs/data-plane.md): how traffic moves. `records`
 * edits the record sets (Route 53's control plane); `arc` and `s3-object` flip controls
 * that health checks follow (data plane), the record sets being provisioned ahead of time
 * by templates/switch-*.yaml. Cross-field rules live in `switch-rules.ts`.
 */
import { z } from 'zod';
import { SWITCH_MODES } from '../ports/traffic-switch.js';

export const region = z.string().min(1);

/** S3 bucket naming rules (lower case, 3-63 characters, no leading or trailing dot or dash). */
export const bucketName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'not an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)',
  );

export const LOCK_STORES = ['route53', 's3'] as const;
const CONTROL_PLANE_POLICIES = ['use', 'avoid'] as const;
export type ControlPlanePolicy = (typeof CONTROL_PLANE_POLICIES)[number];

const routingControlArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:route53-recovery-control::\d{12}:controlpanel\/[^/\s]+\/routingcontrol\/[^/\s]+$/,
    'not a routing control ARN',
  );

const arc = z.strictObject({
  /** The cluster's regional endpoints (1..5, from DescribeCluster; `drctl init` writes them). */
  endpoints: z
    .array(
      z.strictObject({
        region,
        url: z.url({ protocol: /^https?$/, error: 'not an http(s) URL' }),
      }),
    )
    .min(1)
    .max(5),
  /** Region -> routing control ARN: one per region traffic can be in. */
  controls: z.record(region, routingControlArn),
});

const s3Object = z.strictObject({
  /** The bucket whose objects the health checks read (`on` / `off`). */
  bucket: bucketName,
  /** The bucket's region: neither the primary nor a target region. */
  region,
  /** Region -> object key the region's health check reads. */
  keys: z.record(region, z.string().min(1)),
});

/** `controlPlane` defaults by mode: records cannot avoid it, the switches exist to. */
function defaultControlPlane(mode: (typeof SWITCH_MODES)[number]): ControlPlanePolicy {
  return mode === 'records' ? 'use' : 'avoid';
}

export const switchSettings = z
  .strictObject({
    /** records (default) | arc | s3-object. */
    mode: z.enum(SWITCH_MODES).default('records'),
    /**
     * `avoid`: refuse any Route 53 control-plane call (ChangeResourceRecordSets, GetChange,
     * TestDNSAnswer, ListResourceRecordSets, the Route 53 lock). Default: `use` for
     * records, `avoid` for arc and s3-object.
     */
    controlPlane: z.enum(CONTROL_PLANE_POLICIES).optional(),
    arc: arc.optional(),
    s3Object: s3Object.optional(),
  })
  .transform((s) => ({ ...s, controlPlane: s.controlPlane ?? defaultControlPlane(s.mode) }));
