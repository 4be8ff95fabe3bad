// @herald/client (client/src) against a real Herald (dev server, PostgreSQL, worker): typed
// resources, HeraldError, pagination over every page, ids made for sends, retries of real 429s,
// and webhook verification interoperable with the standardwebhooks library both ways.
import { Webhook } from 'standardwebhooks';
import { Herald, HeraldError, signWebhook, verifyWebhook, WebhookVerificationError } from '../../client/src';
import { ADMIN_TOKEN, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
let receiver: Receiver;
let admin: Herald;

beforeAll(async () => {
  // A key may send 5 events a second (bursts of 10): enough to meet real 429s below.
  herald = await startTestHerald({ config: { eventsPerSecondPerKey: 5 } });
  receiver = await startReceiver();
  admin = new Herald({ baseUrl: herald.url, token: ADMIN_TOKEN });
});
afterAll(async () => {
  await receiver.close();
  await herald.stop();
});

const message = (n: number) => ({ messageId: `m${n}`, from: 'ann', to: 'bob', kind: 'text', body: `hi ${n}` });

it('creates an app and an endpoint, sends an event with an id made for it, and reads it back, typed', async () => {
  const app = await admin.apps.create({ name: 'client' });
  const herald_ = new Herald({ baseUrl: herald.url, token: app.apiKey });
  expect((await herald_.apps.own()).id).toBe(app.id);
  const endpoint = await herald_.endpoints.create(app.id, { url: receiver.url, events: ['message.created'] });
  expect(endpoint.secret).toMatch(/^whsec_/);
  const sent = await herald_.events.send(app.id, { type: 'message.created', data: message(1) });
  expect(sent.id).toMatch(/^evt_[0-9a-f-]{36}$/);
  expect(sent.workflowId).toBe(`event/${app.id}/${sent.id}`);
  // The same id again is the same event: a retried send is delivered once.
  expect((await herald_.events.send(app.id, { id: sent.id, type: 'message.created', data: message(1) })).id).toBe(sent.id);
  const [got] = await receiver.waitFor(1);
  // Herald's own signature verifies with the client's verifier.
  expect(verifyWebhook<{ id: string }>(endpoint.secret, got.body, got.headers).id).toBe(sent.id);
  const view = await eventually(async () => {
    const e = await herald_.events.get(app.id, sent.id);
    return e.status === 'completed' ? e : undefined;
  });
  expect(view.deliveries.map((d) => d.status)).toEqual(['delivered']);
  const batch = await herald_.events.sendBatch(app.id, [{ type: 'user.online', data: { userId: 'u1' } }, { type: 'user.online', data: {} }]);
  expect(batch.results.map((r) => r.status)).toEqual([202, 400]);
  expect(batch.results[1].id).toMatch(/^evt_/);
});

it('throws HeraldError with the status, code, message and details Herald gave', async () => {
  const app = await admin.apps.create({ name: 'client-errors' });
  const key = new Herald({ baseUrl: herald.url, token: app.apiKey });
  const refused = await key.endpoints.create(app.id, { url: 'ftp://example.com', events: ['*'] }).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(HeraldError);
  expect(refused).toMatchObject({ status: 400, code: 'invalid_target', details: [{ in: 'body', path: '/url' }] });
  const missing = await key.events.get(app.id, 'nope').catch((err: unknown) => err);
  expect(missing).toMatchObject({ status: 404, code: 'not_found' });
  const wrongKey = await new Herald({ baseUrl: herald.url, token: 'not-a-key' }).apps.own().catch((err: unknown) => err);
  expect(wrongKey).toMatchObject({ status: 401 });
});

it('iterates over every page of a list', async () => {
  const app = await admin.apps.create({ name: 'client-pages' });
  const key = new Herald({ baseUrl: herald.url, token: app.apiKey });
  const ids = (await key.events.sendBatch(app.id, Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, type: 'user.online', data: { userId: `u${i}` } })))).results.map((r) => r.id);
  const seen: string[] = [];
  for await (const event of key.events.list(app.id, { limit: '3' })) seen.push(event.id);
  expect(seen.sort()).toEqual([...ids].sort());
  const first = await key.events.list(app.id, { limit: '3' }).page();
  expect(first.data).toHaveLength(3);
  expect(first.nextCursor).toBeDefined();
});

