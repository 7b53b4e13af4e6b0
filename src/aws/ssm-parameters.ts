/** ParameterPort on SSM GetParameter: public parameters such as the ECS-optimised AMI. */
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { ParameterPort } from '../ports/readiness.js';
import { named, orMissing } from './call.js';
import type { ClientFactory } from './clients.js';

export class SsmParameters implements ParameterPort {
  constructor(private readonly clients: ClientFactory) {}

  /** Never asks for decryption: plan only reads public, non-secret parameters. */
  async get(region: string, name: string): Promise<string | undefined> {
    const out = await orMissing(
      this.clients.call(`SSM GetParameter ${name} in ${region}`, () =>
        this.clients.ssm(region).send(new GetParameterCommand({ Name: name, WithDecryption: false })),
      ),
      named('ParameterNotFound'),
    );
    return out?.Parameter?.Value;
  }
}
