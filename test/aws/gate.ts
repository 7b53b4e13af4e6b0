/**
 * Whether the real-AWS contract tier runs: only when asked (DRCTL_AWS_CONTRACT=1) and
 * credentials resolve through the SDK's standard chain. Otherwise it says why and the
 * run ends successfully, so `npm run test:aws` is safe anywhere.
 */

export const OPT_IN = 'DRCTL_AWS_CONTRACT';

/** What one contract run can cost, printed before it starts. */
export const COST_BOUND =
  'cost bound: under US$0.01 when cleanup succeeds (a hosted zone deleted within 12 hours is not charged; ' +
  'CloudFormation, SNS topics without messages, imported ACM certificates and TestDNSAnswer are free; ' +
  'one S3 object of a few bytes for minutes). If cleanup fails the run names what is left: a kept hosted ' +
  'zone costs US$0.50 a month.';

type Gate = { run: true; region: string } | { run: false; reason: string };

/**
 * `credentials`: resolves the standard credential chain (env, profile, SSO, IMDS...);
 * rejects when there are none. Only called when the tier is opted in.
 */
export async function contractGate(
  env: NodeJS.ProcessEnv,
  credentials: () => Promise<unknown>,
): Promise<Gate> {
  if (env[OPT_IN] !== '1') {
    return {
      run: false,
      reason: `${OPT_IN} is not 1: the real-AWS contract tier runs only when asked (see docs/development.md)`,
    };
  }
  if (env.AWS_ENDPOINT_URL) {
    return {
      run: false,
      reason: 'AWS_ENDPOINT_URL is set: the contract tier checks real AWS, not an emulator',
    };
  }
  try {
    await credentials();
  } catch (e) {
    return {
      run: false,
      reason: `no AWS credentials resolve (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    };
  }
  return { run: true, region: env.DRCTL_AWS_CONTRACT_REGION || env.AWS_REGION || 'us-east-1' };
}
