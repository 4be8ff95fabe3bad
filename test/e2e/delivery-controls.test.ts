// An endpoint's delivery controls end to end (real Temporal dev server, PostgreSQL, worker, peers
// on loopback): payload filters, extra headers, OAuth 2.0 client credentials against a real token
// server, mutual TLS against a receiver that requires a client certificate, and transformations
// in the QuickJS sandbox.
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, testEnv, type TestHerald } from '../support/herald';
import { startReceiver, type Responder } from '../support/receiver';
import { bearerReceiver, startOAuthServer, type OAuthServer } from '../support/oauth-server';
import { startMtlsReceiver, type MtlsReceiver } from '../support/mtls-receiver';
import { createPool, type Pool } from '../../db/pool';

let herald: TestHerald;
let admin: ReturnType<typeof apiClient>;
let db: Pool;
const closers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  herald = await startTestHerald();
  admin = apiClient(herald.url, ADMIN_TOKEN);
  db = createPool(testEnv().databaseUrl);
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await db.end();
  await herald.stop();
});

async function newApp() {
  const { body } = await admin('POST', '/v1/apps', { name: 'controls', settings: { retrySchedule: [1] } });
  return { id: body.id as string, api: apiClient(herald.url, body.apiKey) };
}
type App = Awaited<ReturnType<typeof newApp>>;

async function receiver(responder?: Responder) {
  const r = await startReceiver(responder);
  closers.push(r);
  return r;
}

const message = (n: number, extra: object = {}) => ({ messageId: `m${n}`, from: 'alice', to: 'bob', kind: 'text', body: `hello ${n}`, ...extra });
const post = (app: App, id: string, data: object, type = 'message.created') => app.api('POST', `/v1/apps/${app.id}/events`, { id, type, data });
const deliveryOf = async (app: App, eventId: string, endpointId: string) =>
  ((await app.api('GET', `/v1/apps/${app.id}/events/${eventId}`)).body.deliveries as { endpointId: string; status: string; lastError?: string; lastStatusCode?: number }[]).find((d) => d.endpointId === endpointId);

describe('payload filters', () => {
  it('delivers only the events that match, and a filtered-out event has no delivery at all', async () => {
    const app = await newApp();
    const images = await receiver();
    const all = await receiver();
    const filtered = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: images.url,
      events: ['message.created'],
      filter: { $or: [{ 'data.kind': 'image' }, { 'data.size': { $gte: 1000 } }], 'data.from': { $nin: ['spammer'] } },
    });
    expect(filtered.status).toBe(201);
    expect(filtered.body.filter).toEqual({ $or: [{ 'data.kind': 'image' }, { 'data.size': { $gte: 1000 } }], 'data.from': { $nin: ['spammer'] } });
    await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: all.url, events: ['message.created'] });

    await post(app, 'text', message(1));
    await post(app, 'image', message(2, { kind: 'image' }));
    await post(app, 'big', message(3, { size: 5000 }));
    await post(app, 'spam', message(4, { kind: 'image', from: 'spammer' }));
    await all.waitFor(4);
    await eventually(async () => ((await app.api('GET', `/v1/apps/${app.id}/events/spam`)).body.status === 'completed' ? true : undefined));
    expect(images.requests.map((r) => JSON.parse(r.body).id).sort()).toEqual(['big', 'image']);
    expect(await deliveryOf(app, 'text', filtered.body.id)).toBeUndefined();
    expect((await app.api('GET', `/v1/apps/${app.id}/events/text`)).body.status).toBe('completed');
  });

  it('refuses a bad filter with the operator or path named, on endpoints and routes', async () => {
    const app = await newApp();
    const bad = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/x', events: ['message.created'], filter: { 'data.amount': { $gtt: 5 }, dta: 1 } });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/filter/data.amount/$gtt', '/filter/dta']));
    const channel = await app.api('POST', `/v1/apps/${app.id}/channels`, { type: 'http', name: 'h', config: { url: 'http://127.0.0.1:9/h' } });
    const route = await app.api('POST', `/v1/apps/${app.id}/routes`, { channelId: channel.body.id, events: ['message.created'], filter: { type: { $in: 'message.created' } } });
    expect(route.status).toBe(400);
    expect(route.body.error.details[0].path).toBe('/filter/type/$in');
  });

  it('sends on a route only the events its filter matches', async () => {
    const app = await newApp();
    const hook = await receiver();
    const channel = await app.api('POST', `/v1/apps/${app.id}/channels`, { type: 'http', name: 'h', config: { url: hook.url } });
    const route = await app.api('POST', `/v1/apps/${app.id}/routes`, { channelId: channel.body.id, events: ['message.created'], filter: { 'data.kind': { $eq: 'image' } } });
    expect(route.status).toBe(201);
    expect(route.body.filter).toEqual({ 'data.kind': { $eq: 'image' } });
    await post(app, 'r-text', message(1));
    await post(app, 'r-image', message(2, { kind: 'image' }));
    await hook.waitFor(1);
    await eventually(async () => ((await app.api('GET', `/v1/apps/${app.id}/events/r-text`)).body.status === 'completed' ? true : undefined));
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0].body).toContain('r-image');
  });
});

