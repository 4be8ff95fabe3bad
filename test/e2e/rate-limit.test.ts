// An endpoint's rateLimit end to end, with two worker processes sharing the work: deliveries past
// the limit wait for their slot (no receiver sees more than the limit), every one arrives, and the
// same events' other endpoints are not held back.
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { workerProcesses } from '../support/processes';

const taskQueue = `rate-${randomUUID()}`;
const workers = workerProcesses(taskQueue);
let api: TestHerald;
const receivers: Receiver[] = [];

beforeAll(async () => {
  api = await startTestHerald({ roles: { api: true, worker: false }, config: { taskQueue } });
  const started = [workers.start(), workers.start()];
  await Promise.all(started.map((w) => w.waitForOutput('worker running')));
}, 60_000);
afterAll(async () => {
  workers.killAll();
  await Promise.all(receivers.map((r) => r.close()));
  await api.stop();
});

it('holds an endpoint to its rate across two workers, delivering every event in turn, while an unlimited endpoint gets them at once', async () => {
  const { body: created } = await apiClient(api.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'rate' });
  const app = apiClient(api.url, created.apiKey);
  const limited = await startReceiver();
  const free = await startReceiver();
  receivers.push(limited, free);
  const rate = 5;
  const endpoint = await app('POST', `/v1/apps/${created.id}/endpoints`, { url: limited.url, events: ['message.created'], rateLimit: rate });
  expect(endpoint.status).toBe(201);
  expect(endpoint.body.rateLimit).toBe(rate);
  await app('POST', `/v1/apps/${created.id}/endpoints`, { url: free.url, events: ['message.created'] });

  const n = 20;
  const startedAt = Date.now();
  const batch = await app('POST', `/v1/apps/${created.id}/events/batch`, {
    events: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, type: 'message.created', data: { messageId: `m${i}`, from: 'a', to: 'b', kind: 'text', body: `${i}` } })),
  });
  expect(batch.body.results.every((r: { status: number }) => r.status === 202)).toBe(true);

  // The unlimited endpoint is not held back by its neighbour's queue.
  await free.waitFor(n, 30_000);
  const freeDone = Date.now();
  expect(limited.requests.length).toBeLessThan(n);

  // The k-th delivery to the limited endpoint is never before its k-th slot: at most `rate` a second.
  await limited.waitFor(n, 60_000);
  const arrivals = limited.requests.map((r) => r.at).sort((a, b) => a - b);
  arrivals.forEach((at, k) => expect(at - startedAt).toBeGreaterThanOrEqual((k * 1000) / rate - 50));
  expect(new Set(limited.requests.map((r) => JSON.parse(r.body).id)).size).toBe(n);
  expect(arrivals[n - 1] - startedAt).toBeGreaterThanOrEqual(((n - 1) * 1000) / rate - 50);
  expect(freeDone).toBeLessThan(arrivals[n - 1]);

  // Every delivery ends delivered on its first attempt: waiting for a slot is not an attempt.
  await eventually(async () => {
    const { body } = await app('GET', `/v1/apps/${created.id}/events/r${n - 1}`);
    return body.deliveries.every((d: { status: string }) => d.status === 'delivered') ? true : undefined;
  });
  const attempts = await app('GET', `/v1/apps/${created.id}/events/r${n - 1}/attempts`);
  expect(attempts.body.data.filter((a: { endpointId: string }) => a.endpointId === endpoint.body.id).map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([[1, 200]]);
}, 120_000);

it('refuses a rate limit out of range, or on an ordered endpoint', async () => {
  const { body: created } = await apiClient(api.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'rate-bad' });
  const app = apiClient(api.url, created.apiKey);
  const tooHigh = await app('POST', `/v1/apps/${created.id}/endpoints`, { url: 'http://127.0.0.1:9/x', events: ['*'], rateLimit: 10_001 });
  expect(tooHigh.status).toBe(400);
  expect(tooHigh.body.error.details[0].path).toBe('/rateLimit');
  const ordered = await app('POST', `/v1/apps/${created.id}/endpoints`, { url: 'http://127.0.0.1:9/x', events: ['*'], rateLimit: 3, ordered: true });
  expect(ordered.status).toBe(400);
  expect(ordered.body.error.message).toMatch(/rateLimit does not apply to an ordered endpoint/);
});
