// `herald dev` stopped and started again on the same HERALD_DATA_DIR loses nothing: apps,
// endpoints and events are in PostgreSQL's files, and a delivery waiting on its retry timer in the
// dev server's SQLite file carries on after the restart.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { apiClient, eventually } from '../support/herald';
import { freePort } from '../support/free-port';
import { killTree, runHerald, type Child } from '../support/processes';
import { sequence, startReceiver, type Receiver } from '../support/receiver';

let dataDir: string;
let receiver: Receiver;
let env: Record<string, string>;
const children: Child[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'herald-dev-'));
  receiver = await startReceiver(sequence(503));
  env = {
    HERALD_DATA_DIR: dataDir,
    HERALD_API_PORT: String(await freePort()),
    HERALD_TEMPORAL_PORT: String(await freePort()),
    HERALD_TEMPORAL_UI_PORT: String(await freePort()),
    HERALD_POSTGRES_PORT: String(await freePort()),
  };
});
afterAll(async () => {
  for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');

  await receiver.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function startDev(): Promise<Child> {
  const dev = runHerald('dev', env, { group: true });
  children.push(dev);
  await dev.waitForOutput('Herald is running', 90_000);
  return dev;
}

it('keeps apps, endpoints, events and a pending retry across a restart of the whole dev stack', async () => {
  const first = await startDev();
  expect(first.output()).toContain(`API            http://127.0.0.1:${env.HERALD_API_PORT}`);
  expect(first.output()).toContain(`Temporal UI    http://127.0.0.1:${env.HERALD_TEMPORAL_UI_PORT}`);
  const token = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
  expect(first.output()).toContain(`Admin token    ${token}`);

  const base = `http://127.0.0.1:${env.HERALD_API_PORT}`;
  const created = (await apiClient(base, token)('POST', '/v1/apps', { name: 'durable', settings: { retrySchedule: [8] } })).body;
  const app = apiClient(base, created.apiKey);
  const ep = (await app('POST', `/v1/apps/${created.id}/endpoints`, { url: receiver.url, events: ['*'], guaranteed: true })).body;
  expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'across', type: 'contact.unsubscribed', data: {} })).status).toBe(202);
  await receiver.waitFor(1);

  // Stop once the retry timer is on the server.
  const connection = await Connection.connect({ address: `127.0.0.1:${env.HERALD_TEMPORAL_PORT}` });
  const handle = new Client({ connection }).workflow.getHandle(`event/${created.id}/across`);
  await eventually(async () => ((await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes) ? true : undefined));
  await connection.close();
  first.process.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(first.output()).toContain('herald: stopped');

  await startDev();
  expect((await app('GET', `/v1/apps/${created.id}`)).status).toBe(200);
  expect((await app('GET', `/v1/apps/${created.id}/endpoints/${ep.id}`)).body.status).toBe('enabled');
  await receiver.waitFor(2, 60_000);
  const view = await eventually(async () => {
    const v = (await app('GET', `/v1/apps/${created.id}/events/across`)).body;
    return v.status === 'completed' ? v : undefined;
  });
  expect(view.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
  expect(receiver.requests[0].headers['webhook-id']).toBe(receiver.requests[1].headers['webhook-id']);

  // SIGINT to Herald, which stops its parts in order: a newcomer's screen shows the banner and a
  // quiet stop, no warnings, no dumps. (Ctrl-C reaches the Temporal dev server and PostgreSQL at
  // the same instant; what they say then is filtered out, see bin/embedded-postgres.ts.)
  const last = children[children.length - 1];
  const before = last.output().length;
  last.process.kill('SIGINT');
  expect(await last.exited).toBe(0);
  // The exit can be seen before the last of the output is read.
  await last.waitForOutput('herald: stopped', 10_000);
  const stopped = last.output().slice(before);
  expect(stopped).not.toMatch(/warn|idle PostgreSQL connection|"level":\s*(40|50)/i);
  expect(Math.max(...stopped.split('\n').map((l) => l.length))).toBeLessThan(300);
  // Nor did the start show any (Fastify's deprecation notices among them).
  expect(last.output().slice(0, before)).not.toMatch(/Warning|FSTDEP/);
  expect(last.output()).toContain(`Console        http://127.0.0.1:${env.HERALD_API_PORT}/console`);
});

it('loses nothing when the whole dev process tree is killed -9 with a retry pending', async () => {
  const flaky = await startReceiver(sequence(503));
  try {
    const first = await startDev();
    const token = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
    const base = `http://127.0.0.1:${env.HERALD_API_PORT}`;
    const created = (await apiClient(base, token)('POST', '/v1/apps', { name: 'killed', settings: { retrySchedule: [6] } })).body;
    const app = apiClient(base, created.apiKey);
    await app('POST', `/v1/apps/${created.id}/endpoints`, { url: flaky.url, events: ['*'], guaranteed: true });
    expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'killed-9', type: 'message.sent', data: { messageId: 'k' } })).status).toBe(202);
    await flaky.waitFor(1);
    const connection = await Connection.connect({ address: `127.0.0.1:${env.HERALD_TEMPORAL_PORT}` });
    const handle = new Client({ connection }).workflow.getHandle(`event/${created.id}/killed-9`);
    await eventually(async () => ((await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes) ? true : undefined));
    await connection.close();

    // Herald, the Temporal dev server and PostgreSQL all at once, with no chance to flush or stop.
    await killTree(first.process.pid!);
    await first.exited;

    const second = await startDev();
    await flaky.waitFor(2, 60_000);
    const view = await eventually(async () => {
      const v = (await app('GET', `/v1/apps/${created.id}/events/killed-9`)).body;
      return v.status === 'completed' ? v : undefined;
    });
    expect(view.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(flaky.requests[1].headers['webhook-id']).toBe(flaky.requests[0].headers['webhook-id']);
    second.process.kill('SIGINT');
    expect(await second.exited).toBe(0);
  } finally {
    await flaky.close();
  }
});
