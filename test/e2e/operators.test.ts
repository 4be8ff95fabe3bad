// The operators' tools on the dev server against real receivers: the events list and an
// endpoint's attempts log (newest first, filtered, paginated), and the simulator's probe.
import { Client } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { ensureRetentionSchedule, retentionScheduleId } from '../../worker/retention-schedule';

let herald: TestHerald;
const receivers: Receiver[] = [];

beforeAll(async () => {
  herald = await startTestHerald();
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await herald?.stop();
});

async function newApp(settings: object = {}) {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'operators', settings })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const client = new Client({ connection: herald.connection });
  return {
    api,
    base,
    key: created.apiKey as string,
    async post(id: string, type: string, data: object) {
      expect((await api('POST', `${base}/events`, { id, type, data })).status).toBe(202);
      await client.workflow.getHandle(`event/${created.id}/${id}`).result();
    },
  };
}

it("lists an app's events newest first, by type and status, page by page", async () => {
  const app = await newApp({ retrySchedule: [3600] });
  const down = await startReceiver((_n, _r, res) => res.writeHead(503).end('later'));
  receivers.push(down);
  await app.api('POST', `${app.base}/endpoints`, { url: down.url, events: ['message.read'], guaranteed: true });
  await app.post('e1', 'message.sent', { messageId: 'm1' });
  await app.post('e2', 'message.delivered', { messageId: 'm1' });
  // Its endpoint answers 503: it waits an hour for its retry, delivering.
  expect((await app.api('POST', `${app.base}/events`, { id: 'e3', type: 'message.read', data: { messageId: 'm1' } })).status).toBe(202);
  await down.waitFor(1);

  const list = async (query: string) => (await app.api('GET', `${app.base}/events${query}`)).body;
  const all = await list('');
  expect(all.data.map((e: { id: string }) => e.id)).toEqual(['e3', 'e2', 'e1']);
  const e3 = await eventually(async () => {
    const found = (await list('?status=delivering')).data;
    return found.length ? found : undefined;
  });
  expect(e3).toEqual([expect.objectContaining({ id: 'e3', type: 'message.read', status: 'delivering', deliveryCount: 1 })]);
  expect((await list('?type=message.sent')).data).toEqual([expect.objectContaining({ id: 'e1', status: 'completed', deliveryCount: 0 })]);

  const first = await list('?limit=2');
  expect(first.data.map((e: { id: string }) => e.id)).toEqual(['e3', 'e2']);
  const second = await list(`?limit=2&cursor=${first.nextCursor}`);
  expect(second).toEqual({ data: [expect.objectContaining({ id: 'e1' })] });
  const bad = await app.api('GET', `${app.base}/events?cursor=bm90LWEtY3Vyc29y`);
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual([expect.objectContaining({ in: 'querystring', path: '/cursor' })]);
});

