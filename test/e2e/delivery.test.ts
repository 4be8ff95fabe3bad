// End to end on real parts: the Temporal dev server, PostgreSQL, Herald's worker and API (in this
// process), and HTTP receivers on loopback.
import { Webhook } from 'standardwebhooks';
import { Client } from '@temporalio/client';
import { SearchAttributeType, defaultPayloadConverter, defineSearchAttributeKey } from '@temporalio/common';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { answer, sequence, startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
let admin: ReturnType<typeof apiClient>;
const receivers: Receiver[] = [];

beforeAll(async () => {
  herald = await startTestHerald();
  admin = apiClient(herald.url, ADMIN_TOKEN);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await herald.stop();
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function newApp(settings: object = {}) {
  const { body } = await admin('POST', '/v1/apps', { name: 'e2e', settings });
  return { id: body.id as string, api: apiClient(herald.url, body.apiKey) };
}

async function newEndpoint(app: Awaited<ReturnType<typeof newApp>>, url: string, extra: object = {}) {
  const res = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url, events: ['*'], ...extra });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

/** Waits for the event's workflow to finish: past that point no attempt can be made for it. */
async function finished(app: { id: string }, eventId: string) {
  return new Client({ connection: herald.connection }).workflow.getHandle(`event/${app.id}/${eventId}`).result();
}

const message = (n: number) => ({ messageId: `m${n}`, from: 'alice', to: 'bob', kind: 'text', body: `hello ${n}` });

async function eventView(app: Awaited<ReturnType<typeof newApp>>, id: string) {
  return (await app.api('GET', `/v1/apps/${app.id}/events/${id}`)).body;
}

it('delivers a signed webhook that standardwebhooks verifies, with the contract body', async () => {
  const app = await newApp();
  const r = await receiver();
  const ep = await newEndpoint(app, r.url);
  const res = await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'first', type: 'message.created', data: message(1), occurredAt: '2026-11-22T10:00:00Z' });
  expect(res).toEqual({ status: 202, body: { id: 'first', workflowId: `event/${app.id}/first` } });

  const [got] = await r.waitFor(1);
  expect(got.headers['content-type']).toBe('application/json');
  const verified = new Webhook(ep.secret).verify(got.body, got.headers as Record<string, string>);
  expect(verified).toEqual({ id: 'first', type: 'message.created', timestamp: '2026-11-22T10:00:00.000Z', data: message(1) });
  expect(got.headers['webhook-id']).toMatch(/^msg_/);
  expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);

  const view = await eventually(async () => {
    const v = await eventView(app, 'first');
    return v.status === 'completed' ? v : undefined;
  });
  expect(view.deliveries).toEqual([
    expect.objectContaining({ endpointId: ep.id, channel: 'webhook', target: r.url, status: 'delivered', attempts: 1, lastStatusCode: 200 }),
  ]);
  const attempts = (await app.api('GET', `/v1/apps/${app.id}/events/first/attempts`)).body.data;
  expect(attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200, responseExcerpt: 'ok', webhookId: got.headers['webhook-id'] })]);
});

it('delivers a repeated event id once', async () => {
  const app = await newApp();
  const r = await receiver();
  await newEndpoint(app, r.url);
  const body = { id: 'dup', type: 'user.online', data: { userId: 'u1' } };
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await app.api('POST', `/v1/apps/${app.id}/events`, body)).status);
  expect(statuses).toEqual([202, 200, 200]);
  await finished(app, 'dup');
  expect((await app.api('POST', `/v1/apps/${app.id}/events`, body)).status).toBe(200);
  // A second workflow would have had to start under the same id; there is still only the first.
  const client = new Client({ connection: herald.connection });
  const runs = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = 'event/${app.id}/dup'` })) runs.push(w.runId);
  expect(runs).toHaveLength(1);
  expect(r.requests).toHaveLength(1);
});

it('starts one workflow and makes one delivery for the same event id posted 20 times at once', async () => {
  const app = await newApp();
  const r = await receiver();
  await newEndpoint(app, r.url);
  const body = { id: 'burst', type: 'message.sent', data: { messageId: 'm-burst' } };
  const statuses = await Promise.all(Array.from({ length: 20 }, () => app.api('POST', `/v1/apps/${app.id}/events`, body).then((res) => res.status)));
  expect(statuses.filter((s) => s === 202)).toHaveLength(1);
  expect(statuses.filter((s) => s === 200)).toHaveLength(19);
  const result = (await finished(app, 'burst')) as { deliveries: unknown[] };
  expect(result.deliveries).toHaveLength(1);
  const client = new Client({ connection: herald.connection });
  await eventually(async () => {
    const runs = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = 'event/${app.id}/burst'` })) runs.push(w.runId);
    return runs.length === 1 ? true : undefined;
  });
  expect(r.requests).toHaveLength(1);
  const view = await eventView(app, 'burst');
  expect(view.deliveries).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
});

