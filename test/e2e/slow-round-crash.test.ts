// A worker killed -9 while a receiver slower than the round's budget has not answered yet: the
// event's workflow never hears from that process, waits its time (twice the webhook timeout and
// some), and has the attempt made again by another worker, with the same webhook-id.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { workerProcesses } from '../support/processes';

let api: TestHerald;
let receiver: Receiver;
const taskQueue = `slow-crash-${randomUUID()}`;
/** The first request's answer, never given: its sender is killed first. */
const held: ServerResponse[] = [];
const WEBHOOK_TIMEOUT_MS = 3000;

const workers = workerProcesses(taskQueue, { HERALD_WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS) });

beforeAll(async () => {
  api = await startTestHerald({ roles: { api: true, worker: false }, config: { taskQueue } });
  receiver = await startReceiver((n, _r, res) => (n === 0 ? held.push(res) : res.writeHead(200).end('ok')));
});
afterAll(async () => {
  workers.killAll();
  for (const res of held) res.destroy();
  await receiver.close();
  await api.stop();
});

it('makes a slow first attempt again when the worker that sent it died before it answered', async () => {
  const admin = apiClient(api.url, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'slow-crash' })).body;
  const app = apiClient(api.url, created.apiKey);
  const endpoint = (await app('POST', `/v1/apps/${created.id}/endpoints`, { url: receiver.url, events: ['*'] })).body;

  const first = workers.start();
  await first.waitForOutput('worker running');
  expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'orphan', type: 'message.sent', data: { messageId: 'm1' } })).status).toBe(202);
  await receiver.waitFor(1);
  // The round has handed the attempt on (its delivery reads sending) and its workflow task is
  // done (the round's marker is in the history; killed before that, the round would simply run
  // again on the next worker): then the sender dies.
  const handle = new Client({ connection: api.connection }).workflow.getHandle(`event/${created.id}/orphan`);
  await eventually(async () => {
    const v = (await app('GET', `/v1/apps/${created.id}/events/orphan`)).body;
    return v.deliveries?.[0]?.status === 'sending' ? true : undefined;
  });
  await eventually(async () => ((await handle.fetchHistory()).events?.some((e) => e.markerRecordedEventAttributes) ? true : undefined));
  first.process.kill('SIGKILL');
  await first.exited;

  const second = workers.start();
  await second.waitForOutput('worker running');
  await handle.result();
  expect(receiver.requests).toHaveLength(2);
  expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
  const history = await handle.fetchHistory();
  expect(history.events?.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'finishRound')).toBe(true);
  const view = (await app('GET', `/v1/apps/${created.id}/events/orphan`)).body;
  expect(view.status).toBe('completed');
  expect(view.deliveries).toEqual([expect.objectContaining({ endpointId: endpoint.id, status: 'delivered', attempts: 1, lastStatusCode: 200 })]);
}, 90_000);
