// A worker killed with SIGKILL in the middle of a delivery's retries loses nothing: the retry
// timer lives on the Temporal server, and a new worker process carries the delivery through.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { sequence, startReceiver, type Receiver } from '../support/receiver';
import { workerProcesses } from '../support/processes';

let api: TestHerald;
let receiver: Receiver;
const taskQueue = `crash-${randomUUID()}`;

const workers = workerProcesses(taskQueue);

beforeAll(async () => {
  api = await startTestHerald({ roles: { api: true, worker: false }, config: { taskQueue } });
  receiver = await startReceiver(sequence(503, 503));
});
afterAll(async () => {
  workers.killAll();
  await receiver.close();
  await api.stop();
});

it('delivers after the worker is killed -9 between retries', async () => {
  const admin = apiClient(api.url, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'crash', settings: { retrySchedule: [4, 4] } })).body;
  const app = apiClient(api.url, created.apiKey);
  await app('POST', `/v1/apps/${created.id}/endpoints`, { url: receiver.url, events: ['*'], guaranteed: true });

  const first = workers.start();
  await first.waitForOutput('worker running');
  expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'survivor', type: 'message.sent', data: { messageId: 'm1' } })).status).toBe(202);
  await receiver.waitFor(1);
  // Kill it once the first attempt is in the workflow's history and the retry timer is running
  // on the server: the crash falls between retries, where a day-long schedule spends its time.
  const handle = new Client({ connection: api.connection }).workflow.getHandle(`event/${created.id}/survivor`);
  await eventually(async () => {
    const history = await handle.fetchHistory();
    return history.events?.some((e) => e.timerStartedEventAttributes) ? true : undefined;
  });
  first.process.kill('SIGKILL');
  await first.exited;

  const second = workers.start();
  await second.waitForOutput('worker running');
  const got = await receiver.waitFor(3, 60_000);
  await handle.result();
  expect(receiver.requests).toHaveLength(3);
  expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);

  const view = await eventually(async () => {
    const v = (await app('GET', `/v1/apps/${created.id}/events/survivor`)).body;
    return v.status === 'completed' ? v : undefined;
  }, 30_000);
  expect(view.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
  second.process.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});

it('delivers after the worker is killed -9 inside the first round, while its POST is in flight', async () => {
  // The receiver holds the first request open: the worker dies with the local activity under way
  // and nothing of it in the workflow's history.
  const holding = await startReceiver((n, _request, res) => {
    if (n > 0) res.writeHead(200).end('ok');
  });
  try {
    const admin = apiClient(api.url, ADMIN_TOKEN);
    const created = (await admin('POST', '/v1/apps', { name: 'crash-first-round' })).body;
    const app = apiClient(api.url, created.apiKey);
    await app('POST', `/v1/apps/${created.id}/endpoints`, { url: holding.url, events: ['*'], guaranteed: true });

    const first = workers.start();
    await first.waitForOutput('worker running');
    expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'in-flight', type: 'message.sent', data: { messageId: 'm2' } })).status).toBe(202);
    await holding.waitFor(1);
    first.process.kill('SIGKILL');
    await first.exited;

    const second = workers.start();
    await second.waitForOutput('worker running');
    // The workflow task times out on the server and the new worker runs the first round again.
    const handle = new Client({ connection: api.connection }).workflow.getHandle(`event/${created.id}/in-flight`);
    await handle.result();
    expect(holding.requests).toHaveLength(2);
    expect(holding.requests[1].headers['webhook-id']).toBe(holding.requests[0].headers['webhook-id']);
    const view = (await app('GET', `/v1/apps/${created.id}/events/in-flight`)).body;
    expect(view).toMatchObject({ status: 'completed', deliveries: [expect.objectContaining({ status: 'delivered', lastStatusCode: 200 })] });
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  } finally {
    await holding.close();
  }
});