it("shows an endpoint's attempts newest first, filtered by outcome, event type and time", async () => {
  const app = await newApp({ retrySchedule: [1] });
  const flaky = await startReceiver((n, _r, res) => res.writeHead(n === 0 ? 500 : 200).end(n === 0 ? 'boom' : 'ok'));
  receivers.push(flaky);
  const endpoint = (await app.api('POST', `${app.base}/endpoints`, { url: flaky.url, events: ['*'], guaranteed: true })).body;
  const before = new Date().toISOString();
  await app.post('a1', 'message.sent', { messageId: 'm1' });
  await app.post('a2', 'message.read', { messageId: 'm1' });

  const attempts = async (query = '') => (await app.api('GET', `${app.base}/endpoints/${endpoint.id}/attempts${query}`)).body;
  const all = await attempts();
  expect(all.data.map((a: { eventId: string; statusCode: number; attempt: number }) => [a.eventId, a.statusCode, a.attempt])).toEqual([
    ['a2', 200, 1],
    ['a1', 200, 2],
    ['a1', 500, 1],
  ]);
  expect(all.data[2]).toMatchObject({ eventType: 'message.sent', channel: 'webhook', responseExcerpt: 'boom', webhookId: expect.stringMatching(/^msg_/) });
  expect((await attempts('?status=failed')).data.map((a: { statusCode: number }) => a.statusCode)).toEqual([500]);
  expect((await attempts('?eventType=message.read')).data.map((a: { eventId: string }) => a.eventId)).toEqual(['a2']);
  expect((await attempts(`?until=${encodeURIComponent(before)}`)).data).toEqual([]);
  expect((await attempts(`?since=${encodeURIComponent(before)}`)).data).toHaveLength(3);
  const page = await attempts('?limit=2');
  expect((await attempts(`?limit=2&cursor=${page.nextCursor}`)).data.map((a: { statusCode: number }) => a.statusCode)).toEqual([500]);
  expect((await app.api('GET', `${app.base}/endpoints/ep_nope/attempts`)).status).toBe(404);
  expect((await app.api('GET', `${app.base}/endpoints/${endpoint.id}/attempts?since=0000-01-01T00:00:00Z`)).status).toBe(400);
  // An offset the date-time format allows and PostgreSQL does not (found by the fuzzer): read in UTC.
  expect((await attempts(`?since=${encodeURIComponent('2026-01-01T00:00:00.6+20:27')}`)).data).toHaveLength(3);
});

it('probes an endpoint with a signed sample of the type asked for, and says what happened', async () => {
  const app = await newApp();
  const receiver = await startReceiver((_n, _r, res) => res.writeHead(201).end('thanks'));
  receivers.push(receiver);
  const endpoint = (await app.api('POST', `${app.base}/endpoints`, { url: receiver.url, events: ['message.created'] })).body;
  const probe = await app.api('POST', `${app.base}/endpoints/${endpoint.id}/test`, { type: 'message.created' });
  expect(probe).toEqual({ status: 200, body: { statusCode: 201, latencyMs: expect.any(Number), responseExcerpt: 'thanks', webhookId: expect.stringMatching(/^msg_test_/) } });
  const [got] = receiver.requests;
  expect(new Webhook(endpoint.secret).verify(got.body, got.headers as Record<string, string>)).toMatchObject({
    type: 'message.created', data: { messageId: 'msg-1001', from: 'user-7', to: 'user-42', kind: 'text' },
  });
  // Nothing recorded: a probe is not a delivery.
  expect((await app.api('GET', `${app.base}/endpoints/${endpoint.id}/attempts`)).body.data).toEqual([]);

  const gone = (await app.api('POST', `${app.base}/endpoints`, { url: 'http://127.0.0.1:9/hook', events: ['*'] })).body;
  expect((await app.api('POST', `${app.base}/endpoints/${gone.id}/test`, { type: 'user.online' })).body).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED/) });
  expect((await app.api('POST', `${app.base}/endpoints/${endpoint.id}/test`, { type: 'no.such' })).status).toBe(400);
});

it('counts what it accepts and delivers in Prometheus text at /metrics, for the admin token alone on the API port', async () => {
  const app = await newApp();
  expect((await fetch(`${herald.url}/metrics`)).status).toBe(401);
  expect((await fetch(`${herald.url}/metrics`, { headers: { authorization: `Bearer ${app.key}` } })).status).toBe(403);
  const admin = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
  const receiver = await startReceiver();
  receivers.push(receiver);
  await app.api('POST', `${app.base}/endpoints`, { url: receiver.url, events: ['*'] });
  const value = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? 0);
  const scrape = async () => (await fetch(`${herald.url}/metrics`, admin)).text();
  const before = await scrape();
  await app.post('p1', 'message.sent', { messageId: 'm1' });
  await app.post('p2', 'message.sent', { messageId: 'm2' });
  const response = await fetch(`${herald.url}/metrics`, admin);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const after = await response.text();
  expect(value(after, 'herald_events_received_total{type="message.sent"}') - value(before, 'herald_events_received_total{type="message.sent"}')).toBe(2);
  const delivered = 'herald_delivery_attempts_total{channel="webhook",outcome="delivered"}';
  expect(value(after, delivered) - value(before, delivered)).toBe(2);
  expect(value(after, 'herald_delivery_attempt_seconds_count{channel="webhook"}')).toBeGreaterThanOrEqual(2);
  expect(after).toContain('herald_events_in_flight');
  expect(after).toContain('herald_process_resident_memory_bytes');
});