it("tries again after a real 429, waiting the Retry-After Herald gives, so every send lands", async () => {
  const app = await admin.apps.create({ name: 'client-429' });
  const patient = new Herald({ baseUrl: herald.url, token: app.apiKey, retry: { maxRetries: 10 } });
  const impatient = new Herald({ baseUrl: herald.url, token: app.apiKey, retry: { maxRetries: 0 } });
  // The burst (10) is spent by the impatient client, which meets its 429 at once.
  const tries = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => impatient.events.send(app.id, { type: 'user.online', data: { userId: `i${i}` } })));
  expect(tries.some((t) => t.status === 'rejected' && (t.reason as HeraldError).status === 429)).toBe(true);
  const started = Date.now();
  const sent = await Promise.all(Array.from({ length: 6 }, (_, i) => patient.events.send(app.id, { type: 'user.online', data: { userId: `p${i}` } })));
  expect(sent).toHaveLength(6);
  // It waited for the bucket to refill (Retry-After of at least a second), not a hot loop.
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
});

it('verifies what standardwebhooks signs, and standardwebhooks verifies what it signs; tampering fails both', () => {
  const secret = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;
  const body = JSON.stringify({ id: 'evt_1', type: 'user.online', timestamp: new Date().toISOString(), data: { userId: 'u1' } });
  const id = 'msg_interop';
  const at = new Date();
  const theirs = new Webhook(secret).sign(id, at, body);
  const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': theirs };
  expect(verifyWebhook(secret, body, headers)).toEqual(JSON.parse(body));
  const ours = signWebhook(secret, id, body, Math.floor(at.getTime() / 1000));
  expect(new Webhook(secret).verify(body, ours)).toEqual(JSON.parse(body));
  expect(() => verifyWebhook(secret, body.replace('u1', 'u2'), headers)).toThrow(WebhookVerificationError);
  expect(() => new Webhook(secret).verify(body.replace('u1', 'u2'), ours)).toThrow();
  // Rotation: a header with the old and the new secret's signatures verifies under either.
  const other = `whsec_${Buffer.from('another secret, thirty-two bytes').toString('base64')}`;
  const both = { ...headers, 'webhook-signature': `${signWebhook(other, id, body, Number(headers['webhook-timestamp']))['webhook-signature']} ${theirs}` };
  expect(verifyWebhook(secret, body, both)).toEqual(JSON.parse(body));
  expect(verifyWebhook(other, body, both)).toEqual(JSON.parse(body));
  // Too old.
  expect(() => verifyWebhook(secret, body, headers, Math.floor(at.getTime() / 1000) + 600)).toThrow(/too old/);
});

it('tries a 503 again only where that cannot do a thing twice', async () => {
  const { createServer } = await import('node:http');
  const seen: string[] = [];
  // A peer answering as Herald does when Temporal is away (or, for one path, PostgreSQL).
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const code = req.url?.includes('/db/') ? 'database_unavailable' : 'temporal_unavailable';
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ error: { code, message: 'away', details: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const client = new Herald({ baseUrl: base, token: 'k', retry: { maxRetries: 2, baseDelayMs: 1 } });
  try {
    const count = (prefix: string) => seen.filter((s) => s.startsWith(prefix)).length;
    // An event carries its id: stored once, however often it is sent.
    await expect(client.events.send('a', { type: 'user.online', data: { userId: 'u' } })).rejects.toMatchObject({ status: 503, code: 'temporal_unavailable' });
    expect(count('POST /v1/apps/a/events')).toBe(3);
    // A replay whose start may have happened is not made again.
    await expect(client.events.replay('a', 'e1')).rejects.toMatchObject({ status: 503 });
    expect(count('POST /v1/apps/a/events/e1/replay')).toBe(1);
    // Nothing was done (PostgreSQL away): tried again.
    await expect(client.events.replay('db', 'e1')).rejects.toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(count('POST /v1/apps/db/events/e1/replay')).toBe(3);
    await expect(client.apps.get('a')).rejects.toMatchObject({ status: 503 });
    expect(count('GET /v1/apps/a')).toBe(3);
  } finally {
    server.close();
  }
});
