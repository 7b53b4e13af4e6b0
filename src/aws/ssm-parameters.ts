/** ParameterPort on SSM GetParameter: public parameters such as the ECS-optimised AMI. */
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { ParameterPort } from '../ports/readiness.js';
import { callAws } from './call.js';
import type { ClientFactory } from './clients.js';

export class SsmParameters implements ParameterPort {
  constructor(private readonly clients: ClientFactory) {}

  /** Never asks for decryption: plan only reads public, non-secret parameters. */
  async get(region: string, name: string): Promise<string | undefined> {
    try {
      const out = await callAws(
        `SSM GetParameter ${name} in ${region}`,
        () => this.clients.ssm(region).send(new GetParameterCommand({ Name: name, WithDecryption: false })),
        this.clients.retry,
      );
      return out.Parameter?.Value;
    } catch (e) {
      if ((e as { cause?: { name?: string } }).cause?.name === 'ParameterNotFound') return undefined;
      throw e;
    }
  }
}
