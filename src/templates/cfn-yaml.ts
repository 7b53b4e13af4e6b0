/**
 * CloudFormation YAML: the short-form intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`...) parsed
 * into the long form CloudFormation itself uses (`{Ref: x}`, `{'Fn::GetAtt': [r, a]}`), so
 * checks can walk templates as plain data. The templates are sent to CloudFormation as
 * written; this parser exists only to read them.
 */
import { type CollectionTag, isMap, isSeq, parse, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { ValidationError } from '../errors.js';

/** One template, as far as drctl reads it. Everything else stays `unknown`. */
export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, CfnParameter>;
  Rules?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

export interface CfnParameter {
  Type: string;
  Description?: string;
  Default?: string | number;
  AllowedValues?: (string | number)[];
  AllowedPattern?: string;
  MinValue?: number;
  MaxValue?: number;
  MinLength?: number;
  MaxLength?: number;
  NoEcho?: boolean | string;
  ConstraintDescription?: string;
}

export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  UpdatePolicy?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
}

interface CfnOutput {
  Description?: string;
  Condition?: string;
  Value: unknown;
  Export?: { Name: unknown };
}

/** Short tag name -> long-form key. `!Ref` and `!Condition` have no `Fn::` prefix. */
const LONG_NAMES: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  FindInMap: 'Fn::FindInMap',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
};

/** `!GetAtt Res.Attr.Sub` means `['Res', 'Attr.Sub']`: only the first dot separates. */
function getAttFromScalar(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function tagsFor(short: string, long: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${short}`;
  const scalar: ScalarTag = {
    tag,
    resolve: (value: string) => ({ [long]: short === 'GetAtt' ? getAttFromScalar(value) : value }),
  };
  // Collections are converted to plain JS (nested tags already resolved) before wrapping.
  const seq: CollectionTag = {
    tag,
    collection: 'seq',
    resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [long]: isSeq(value) ? value.toJSON() : [] }),
  };
  const map: CollectionTag = {
    tag,
    collection: 'map',
    resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [long]: isMap(value) ? value.toJSON() : {} }),
  };
  return [scalar, seq, map];
}

/** Custom tags for the `yaml` package, exported for anyone parsing CloudFormation YAML. */
const cfnTags: (ScalarTag | CollectionTag)[] = Object.entries(LONG_NAMES).flatMap(([s, l]) => tagsFor(s, l));

/** Parse any CloudFormation-flavoured YAML document into plain data in long form. */
export function parseCfnYaml(text: string, source = 'template'): unknown {
  try {
    // `merge: false` and the core schema: CloudFormation has no YAML merge keys, and
    // YAML 1.1 booleans (`on`, `yes`) must stay strings (require_secure_transport: 'ON').
    return parse(text, { customTags: cfnTags, schema: 'core', merge: false, prettyErrors: true });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ValidationError([`${source} is not valid YAML: ${why}`], 'template');
  }
}

/** Parse a template and check the shape drctl relies on (a Resources map of typed resources). */
export function parseTemplate(text: string, source = 'template'): CfnTemplate {
  const doc = parseCfnYaml(text, source);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ValidationError([`${source} is not a CloudFormation template: its top level is not a map.`]);
  }
  const t = doc as Partial<CfnTemplate>;
  if (typeof t.Resources !== 'object' || t.Resources === null) {
    throw new ValidationError([`${source} is not a CloudFormation template: it has no Resources section.`]);
  }
  for (const [id, r] of Object.entries(t.Resources)) {
    if (typeof r?.Type !== 'string') {
      throw new ValidationError([`${source}: resource ${id} has no Type.`]);
    }
  }
  return t as CfnTemplate;
}
