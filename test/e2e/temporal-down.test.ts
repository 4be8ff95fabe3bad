// The API in front of a Temporal frontend that is really down: an event is kept and answered 503,
// /healthz says so, and once Temporal is back the API's sweeper starts it (and the same post,
// repeated, starts it too).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../bin/config';
import { startHerald, type RunningHerald } from '../../bin/start-herald';
import { createLocalTemporal, DEV_SERVER_ARGS } from '../../bin/infrastructure';
import { temporalCliExecutable } from '../../bin/temporal-binaries';
import { searchAttributeKeys } from '../../domain/search-attributes';
import { ADMIN_TOKEN, apiClient, eventually, testEnv } from '../support/herald';
import { freePort } from '../support/free-port';
import { memoryLog } from '../support/log';

let dir: string;
let port: number;
let temporal: TestWorkflowEnvironment | undefined;
let connection: NativeConnection;
let herald: RunningHerald;
const logged = memoryLog();

const startTemporal = () =>
  createLocalTemporal({
    server: {
      executable: temporalCliExecutable(),
      ip: '127.0.0.1',
      port,
      ui: false,
      dbFilename: path.join(dir, 'temporal.db'),
      searchAttributes: searchAttributeKeys,
      extraArgs: DEV_SERVER_ARGS,
      log: { format: 'pretty', level: 'error' },
    },
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-down-'));
  port = await freePort();
  temporal = await startTemporal();
  connection = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
  const env = testEnv();
  const config = loadConfig({}, {
    apiPort: 0, temporalAddress: `127.0.0.1:${port}`, databaseUrl: env.databaseUrl, encryptionKey: env.encryptionKey, adminToken: ADMIN_TOKEN,
    startSweepSeconds: 0.5,
  });
  herald = await startHerald({
    config, connection, databaseUrl: env.databaseUrl, encryptionKey: env.encryptionKey, adminToken: ADMIN_TOKEN,
    roles: { api: true, worker: false }, log: logged.log,
  });
});
afterAll(async () => {
  await herald?.stop();
  await connection?.close();
  await temporal?.teardown();
  await rm(dir, { recursive: true, force: true });
});

it('answers 503 with the event kept while Temporal is down; once it is back, the sweeper starts what nobody posted again', async () => {
  const admin = apiClient(herald.apiUrl!, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'down' })).body;
  const app = apiClient(herald.apiUrl!, created.apiKey);

  await temporal!.teardown();
  temporal = undefined;
  const body = { id: 'while-down', type: 'message.sent', data: { messageId: 'm' } };
  const refused = await app('POST', `/v1/apps/${created.id}/events`, body);
  expect(refused.status).toBe(503);
  expect(refused.body.error).toMatchObject({ code: 'temporal_unavailable', message: expect.stringMatching(/Herald starts it when Temporal answers/) });
  // Another, never posted again: the sweeper is all that will start it.
  expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'left-alone', type: 'message.sent', data: { messageId: 'm2' } })).status).toBe(503);
  expect((await app('GET', `/v1/apps/${created.id}/events/while-down`)).body).toMatchObject({ status: 'accepted', deliveries: [] });
  const health = await fetch(`${herald.apiUrl}/healthz`);
  expect(health.status).toBe(503);
  expect(((await health.json()) as { checks: { temporal: { ok: boolean } } }).checks.temporal.ok).toBe(false);
  expect(logged.entries()).toContainEqual(expect.objectContaining({ level: 50, msg: 'could not start the event workflow', eventId: 'while-down' }));

  temporal = await startTemporal();
  const status = await eventually(async () => {
    const res = await app('POST', `/v1/apps/${created.id}/events`, body);
    return res.status === 503 ? undefined : res.status;
  }, 60_000, 500);
  expect(status).toBe(200);
  const described = await temporal.client.workflow.getHandle(`event/${created.id}/while-down`).describe();
  expect(described.type).toBe('eventWorkflow');
  const swept = await eventually(async () => {
    try {
      return await temporal!.client.workflow.getHandle(`event/${created.id}/left-alone`).describe();
    } catch {
      return undefined;
    }
  }, 60_000, 250);
  expect(swept.type).toBe('eventWorkflow');
  // The sweeper says so once it has also crossed the event off, a moment after the start.
  await eventually(async () =>
    logged.entries().some((e) => e.msg === 'started an event whose first start had failed' && e.eventId === 'left-alone') ? true : undefined,
  );
  const { Pool } = await import('pg');
  const db = new Pool({ connectionString: testEnv().databaseUrl });
  await eventually(async () => ((await db.query('SELECT count(*)::int AS n FROM unstarted_events WHERE app_id = $1', [created.id])).rows[0].n === 0 ? true : undefined));
  await db.end();
});