it('serves /metrics without a token on HERALD_METRICS_PORT, on loopback', async () => {
  const other = await startTestHerald({ config: { metricsPort: 0 } });
  try {
    expect(other.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(other.metricsUrl!);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('herald_events_in_flight');
    expect((await fetch(`${other.url}/metrics`)).status).toBe(401);
  } finally {
    await other.stop();
  }
});

it("sums up an app's window beside its thresholds: delivery success, webhook failure rate, coverage, credentials' expiry", async () => {
  const app = await newApp();
  const ok = await startReceiver();
  const refusing = await startReceiver((_n, _r, res) => res.writeHead(400).end('bad'));
  receivers.push(ok, refusing);
  await app.api('POST', `${app.base}/endpoints`, { url: ok.url, events: ['message.sent'] });
  await app.api('POST', `${app.base}/endpoints`, { url: refusing.url, events: ['message.sent'] });
  const { generateKeyPairSync } = await import('node:crypto');
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const inTenDays = new Date(Date.now() + 10 * 86_400_000 - 3_600_000).toISOString();
  const credential = (await app.api('POST', `${app.base}/push-credentials`, {
    platform: 'fcm', name: 'android', expiresAt: inTenDays,
    serviceAccount: { type: 'service_account', project_id: 'p', client_email: 'h@p.iam.gserviceaccount.com', private_key: privateKey, token_uri: 'https://oauth2.googleapis.com/token' },
  })).body;
  await app.post('s1', 'message.sent', { messageId: 'm1' });
  await app.post('s2', 'message.sent', { messageId: 'm2' });
  await app.post('s3', 'message.read', { messageId: 'm1' });

  const stats = (await app.api('GET', `${app.base}/stats?window=1h`)).body;
  expect(stats).toMatchObject({
    window: '1h',
    events: 3,
    deliverySuccess: { percent: 50, delivered: 2, ended: 4, threshold: 95, breached: true },
    webhookFailureRate: { percent: 50, failed: 2, attempts: 4, threshold: 2, breached: true },
    coverage: { percent: 50, typesReceived: ['message.read', 'message.sent'], withoutSubscriber: ['message.read'] },
    credentials: [{ id: credential.id, name: 'android', platform: 'fcm', daysToExpiry: 10, threshold: 30, breached: true }],
  });
  expect((await app.api('GET', `${app.base}/stats`)).body.window).toBe('24h');
  expect((await app.api('GET', `${app.base}/stats?window=1w`)).status).toBe(400);
});

it('keeps a retention schedule per task queue: hourly, never two runs at once', async () => {
  const schedule = await new Client({ connection: herald.connection }).schedule.getHandle(retentionScheduleId(herald.config.taskQueue)).describe();
  expect(schedule.spec.intervals).toEqual([expect.objectContaining({ every: 3_600_000 })]);
  expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: herald.config.taskQueue });
  expect(schedule.policies.overlap).toBe('SKIP');
  // No argument: a schedule's arguments are payloads sealed once under the payload key of the day.
  expect(schedule.action).toMatchObject({ args: [] });
});

