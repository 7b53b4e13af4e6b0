/**
 * Starts drctl's local AWS emulator: moto's server with the harness's additions
 * (test/harness/moto/drctl_moto.py), on 127.0.0.1 only. No test framework imports, so
 * vitest setup, `npm run demo` and `npm run emulator` share it.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** moto, and dnslib for the load balancers' DNS server (lb_dns.py). */
const PIP_PACKAGES = ['moto[server]>=5.2,<5.3', 'dnslib>=0.9.26,<0.10'];
export const MOTO_INSTALL_COMMAND = `python3 -m pip install ${PIP_PACKAGES.map((p) => `'${p}'`).join(' ')}`;
const HARNESS = fileURLToPath(new URL('./moto/drctl_moto.py', import.meta.url));
const READY = /^DRCTL_EMULATOR_READY port=(\d+) dns=(\d+)$/m;

export interface EmulatorOptions {
  /** Port to listen on; default 0, a free port chosen by the OS. */
  port?: number;
  /** Seconds Route 53 changes stay PENDING before INSYNC; default 0. */
  route53PendingSeconds?: number;
  /** Python interpreter; default `python3`. */
  python?: string;
  /** How long to wait for the READY line, in ms; default 60 000. */
  startTimeoutMs?: number;
  /** Install moto with pip when it is missing; default true. */
  installIfMissing?: boolean;
}

/** One of the ARC cluster's five endpoints, as GET /_drctl/arc lists it. */
interface ArcEndpoint {
  Region: string;
  /** `http://127.0.0.1:<port>/v1` */
  Endpoint: string;
  port: number;
  /** null when up; `reset` drops connections unanswered, `unavailable` answers EndpointTemporarilyUnavailableException. */
  down: 'reset' | 'unavailable' | null;
  /** Requests it has received (dropped ones included). */
  calls: number;
}

interface ArcState {
  endpoints: ArcEndpoint[];
  routingControls: {
    RoutingControlArn: string;
    Name: string;
    ControlPanelArn: string;
    State: 'On' | 'Off';
  }[];
  safetyRules: { SafetyRuleArn: string; Name: string; Type: string; Threshold: number }[];
}

/** `up`; `down`: every Route 53 API call answers 503 ServiceUnavailable; `timeout`: it hangs first. */
export type Route53ControlPlane = 'up' | 'down' | 'timeout';

export interface Emulator {
  /** `http://127.0.0.1:<port>`: pass as `endpoint` to SDK clients or as AWS_ENDPOINT_URL. */
  endpoint: string;
  port: number;
  /**
   * `127.0.0.1:<port>`: a DNS server (UDP) answering each emulated load balancer's name
   * with the addresses TestDNSAnswer gives for an alias to it (verification.resolvers).
   */
  dnsServer: string;
  pid: number;
  /** Empties every moto backend and the harness's own Route 53 state. */
  reset(): Promise<void>;
  /** Sets harness behaviour at runtime. */
  configure(config: {
    route53PendingSeconds?: number;
    /** Route 53's control plane (every API call); DNS answers keep flowing either way. */
    route53ControlPlane?: Route53ControlPlane;
    /** How long a call hangs in `timeout` mode before its 503; default 30. */
    route53HangSeconds?: number;
  }): Promise<void>;
  /** Route 53 API calls (control plane) the emulator received since its last reset, failed ones included. */
  route53Calls(): Promise<number>;
  /** The ARC cluster: its five endpoints, routing control states and safety rules. */
  arc(): Promise<ArcState>;
  /** Takes ARC endpoint `index` (0..4) down or brings it back. */
  setArcEndpoint(o: { index: number; down: boolean; mode?: 'reset' | 'unavailable' }): Promise<void>;
  /** Whether Route 53's health checkers reach S3 in a region (its outage fails their checks). */
  setS3Reachable(o: { region: string; reachable: boolean }): Promise<void>;
  /**
   * Health DescribeTargetHealth reports for the registered targets of one target group
   * (of every one without an ARN): `healthy: false` is `unhealthy`, Target.FailedHealthChecks;
   * `state` names another state (initial, draining, unavailable...).
   */
  setTargetHealth(o: { targetGroupArn?: string; healthy: boolean; state?: string }): Promise<void>;
  /** Replaces the addresses a load balancer's name resolves to (AWS replacing its nodes). */
  setLoadBalancerNodes(o: { dnsName: string; ipv4: string[]; ipv6?: string[] }): Promise<void>;
  /**
   * Drives a stack into a state AWS can leave it in (UPDATE_ROLLBACK_FAILED, DELETE_FAILED,
   * REVIEW_IN_PROGRESS) with the stack event AWS writes, or (`failNextDelete`) makes its
   * next DeleteStack end DELETE_FAILED with its resources kept.
   */
  driveStack(o: {
    region: string;
    stackName: string;
    status?: 'UPDATE_ROLLBACK_FAILED' | 'DELETE_FAILED' | 'REVIEW_IN_PROGRESS';
    reason?: string;
    failNextDelete?: boolean;
  }): Promise<void>;
  /** Kills the emulator; safe to call more than once. */
  stop(): Promise<void>;
}

// One check (and at most one pip install) per interpreter per process.
const motoChecks = new Map<string, Promise<void>>();

