/**
 * Deploys drctl's whole blueprint into the emulator the way the engine does: the stack
 * waves and parameters come from assembleFailoverInput (config + manifest + env file),
 * the stacks of a wave are created in parallel, and each later stack is fed the outputs
 * of earlier ones. For tests that need the real templates standing in a region without
 * running a whole failover.
 */
import { tmpdir } from 'node:os';
import {
  type CloudFormationClient as CfnClient,
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { stringify } from 'yaml';
import { assembleFailoverInput } from '../../src/cli/failover-input.js';
import { parseConfig } from '../../src/config/load.js';
import type { StackInput } from '../../src/engine/input.js';
import { clientConfig } from './aws-clients.js';
import { worldConfig } from './failover-world.js';
import type { World } from './seed.js';

interface DeployedStack {
  name: string;
  status: string;
  reason?: string;
  outputs: Record<string, string>;
}

export interface BlueprintDeployment {
  region: string;
  env: string;
  /** Every stack attempted, in wave order; deployment stops after the first failed wave. */
  stacks: DeployedStack[];
  /** Outputs by stack key (network, security, ...). */
  outputs: Record<string, Record<string, string>>;
  ok: boolean;
}

export interface DeployBlueprintOptions {
  region: string;
  env: 'dev' | 'test' | 'prod';
  /** Default: 60 s per stack. */
  timeoutMs?: number;
}

/** The engine's wave input for a seeded world, with the parameters drctl would pass. */
function blueprintWaves(world: World, region: string, env: string): StackInput[][] {
  const data = worldConfig(world, { appPort: 443, dnsServer: '127.0.0.1:53', journalDir: tmpdir() });
  const config = parseConfig(stringify(data), process.cwd());
  return assembleFailoverInput({
    config,
    configDir: process.cwd(),
    env,
    targetRegion: region,
    runId: 'emulator-deploy',
    hostedZoneId: world.hostedZoneId,
    runtime: { CertificateArn: world.certificateArns[region]! },
    operator: { holder: 'test@emulator', host: 'emulator' },
    flags: { yes: true },
  }).waves;
}

async function settle(cfn: CfnClient, name: string, timeoutMs: number): Promise<Stack> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    if (Date.now() > deadline)
      throw new Error(`stack ${name} still ${stack?.StackStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function deployBlueprint(world: World, o: DeployBlueprintOptions): Promise<BlueprintDeployment> {
  const cfn = new CloudFormationClient(clientConfig(world.endpoint, o.region));
  const byName: Record<string, Record<string, string>> = {};
  const result: BlueprintDeployment = { region: o.region, env: o.env, stacks: [], outputs: {}, ok: true };
  for (const wave of blueprintWaves(world, o.region, o.env)) {
    const deployed = await Promise.all(
      wave.map(async (stack): Promise<DeployedStack> => {
        const parameters = { ...stack.parameters };
        for (const [param, ref] of Object.entries(stack.parametersFrom ?? {})) {
          const value = byName[ref.fromStack]?.[ref.output];
          // An earlier stack without the output: say so as this stack's result, as the engine would.
          if (value === undefined)
            return {
              name: stack.name,
              status: 'NOT_ATTEMPTED',
              reason: `no output ${ref.output} of ${ref.fromStack}`,
              outputs: {},
            };
          parameters[param] = value;
        }
        try {
          await cfn.send(
            new CreateStackCommand({
              StackName: stack.name,
              TemplateBody: stack.templateBody,
              Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
                ParameterKey,
                ParameterValue,
              })),
              Tags: Object.entries(stack.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
              Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
              OnFailure: 'ROLLBACK',
            }),
          );
          const settled = await settle(cfn, stack.name, o.timeoutMs ?? 60_000);
          const outputs = Object.fromEntries(
            (settled.Outputs ?? []).map((out) => [out.OutputKey ?? '', out.OutputValue ?? '']),
          );
          let reason = settled.StackStatusReason;
          if (settled.StackStatus !== 'CREATE_COMPLETE') {
            // The first failed resource says why, as it does for the engine.
            const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stack.name })))
              .StackEvents;
            const first = [...(events ?? [])]
              .reverse()
              .find((e) => e.ResourceStatus?.endsWith('_FAILED') && e.LogicalResourceId !== stack.name);
            if (first)
              reason = `${first.LogicalResourceId} (${first.ResourceType}): ${first.ResourceStatusReason}`;
          }
          return {
            name: stack.name,
            status: settled.StackStatus ?? 'UNKNOWN',
            ...(reason ? { reason } : {}),
            outputs,
          };
        } catch (error) {
          return {
            name: stack.name,
            status: 'CREATE_CALL_FAILED',
            reason: (error as Error).message,
            outputs: {},
          };
        }
      }),
    );
    for (const stack of deployed) {
      result.stacks.push(stack);
      byName[stack.name] = stack.outputs;
      const key = stack.name.split('-').slice(2).join('-');
      result.outputs[key] = stack.outputs;
    }
    if (deployed.some((s) => s.status !== 'CREATE_COMPLETE')) {
      result.ok = false;
      break;
    }
  }
  return result;
}
