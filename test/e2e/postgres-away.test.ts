// PostgreSQL taken away under a running Herald (API and worker), on the ordinary suite: an
// embedded PostgreSQL of this file's own, in a process of its own, stopped and started again.
// While it is away /healthz says 503 and events are answered 503 with Retry-After (nothing is
// accepted that could be lost); once it is back, Herald answers again without a restart, and what
// it accepted before is still there, delivered once.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { freePort } from '../support/free-port';
import { startReceiver, type Receiver } from '../support/receiver';
import { postgresProcess, type PostgresProcess } from '../support/postgres-process';

let dataDir: string;
let postgres: PostgresProcess;
let herald: TestHerald;
let receiver: Receiver;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'herald-pg-away-'));
  // As root, PostgreSQL runs as the user "postgres", who must reach its folder.
  await chmod(dataDir, 0o755);
  postgres = postgresProcess(dataDir, await freePort());
  const databaseUrl = await postgres.start();
  herald = await startTestHerald({ databaseUrl });
  receiver = await startReceiver();
}, 120_000);
afterAll(async () => {
  await herald?.stop().catch(() => undefined);
  await receiver?.close();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('answers 503 while PostgreSQL is away, accepts nothing it could lose, and carries on when it is back', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'pg-away' })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  await api('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.sent'] });
  const post = (id: string) => fetch(`${herald.url}${base}/events`, { method: 'POST', headers: { authorization: `Bearer ${created.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ id, type: 'message.sent', data: { messageId: id } }) });
  expect((await post('before')).status).toBe(202);
  await new Client({ connection: herald.connection }).workflow.getHandle(`event/${created.id}/before`).result();

  await postgres.stop();
  await eventually(async () => ((await fetch(`${herald.url}/healthz`)).status === 503 ? true : undefined), 30_000);
  const refused = await post('during');
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');

  await postgres.start();
  await eventually(async () => ((await fetch(`${herald.url}/healthz`)).status === 200 ? true : undefined), 60_000);
  // Refused, so never stored: posted again, it is new.
  expect((await post('during')).status).toBe(202);
  await receiver.waitFor(2, 60_000);
  expect(receiver.requests.map((r) => JSON.parse(r.body).id)).toEqual(['before', 'during']);
  expect((await api('GET', `${base}/events/before`)).body).toMatchObject({ status: 'completed', deliveries: [expect.objectContaining({ status: 'delivered', attempts: 1 })] });
});