describe('extra headers', () => {
  it('sends them on every request, seals their values, and never shows them', async () => {
    const app = await newApp();
    const r = await receiver();
    const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: r.url, events: ['message.created'], headers: { 'X-Api-Key': 'k-123-secret', 'X-Tenant': 'acme' } });
    expect(created.status).toBe(201);
    expect(created.body.headerNames).toEqual(['X-Api-Key', 'X-Tenant']);
    expect(JSON.stringify(created.body)).not.toContain('k-123-secret');
    const shown = await app.api('GET', `/v1/apps/${app.id}/endpoints/${created.body.id}`);
    expect(JSON.stringify(shown.body)).not.toContain('k-123-secret');
    const stored = await db.query('SELECT headers_sealed::text || header_names::text AS t FROM endpoints WHERE id = $1', [created.body.id]);
    expect(stored.rows[0].t).not.toContain('k-123-secret');

    await post(app, 'h1', message(1));
    const [got] = await r.waitFor(1);
    expect(got.headers['x-api-key']).toBe('k-123-secret');
    expect(got.headers['x-tenant']).toBe('acme');
    // Herald's own headers are still Herald's, and verify.
    expect(() => new Webhook(created.body.secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
  });

  it("refuses Herald's own headers, CR/LF, and a new URL without the headers given again", async () => {
    const app = await newApp();
    const refused = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: 'http://127.0.0.1:9/x',
      events: ['message.created'],
      headers: { 'webhook-signature': 'v1,forged', 'Content-Type': 'text/plain', 'X-Ok': 'a\r\nX-Injected: 1', 'bad name': 'x' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(['/headers/webhook-signature', '/headers/Content-Type', '/headers/X-Ok', '/headers/bad name']);

    const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/x', events: ['message.created'], headers: { 'X-Api-Key': 'k' } });
    const moved = await app.api('PATCH', `/v1/apps/${app.id}/endpoints/${created.body.id}`, { url: 'http://127.0.0.1:9/elsewhere' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details[0]).toEqual({ in: 'body', path: '/headers', message: expect.stringMatching(/required again.*never sent to a new destination/) });
    const cleared = await app.api('PATCH', `/v1/apps/${app.id}/endpoints/${created.body.id}`, { url: 'http://127.0.0.1:9/elsewhere', headers: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.headerNames).toBeUndefined();
  });
});

describe('OAuth 2.0 client credentials', () => {
  let oauth: OAuthServer;
  beforeAll(async () => {
    oauth = await startOAuthServer({ clientId: 'herald-client', clientSecret: 's3cret:with/odd chars' });
    closers.push(oauth);
  });

  it('fetches a token once, reuses it, and fetches a new one when the receiver answers 401', async () => {
    const app = await newApp();
    const r = await receiver(bearerReceiver(oauth));
    const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: r.url,
      events: ['message.created'],
      auth: { type: 'oauth2', tokenUrl: oauth.tokenUrl, clientId: 'herald-client', clientSecret: 's3cret:with/odd chars', scope: 'webhooks:write' },
    });
    expect(created.status).toBe(201);
    expect(created.body.auth).toEqual({ type: 'oauth2', tokenUrl: oauth.tokenUrl, clientId: 'herald-client', scope: 'webhooks:write' });
    // The simulator sends as a delivery does: with a token.
    const probe = await app.api('POST', `/v1/apps/${app.id}/endpoints/${created.body.id}/test`, { type: 'message.created' });
    expect(probe.body).toMatchObject({ statusCode: 200 });
    await r.waitFor(1);
    const issuedBefore = oauth.issued.length;

    await post(app, 'o1', message(1));
    await post(app, 'o2', message(2));
    await eventually(async () => ((await deliveryOf(app, 'o2', created.body.id))?.status === 'delivered' && (await deliveryOf(app, 'o1', created.body.id))?.status === 'delivered' ? true : undefined));
    expect(oauth.issued.slice(issuedBefore)).toEqual([expect.objectContaining({ auth: 'basic', scope: 'webhooks:write' })]);

    oauth.revokeAll();
    await post(app, 'o3', message(3));
    await eventually(async () => ((await deliveryOf(app, 'o3', created.body.id))?.status === 'delivered' ? true : undefined));
    expect(oauth.issued.length - issuedBefore).toBe(2);
    // The 401 and the retry with the new token were one attempt.
    const attempts = (await app.api('GET', `/v1/apps/${app.id}/events/o3/attempts`)).body.data;
    expect(attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([200]);
  });

  it('fails the delivery with the token server\'s refusal when the client is wrong, and refuses a token URL the policy forbids', async () => {
    const app = await newApp();
    const r = await receiver(bearerReceiver(oauth));
    const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: r.url,
      events: ['message.created'],
      auth: { type: 'oauth2', tokenUrl: oauth.tokenUrl, clientId: 'herald-client', clientSecret: 'wrong' },
    });
    await post(app, 'bad-client', message(1));
    const failed = await eventually(async () => {
      const d = await deliveryOf(app, 'bad-client', created.body.id);
      return d?.status === 'failed' ? d : undefined;
    });
    expect(failed.lastError).toMatch(/OAuth token URL answered HTTP 401: invalid_client/);
    expect(r.requests).toHaveLength(0);
    const bad = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: r.url, events: ['message.created'], auth: { type: 'oauth2', tokenUrl: 'ftp://example.com/token', clientId: 'a', clientSecret: 'b' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('/auth/tokenUrl');
  });
});

describe('mutual TLS', () => {
  let mtls: MtlsReceiver;
  beforeAll(async () => {
    mtls = await startMtlsReceiver();
    closers.push(mtls);
  });

  it('presents the endpoint\'s client certificate to a receiver that requires one, trusting only the pinned CA', async () => {
    const app = await newApp();
    const client = mtls.issueClient('herald-app-client');
    const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: mtls.url, events: ['message.created'], tls: { ...client, ca: mtls.serverCa } });
    expect(created.status).toBe(201);
    expect(created.body.tls).toEqual(expect.objectContaining({ subject: expect.stringContaining('CN=herald-app-client'), caPinned: true, notAfter: expect.any(String) }));
    expect(JSON.stringify(created.body)).not.toContain('PRIVATE KEY');

    await post(app, 't1', message(1));
    const [got] = await mtls.waitFor(1);
    expect(got.clientCn).toBe('herald-app-client');
    expect(JSON.parse(got.body).id).toBe('t1');
  });

  it('without a certificate the receiver refuses the handshake and the delivery says so; a key that is not the certificate\'s is refused at once', async () => {
    const app = await newApp();
    const plain = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: mtls.url, events: ['message.created'], tls: { ...mtls.issueClient('other'), ca: mtls.serverCa } });
    const bare = await app.api('PATCH', `/v1/apps/${app.id}/endpoints/${plain.body.id}`, { tls: null });
    expect(bare.body.tls).toBeUndefined();
    const before = mtls.requests.length;
    await post(app, 'no-cert', message(1));
    const failed = await eventually(async () => {
      const d = await deliveryOf(app, 'no-cert', plain.body.id);
      return d?.status === 'failed' ? d : undefined;
    });
    expect(failed.lastError).toBeTruthy();
    expect(mtls.requests.slice(before).map((q) => [q.clientCn, q.body.slice(0, 60)])).toEqual([]);

    const a = mtls.issueClient('a');
    const b = mtls.issueClient('b');
    const mismatched = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: mtls.url, events: ['message.created'], tls: { certificate: a.certificate, privateKey: b.privateKey } });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.error.details).toEqual([{ in: 'body', path: '/tls/privateKey', message: 'is not the key of the certificate' }]);
  });
});

