// Recover on the dev server: every event received since an instant whose delivery to an endpoint
// failed is delivered to it again, a bounded number at a time, by a workflow that carries on
// through a worker killed -9 in the middle.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { workerProcesses } from '../support/processes';

let api: TestHerald;
let receiver: Receiver;
const taskQueue = `recover-${randomUUID()}`;

// Down (500) until told otherwise; once up, each answer takes 250 ms, so a recovery is under way
// long enough to be interrupted. It notes how many requests it holds at once.
let up = false;
let open = 0;
let mostOpen = 0;

const workers = workerProcesses(taskQueue);

beforeAll(async () => {
  api = await startTestHerald({ roles: { api: true, worker: false }, config: { taskQueue } });
  receiver = await startReceiver((_n, _r, res) => {
    if (!up) return void res.writeHead(500).end('down');
    open++;
    mostOpen = Math.max(mostOpen, open);
    setTimeout(() => {
      open--;
      res.writeHead(200).end('ok');
    }, 250);
  });
});
afterAll(async () => {
  workers.killAll();
  await receiver.close();
  await api.stop();
});

it('delivers every failed event since then again, at most `concurrency` at once, through a worker killed -9', async () => {
  const admin = apiClient(api.url, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'recover' })).body;
  const app = apiClient(api.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  // Not guaranteed: one attempt each, failed, and the endpoint stays enabled.
  const endpoint = (await app('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.sent'], guaranteed: false })).body;
  const secret = (await app('GET', `${base}/endpoints/${endpoint.id}/secret`)).body.secret;
  const client = new Client({ connection: api.connection });

  const first = workers.start();
  await first.waitForOutput('worker running');
  const post = async (id: string) => {
    expect((await app('POST', `${base}/events`, { id, type: 'message.sent', data: { messageId: id } })).status).toBe(202);
    await client.workflow.getHandle(`event/${created.id}/${id}`).result();
  };
  await post('before');
  await new Promise((r) => setTimeout(r, 20));
  const since = new Date().toISOString();
  const ids = Array.from({ length: 12 }, (_, i) => `lost-${i}`);
  for (const id of ids) await post(id);
  expect(receiver.requests).toHaveLength(13);

  up = true;
  const started = await app('POST', `${base}/endpoints/${endpoint.id}/recover`, { since, concurrency: 2 });
  expect(started.status).toBe(202);
  expect(started.body).toEqual({ id: expect.stringMatching(/^rcv_/), workflowId: `recover/${created.id}/${endpoint.id}/${started.body.id}` });
  const progress = () => app('GET', `${base}/endpoints/${endpoint.id}/recover/${started.body.id}`).then((r) => r.body);

  // Killed with some delivered again and the rest still to go.
  await receiver.waitFor(13 + 4, 60_000);
  first.process.kill('SIGKILL');
  await first.exited;
  const midway = await progress();
  expect(midway).toEqual(expect.objectContaining({ status: 'running', endpointId: endpoint.id, since }));
  expect(midway.delivered).toBeLessThan(12);

  const second = workers.start();
  await second.waitForOutput('worker running');
  const done = await eventually(async () => {
    const p = await progress();
    return p.status === 'completed' ? p : undefined;
  }, 90_000);
  expect(done).toEqual(expect.objectContaining({ found: 12, delivered: 12, failed: 0, completedAt: expect.any(String) }));

  // Each lost event arrived again (at least once: a POST cut by the kill may be made twice),
  // signed, under the webhook-id it first went under (a receiver that got it dedupes it); the
  // event from before `since` was not sent again.
  const again = receiver.requests.slice(13).map((r) => ({ body: new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { id: string }, webhookId: r.headers['webhook-id'] }));
  expect(new Set(again.map((a) => a.body.id))).toEqual(new Set(ids));
  const firstIdOf = new Map(receiver.requests.slice(0, 13).map((r) => [JSON.parse(r.body).id as string, r.headers['webhook-id']]));
  for (const a of again) expect(a.webhookId).toBe(firstIdOf.get(a.body.id));
  expect(mostOpen).toBeLessThanOrEqual(2);

  // The event view shows the recovered delivery beside the failed one.
  const view = (await app('GET', `${base}/events/lost-0`)).body;
  expect(view.deliveries).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ endpointId: endpoint.id, status: 'failed' }),
      expect.objectContaining({ endpointId: endpoint.id, replayId: started.body.id, status: 'delivered' }),
    ]),
  );
  // A second recovery finds nothing left to do.
  const again2 = (await app('POST', `${base}/endpoints/${endpoint.id}/recover`, { since })).body;
  const nothing = await eventually(async () => {
    const p = (await app('GET', `${base}/endpoints/${endpoint.id}/recover/${again2.id}`)).body;
    return p.status === 'completed' ? p : undefined;
  }, 60_000);
  expect(nothing).toEqual(expect.objectContaining({ found: 0, delivered: 0 }));
});

it('refuses a recovery from the future, of a disabled endpoint, and of an unknown one', async () => {
  const admin = apiClient(api.url, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'recover-bad' })).body;
  const app = apiClient(api.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const endpoint = (await app('POST', `${base}/endpoints`, { url: receiver.url, events: ['*'] })).body;
  const future = await app('POST', `${base}/endpoints/${endpoint.id}/recover`, { since: new Date(Date.now() + 3_600_000).toISOString() });
  expect(future.status).toBe(400);
  expect(future.body.error.details).toEqual([expect.objectContaining({ in: 'body', path: '/since' })]);
  const missing = await app('POST', `${base}/endpoints/${endpoint.id}/recover`, {});
  expect(missing.status).toBe(400);
  await app('POST', `${base}/endpoints/${endpoint.id}/disable`);
  const disabled = await app('POST', `${base}/endpoints/${endpoint.id}/recover`, { since: new Date().toISOString() });
  expect(disabled.status).toBe(409);
  expect((await app('POST', `${base}/endpoints/ep_nope/recover`, { since: new Date().toISOString() })).status).toBe(404);
  expect((await app('GET', `${base}/endpoints/${endpoint.id}/recover/rcv_nope`)).status).toBe(404);
});