it('fans out to every subscribed endpoint and only those', async () => {
  const app = await newApp();
  const [a, b, c] = [await receiver(), await receiver(), await receiver()];
  await newEndpoint(app, a.url, { events: ['message.created'] });
  await newEndpoint(app, b.url, { events: ['*'] });
  await newEndpoint(app, c.url, { events: ['user.online'] });
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'fan', type: 'message.created', data: message(2) });
  await Promise.all([a.waitFor(1), b.waitFor(1)]);
  const view = await eventually(async () => {
    const v = await eventView(app, 'fan');
    return v.status === 'completed' ? v : undefined;
  });
  expect(view.deliveries).toHaveLength(2);
  expect(a.requests[0].headers['webhook-id']).toBe(b.requests[0].headers['webhook-id']);
  expect(c.requests).toHaveLength(0);
});

it('retries a guaranteed endpoint until a flaky receiver succeeds on the third attempt, same webhook-id each time', async () => {
  const app = await newApp({ retrySchedule: [1, 1, 1] });
  const r = await receiver(sequence(503, 500));
  await newEndpoint(app, r.url, { guaranteed: true });
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'flaky', type: 'message.delivered', data: { messageId: 'm1' } });
  const got = await r.waitFor(3);
  expect(new Set(got.map((g) => g.headers['webhook-id'])).size).toBe(1);
  const view = await eventually(async () => {
    const v = await eventView(app, 'flaky');
    return v.status === 'completed' ? v : undefined;
  });
  expect(view.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
  const attempts = (await app.api('GET', `/v1/apps/${app.id}/events/flaky/attempts`)).body.data;
  expect(attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 500, 200]);
});

it('tries a non-guaranteed endpoint once, does not retry a permanent 4xx, and says at a glance how the event ended', async () => {
  const app = await newApp({ retrySchedule: [1, 1] });
  const flaky = await receiver(sequence(503));
  const bad = await receiver(answer(422));
  await newEndpoint(app, flaky.url, { guaranteed: false, events: ['message.read'] });
  await newEndpoint(app, bad.url, { guaranteed: true });
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'once', type: 'message.read', data: { messageId: 'm1' } });
  await finished(app, 'once');
  const view = await eventView(app, 'once');
  expect(view.status).toBe('failed');
  expect(view.deliveries.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
    ['failed', 1],
    ['failed', 1],
  ]);
  expect(flaky.requests).toHaveLength(1);
  expect(bad.requests).toHaveLength(1);

  // One delivered, one refused: completed, with failures; filtered so in the list.
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'mixed', type: 'message.read', data: { messageId: 'm2' } });
  await finished(app, 'mixed');
  expect((await eventView(app, 'mixed')).status).toBe('completed_with_failures');
  // The Temporal UI's page of the event says the same first.
  const page = await new Client({ connection: herald.connection }).workflow.getHandle(`event/${app.id}/mixed`).query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  expect(page.currentDetails?.split('\n')[0]).toBe('Status: completed_with_failures (1 of 2 deliveries failed)');
  const listed = (await app.api('GET', `/v1/apps/${app.id}/events?status=completed_with_failures`)).body.data;
  expect(listed.map((e: { id: string }) => e.id)).toEqual(['mixed']);
});

