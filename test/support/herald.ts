// Herald's own processes (API and/or worker) started in this test process against the run's
// shared Temporal and PostgreSQL, on a task queue of their own so test files cannot see each
// other's workflows.
import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, type Config } from '../../bin/config';
import { startHerald, type HeraldRoles, type RunningHerald } from '../../bin/start-herald';
import { memoryLog, type MemoryLog } from './log';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export function testEnv() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through jest (test/support/global-setup.ts)`);
    return value;
  };
  return {
    temporalAddress: need('HERALD_TEST_TEMPORAL_ADDRESS'),
    databaseUrl: need('HERALD_TEST_DATABASE_URL'),
    encryptionKey: need('HERALD_TEST_ENCRYPTION_KEY'),
    bundlePath: need('HERALD_TEST_BUNDLE'),
  };
}

export interface TestHerald extends RunningHerald {
  url: string;
  /** What Herald logged (JSON lines, parsed). */
  logged: MemoryLog;
  config: Config;
  connection: NativeConnection;
}

export async function startTestHerald(
  options: { roles?: HeraldRoles; config?: Partial<Config>; extraCa?: string; databaseUrl?: string } = {},
): Promise<TestHerald> {
  const env = testEnv();
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const config = loadConfig(
    {},
    {
      apiPort: 0,
      taskQueue: `test-${randomUUID()}`,
      allowPrivateTargets: true,
      webhookTimeoutMs: 5000,
      temporalAddress: env.temporalAddress,
      databaseUrl: options.databaseUrl ?? env.databaseUrl,
      encryptionKey: env.encryptionKey,
      adminToken: ADMIN_TOKEN,
      ...options.config,
    },
  );
  const logged = memoryLog();
  const herald = await startHerald({
    log: logged.log,
    config,
    connection,
    databaseUrl: options.databaseUrl ?? env.databaseUrl,
    encryptionKey: env.encryptionKey,
    adminToken: ADMIN_TOKEN,
    roles: options.roles ?? { api: true, worker: true },
    workflowBundle: { codePath: env.bundlePath },
    extraCa: options.extraCa,
  });
  return {
    ...herald,
    url: herald.apiUrl ?? '',
    logged,
    config,
    connection,
    async stop() {
      await herald.stop();
      await connection.close();
    },
  };
}

/** A small JSON client for the API. */
export function apiClient(baseUrl: string, token: string) {
  return async function call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