describe('transformations', () => {
  it('sends what the handler returns, signed over the transformed body; cancel sends nothing and says so', async () => {
    const app = await newApp();
    const r = await receiver();
    const transformation = `function handler(webhook) {
      if (webhook.payload.data.kind === 'secret') { webhook.cancel = true; return webhook; }
      webhook.url = webhook.url + '?via=transform';
      webhook.method = 'PUT';
      webhook.headers['X-Transformed'] = 'yes';
      webhook.payload = { text: webhook.payload.data.from + ' says ' + webhook.payload.data.body };
      return webhook;
    }`;
    const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: r.url, events: ['message.created'], transformation });
    expect(created.body.error).toBeUndefined();
    expect(created.status).toBe(201);
    expect(created.body.transformation).toBe(transformation);

    await post(app, 'x1', message(1));
    const [got] = await r.waitFor(1);
    expect(got.path).toBe(`${new URL(r.url).pathname}?via=transform`);
    expect(got.headers['x-transformed']).toBe('yes');
    expect(JSON.parse(got.body)).toEqual({ text: 'alice says hello 1' });
    expect(() => new Webhook(created.body.secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();

    await post(app, 'x2', message(2, { kind: 'secret' }));
    const cancelled = await eventually(async () => {
      const d = await deliveryOf(app, 'x2', created.body.id);
      return d?.status === 'cancelled' ? d : undefined;
    });
    expect(cancelled.lastError).toMatch(/cancelled by the endpoint's transformation/);
    expect(r.requests).toHaveLength(1);
  });

  it('a runaway, throwing or escaping handler fails its own delivery with the error, and the event\'s other endpoints are delivered', async () => {
    const app = await newApp();
    const healthy = await receiver();
    await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: healthy.url, events: ['message.created'] });
    const bad = await receiver();
    const sources = {
      loop: 'function handler(w) { while (true) {} }',
      memory: "function handler(w) { w.payload = 'x'.repeat(64 * 1024 * 1024); return w; }",
      recursion: 'function handler(w) { function f(n) { return f(n + 1) + 1; } return f(0); }',
      escape: "function handler(w) { return globalThis.constructor.constructor('return process')().exit(1); }",
    };
    const ids: Record<string, string> = {};
    for (const [name, transformation] of Object.entries(sources)) {
      const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: bad.url, events: ['message.created'], transformation });
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
    }
    await post(app, 'runaway', message(1));
    await healthy.waitFor(1);
    const errors: Record<string, string> = {};
    for (const [name, id] of Object.entries(ids)) {
      const d = await eventually(async () => {
        const found = await deliveryOf(app, 'runaway', id);
        return found?.status === 'failed' ? found : undefined;
      });
      errors[name] = d.lastError!;
    }
    expect(errors.loop).toMatch(/^transformation failed: .*50 ms/);
    expect(errors.memory).toMatch(/^transformation failed: .*memory/i);
    expect(errors.recursion).toMatch(/^transformation failed: .*(stack|recursion)/i);
    expect(errors.escape).toMatch(/^transformation failed: /);
    expect(bad.requests).toHaveLength(0);
    // The worker is alive and well: the next event is delivered.
    await post(app, 'after', message(2));
    await healthy.waitFor(2);
  });

  it('never lets a handler read sealed header values, and sends no secret to another origin it picks', async () => {
    const app = await newApp();
    const own = await receiver();
    const other = await receiver();
    const peek = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: own.url,
      events: ['message.created'],
      headers: { 'X-Api-Key': 'sealed-k-1' },
      transformation: 'function handler(w) { w.payload = { seen: w.headers }; return w; }',
    });
    const away = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: own.url,
      events: ['message.created'],
      headers: { 'X-Api-Key': 'sealed-k-2', 'X-Tenant': 'acme' },
      transformation: `function handler(w) { w.url = ${JSON.stringify(other.url)}; w.headers['X-Tenant'] = 'changed'; return w; }`,
    });
    expect([peek.status, away.status]).toEqual([201, 201]);
    await post(app, 'peek', message(1));
    const [mine] = await own.waitFor(1);
    const [elsewhere] = await other.waitFor(1);
    // The handler saw a stand-in; the receiver got the real value, which the handler kept.
    expect(JSON.parse(mine.body)).toEqual({ seen: { 'X-Api-Key': '(sealed)' } });
    expect(mine.headers['x-api-key']).toBe('sealed-k-1');
    // Another origin gets the request without the endpoint's sealed values (a value the handler set is its own).
    expect(elsewhere.headers['x-api-key']).toBeUndefined();
    expect(elsewhere.headers['x-tenant']).toBe('changed');
  });

  it('hands a format that is not JSON (mesibo\'s form) to the handler as text, and the event\'s other endpoints are delivered once', async () => {
    const app = await newApp();
    const plain = await receiver();
    const form = await receiver();
    await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: plain.url, events: ['message.created'] });
    const mesibo = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: form.url,
      events: ['message.created'],
      format: 'mesibo',
      transformation: 'function handler(w) { w.payload = { kind: typeof w.payload, form: w.payload }; return w; }',
    });
    expect(mesibo.status).toBe(201);
    await post(app, 'form', message(1));
    const [got] = await form.waitFor(1);
    const body = JSON.parse(got.body);
    expect(body.kind).toBe('string');
    await plain.waitFor(1);
    await eventually(async () => ((await app.api('GET', `/v1/apps/${app.id}/events/form`)).body.status === 'completed' ? true : undefined));
    expect(plain.requests).toHaveLength(1);
  });

  it('tests a transformation on a sample without sending, and answers 400 with the function\'s error', async () => {
    const app = await newApp();
    const r = await receiver();
    const created = await app.api('POST', `/v1/apps/${app.id}/endpoints`, {
      url: r.url,
      events: ['message.created'],
      headers: { 'X-Api-Key': 'never-shown' },
      transformation: 'function handler(w) { w.payload = { t: w.payload.type, who: w.payload.data.from, key: w.headers["X-Api-Key"] }; return w; }',
    });
    const tested = await app.api('POST', `/v1/apps/${app.id}/endpoints/${created.body.id}/transformation/test`, { type: 'message.created', data: message(7) });
    expect(tested.status).toBe(200);
    expect(tested.body).toEqual({ method: 'POST', url: r.url, headers: { 'X-Api-Key': '(sealed)' }, payload: { t: 'message.created', who: 'alice', key: '(sealed)' }, cancel: false });
    const failing = await app.api('POST', `/v1/apps/${app.id}/endpoints/${created.body.id}/transformation/test`, { type: 'message.created', transformation: 'function handler(w) { throw new Error("nope") }' });
    expect(failing.status).toBe(400);
    expect(failing.body.error.message).toMatch(/nope/);
    const syntax = await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: r.url, events: ['message.created'], transformation: 'function handler(w) { return w' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.details[0].path).toBe('/transformation');
    expect(r.requests).toHaveLength(0);
  });
});