it('disables an endpoint that answers 410, sends it nothing more, and delivers again once re-enabled', async () => {
  const app = await newApp();
  let gone = true;
  const r = await receiver((_n, _req, res) => res.writeHead(gone ? 410 : 200).end());
  const ep = await newEndpoint(app, r.url, { guaranteed: true });
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'g1', type: 'user.offline', data: { userId: 'u1' } });
  const disabled = await eventually(async () => {
    const e = (await app.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}`)).body;
    return e.status === 'disabled' ? e : undefined;
  });
  expect(disabled.disabledReason).toMatch(/HTTP 410/);

  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'g2', type: 'user.offline', data: { userId: 'u1' } });
  await eventually(async () => ((await eventView(app, 'g2')).status === 'completed' ? true : undefined));
  expect((await eventView(app, 'g2')).deliveries).toEqual([]);
  expect(r.requests).toHaveLength(1);

  gone = false;
  expect((await app.api('POST', `/v1/apps/${app.id}/endpoints/${ep.id}/enable`)).body.status).toBe('enabled');
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'g3', type: 'user.offline', data: { userId: 'u1' } });
  await r.waitFor(2);
  expect(JSON.parse(r.requests[1].body).id).toBe('g3');
});

it('answers a receiver that never responds with a timeout, logged as the attempt error', async () => {
  const app = await newApp({ retrySchedule: [] });
  const r = await receiver(() => undefined); // holds the request open
  await newEndpoint(app, r.url);
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'hang', type: 'instance.status', data: {} });
  const view = await eventually(async () => {
    const v = await eventView(app, 'hang');
    return v.status === 'failed' ? v : undefined;
  }, 20_000);
  expect(view.deliveries[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/no response within 5000 ms/) });
});

it('speaks mesibo and MQTT chat to endpoints that choose them, signed the same way', async () => {
  const app = await newApp();
  const [m, q] = [await receiver(), await receiver()];
  const mesibo = await newEndpoint(app, m.url, { events: undefined, eventMask: '0x30', format: 'mesibo', formatOptions: { mesiboSecret: 'shared' } });
  const mqtt = await newEndpoint(app, q.url, { events: ['user.online'], format: 'mqttchat' });
  expect((await app.api('GET', `/v1/apps/${app.id}/endpoints/${mesibo.id}`)).body).toMatchObject({ events: ['user.online', 'user.offline'], format: 'mesibo' });

  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'fmt', type: 'user.online', data: { userId: 'u42' }, occurredAt: '2026-11-22T10:00:00Z' });
  const [[form], [json]] = await Promise.all([m.waitFor(1), q.waitFor(1)]);

  expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(Object.fromEntries(new URLSearchParams(form.body))).toEqual({ secret: 'shared', aid: app.id, uid: 'u42', e: '16' });
  const expected = new Webhook(mesibo.secret).sign(
    form.headers['webhook-id'] as string,
    new Date(Number(form.headers['webhook-timestamp']) * 1000),
    form.body,
  );
  expect(form.headers['webhook-signature']).toBe(expected);

  expect(JSON.parse(json.body)).toEqual({ userid: 'u42', status: 'online', timestamp: Date.parse('2026-11-22T10:00:00Z') / 1000 });
  expect(() => new Webhook(mqtt.secret).verify(json.body, json.headers as Record<string, string>)).not.toThrow();
});

it('makes each event findable in the Temporal UI: id, search attributes, summaries naming the endpoint', async () => {
  const app = await newApp({ retrySchedule: [1] });
  const r = await receiver(sequence(500));
  const endpoint = await newEndpoint(app, r.url, { guaranteed: true });
  await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'visible', type: 'message.sent', data: { messageId: 'm1' } });
  await r.waitFor(2);
  const client = new Client({ connection: herald.connection });
  const handle = client.workflow.getHandle(`event/${app.id}/visible`);
  await handle.result();

  const description = await handle.describe();
  expect(description.typedSearchAttributes.get(defineSearchAttributeKey('HeraldAppId', SearchAttributeType.KEYWORD))).toBe(app.id);
  expect(description.typedSearchAttributes.get(defineSearchAttributeKey('HeraldEventType', SearchAttributeType.KEYWORD))).toBe('message.sent');
  expect(await description.staticSummary()).toBe('message.sent · event visible');

  // The retry's timer and attempt carry summaries that name the endpoint: its id and host, never
  // its path or query (where tokens live; summaries stay in clear when payloads are encrypted).
  const summaries = (await handle.fetchHistory()).events!
    .map((e) => e.userMetadata?.summary)
    .filter((s): s is NonNullable<typeof s> => !!s)
    .map((s) => defaultPayloadConverter.fromPayload<string>(s as never));
  expect(summaries).toEqual(expect.arrayContaining([`wait before attempt 2 to ${endpoint.id} (${new URL(r.url).host})`, `attempt 2 to ${endpoint.id} (${new URL(r.url).host})`]));

  // And the visibility store finds it by those attributes, as the UI's filter does.
  const found = await eventually(async () => {
    const { count } = await client.workflow.count(`HeraldAppId = "${app.id}" AND HeraldEventType = "message.sent"`);
    return count === 1 ? count : undefined;
  });
  expect(found).toBe(1);
});
