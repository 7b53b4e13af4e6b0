/**
 * SDK client settings for the emulator. Credentials are set explicitly so no test ever
 * reads a developer's real profile, and the endpoint is always the local emulator.
 */
export const FAKE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

export interface EmulatorClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** moto answers S3 on its root path; virtual-host style would need DNS. */
  forcePathStyle: boolean;
}

export function clientConfig(endpoint: string, region: string): EmulatorClientConfig {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) {
    throw new Error(`refusing to talk to ${endpoint}: the emulator only listens on http://127.0.0.1:<port>`);
  }
  return { endpoint, region, credentials: { ...FAKE_CREDENTIALS }, forcePathStyle: true };
}

/** Environment for a drctl child process pointed at the emulator. */
export function emulatorEnv(endpoint: string, region = 'ap-southeast-1'): Record<string, string> {
  clientConfig(endpoint, region);
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    // Never fall back to instance metadata for credentials.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