it('drops the argument of a retention schedule made before, keeping what the operator changed', async () => {
  const client = new Client({ connection: herald.connection });
  const taskQueue = `old-schedule-${Date.now()}`;
  const handle = await client.schedule.create({
    scheduleId: retentionScheduleId(taskQueue),
    spec: { intervals: [{ every: '2 hours' }] },
    action: { type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue, args: [{}], workflowId: `retention/${taskQueue}` },
    state: { paused: true },
  });
  try {
    await ensureRetentionSchedule(client, taskQueue);
    const after = await handle.describe();
    expect(after.action).toMatchObject({ args: [] });
    expect(after.spec.intervals).toEqual([expect.objectContaining({ every: 7_200_000 })]);
    expect(after.state.paused).toBe(true);
  } finally {
    await handle.delete();
  }
});

it('replays an event to an endpoint that now answers: a new delivery under a new webhook-id, beside the first', async () => {
  const app = await newApp();
  let answer = 500;
  const receiver = await startReceiver((_n, _r, res) => res.writeHead(answer).end());
  receivers.push(receiver);
  // One attempt each (chat-api's mode): the first round's failure is final, so the event ends.
  const endpoint = (await app.api('POST', `${app.base}/endpoints`, { url: receiver.url, events: ['message.sent'], guaranteed: false })).body;
  const other = (await app.api('POST', `${app.base}/endpoints`, { url: receiver.url.replace('127.0.0.1', 'localhost'), events: ['message.sent'], guaranteed: false })).body;
  await app.post('r1', 'message.sent', { messageId: 'm1' });
  expect(receiver.requests).toHaveLength(2);

  answer = 200;
  const replayed = await app.api('POST', `${app.base}/events/r1/replay`, { endpointId: endpoint.id });
  expect(replayed).toEqual({ status: 202, body: { replayId: expect.stringMatching(/^rp_/), workflowId: expect.stringMatching(/^replay\//) } });
  await new Client({ connection: herald.connection }).workflow.getHandle(replayed.body.workflowId).result();
  // Only the endpoint named, once more, signed as a new message.
  expect(receiver.requests).toHaveLength(3);
  const [first, , again] = receiver.requests;
  expect(again.headers['webhook-id']).not.toBe(first.headers['webhook-id']);
  expect(new Webhook(endpoint.secret).verify(again.body, again.headers as Record<string, string>)).toMatchObject({ id: 'r1', type: 'message.sent' });
  const view = (await app.api('GET', `${app.base}/events/r1`)).body;
  expect(view.deliveries.filter((d: { endpointId: string }) => d.endpointId === endpoint.id)).toEqual([
    expect.objectContaining({ status: 'failed', lastStatusCode: 500 }),
    expect.objectContaining({ replayId: replayed.body.replayId, status: 'delivered', lastStatusCode: 200 }),
  ]);
  const log = (await app.api('GET', `${app.base}/endpoints/${endpoint.id}/attempts`)).body.data;
  expect(log.map((a: { statusCode: number }) => a.statusCode)).toEqual([200, 500]);
  expect((await app.api('GET', `${app.base}/endpoints/${other.id}/attempts`)).body.data).toHaveLength(1);

  // All its endpoints when none is named; refusals say what is wrong.
  // No body at all (curl -X POST) is fine too.
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('GET', app.base)).body;
  const noBody = await fetch(`${herald.url}${app.base}/events/r1/replay`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect({ status: noBody.status, app: created.id, body: noBody.status === 202 ? undefined : await noBody.clone().text() }).toEqual({ status: 202, app: created.id, body: undefined });
  const all = { body: (await noBody.json()) as { workflowId: string } };
  await new Client({ connection: herald.connection }).workflow.getHandle(all.body.workflowId).result();
  expect(receiver.requests).toHaveLength(5);
  expect((await app.api('POST', `${app.base}/events/nope/replay`, {})).status).toBe(404);
  expect((await app.api('POST', `${app.base}/events/r1/replay`, { endpointId: 'ep_nope' })).status).toBe(404);
  await app.api('POST', `${app.base}/endpoints/${other.id}/disable`);
  expect((await app.api('POST', `${app.base}/events/r1/replay`, { endpointId: other.id })).body.error).toMatchObject({ code: 'endpoint_disabled' });
});