async function motoVersionOk(python: string): Promise<boolean> {
  const probe =
    'import moto, sys; v = tuple(int(p) for p in moto.__version__.split(".")[:2]); ' +
    'import werkzeug, flask, flask_cors, dnslib; sys.exit(0 if (5, 2) <= v < (5, 3) else 3)';
  try {
    await execFileAsync(python, ['-c', probe], { timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** Makes sure moto 5.2.x is importable, installing it once per process if not. */
export function ensureMoto(python = 'python3', install = true): Promise<void> {
  const cached = motoChecks.get(python);
  if (cached) return cached;
  const check = (async () => {
    if (await motoVersionOk(python)) return;
    const failure = (detail: string) =>
      new Error(
        `moto 5.2.x (with its server extras) or dnslib is not importable by ${python}: ${detail}. Install it with: ${MOTO_INSTALL_COMMAND}`,
      );
    if (!install) throw failure('automatic install disabled');
    try {
      await execFileAsync(python, ['-m', 'pip', 'install', ...PIP_PACKAGES], { timeout: 600_000 });
    } catch (error) {
      throw failure(`pip install failed (${(error as Error).message.split('\n')[0]})`);
    }
    if (!(await motoVersionOk(python))) throw failure('still missing after pip install');
  })();
  motoChecks.set(python, check);
  // A failed check may be fixed by hand; let the next caller try again.
  check.catch(() => motoChecks.delete(python));
  return check;
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<{ port: number; dns: number }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`drctl emulator did not start: ${why}\n--- emulator stderr ---\n${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail(`no READY line within ${timeoutMs / 1000} s`), timeoutMs);
    const onStdout = (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = READY.exec(stdout);
      if (match) {
        cleanup();
        resolve({ port: Number(match[1]), dns: Number(match[2]) });
      }
    };
    const onStderr = (chunk: Buffer) => {
      // Keep the tail only: moto can be chatty, the error is at the end.
      stderr = (stderr + chunk.toString()).slice(-20_000);
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`the process exited (code ${code}, signal ${signal})`);
    const onError = (error: Error) => fail(error.message);
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onStdout);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', onStderr);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function post(url: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response;
}

async function waitUntilAnswering(endpoint: string, deadline: number): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/_drctl/health`);
      if (response.ok) return;
      lastError = new Error(`health answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`drctl emulator at ${endpoint} never answered: ${String(lastError)}`);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const python = options.python ?? 'python3';
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  await ensureMoto(python, options.installIfMissing ?? true);
  const deadline = Date.now() + timeoutMs;
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  if (options.route53PendingSeconds !== undefined) {
    env.DRCTL_EMULATOR_R53_PENDING_SECONDS = String(options.route53PendingSeconds);
  }
  // stdin stays an open pipe: the harness exits when it closes, so the emulator dies
  // with this Node process even on SIGKILL, when no exit handler runs.
  const child = spawn(python, [HARNESS, '--port', String(options.port ?? 0)], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const { port, dns } = await waitForReady(child, timeoutMs);
  const endpoint = `http://127.0.0.1:${port}`;
  const pid = child.pid!;
  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  // The pipes must not keep the test process alive, nor fill up unread.
  child.stdout?.resume();
  // DRCTL_EMULATOR_LOG=<file> keeps moto's log (tracebacks of its HTTP 500s) for debugging.
  const logFile = process.env.DRCTL_EMULATOR_LOG;
  if (logFile) child.stderr?.pipe(createWriteStream(logFile, { flags: 'a' }));
  else child.stderr?.resume();
  // Child pipes are net.Sockets at runtime, though typed as plain streams.
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as { unref?: () => void } | null)?.unref?.();
  child.unref();

  let stopped: Promise<void> | undefined;
  const emulator: Emulator = {
    endpoint,
    port,
    dnsServer: `127.0.0.1:${dns}`,
    pid,
    async reset() {
      await post(`${endpoint}/_drctl/reset`);
    },
    async configure(config) {
      await post(`${endpoint}/_drctl/config`, {
        r53PendingSeconds: config.route53PendingSeconds,
        route53ControlPlane: config.route53ControlPlane,
        route53HangSeconds: config.route53HangSeconds,
      });
    },
    async route53Calls() {
      const response = await post(`${endpoint}/_drctl/config`, {});
      return ((await response.json()) as { route53Calls: number }).route53Calls;
    },
    async arc() {
      const response = await fetch(`${endpoint}/_drctl/arc`);
      if (!response.ok) throw new Error(`${endpoint}/_drctl/arc answered ${response.status}`);
      return (await response.json()) as ArcState;
    },
    async setArcEndpoint(o) {
      await post(`${endpoint}/_drctl/arc-endpoint`, o);
    },
    async setS3Reachable(o) {
      await post(`${endpoint}/_drctl/s3-reachability`, o);
    },
    async setTargetHealth(o) {
      await post(`${endpoint}/_drctl/targets`, o);
    },
    async setLoadBalancerNodes(o) {
      await post(`${endpoint}/_drctl/lb-nodes`, o);
    },
    async driveStack(o) {
      await post(`${endpoint}/_drctl/stack-state`, o);
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        let hold: NodeJS.Timeout | undefined;
        const force = setTimeout(() => {
          child.kill('SIGKILL');
          // The child is unref'd: without a timer the event loop can empty before its exit
          // is seen, and a top-level `await stop()` then never settles (exit 13).
          hold = setTimeout(resolve, 5_000);
        }, 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          clearTimeout(hold);
          resolve();
        });
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          clearTimeout(force);
          resolve(); // already gone
        }
      });
      return stopped;
    },
  };
  try {
    await waitUntilAnswering(endpoint, deadline);
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return emulator;
}
