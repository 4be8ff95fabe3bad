// Cross-app access on every app-scoped route (README "HTTP API": "an app's API key only its own
// app; another app's resources answer 404"). Another app's key gets 404 — never 2xx, never 403,
// never the resource — and changes nothing; the very same request with the owner's key succeeds,
// so no 404 here can come from a request that would have failed anyway. The table is compared
// with the routes buildApp registers: a new /v1/apps/:appId… route fails this file until listed.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildTestApi } from '../support/api';
import type { EventStarter } from '../../runtime/event-starter';
import type { PresenceReader } from '../../api/presence-reader';
import type { ContactReader } from '../../api/contact-reader';
import type { HostLookup } from '../../activities/channels/safe-lookup';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import type { HeraldEvent } from '../../domain/event-envelope';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Route {
  method: Method;
  path: string;
  /** The owner's status for this request. */
  ok: number;
  body?: object;
  /** Brings the owner's resources into the state where this request changes something. */
  given?: (t: Tenant) => Promise<unknown>;
}

const APNS_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'attacker-project',
  client_email: 'pusher@attacker-project.iam.gserviceaccount.com',
  private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  token_uri: 'https://oauth2.googleapis.com/token',
};

const disableEndpoint = (t: Tenant) => send(t.apiKey, { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/disable' }, t);

const ROUTES: Route[] = [
  { method: 'GET', path: '/v1/apps/:appId', ok: 200 },
  { method: 'PATCH', path: '/v1/apps/:appId', ok: 200, body: { name: 'taken over', settings: { bounceThreshold: 9 } } },
  { method: 'POST', path: '/v1/apps/:appId/api-key/rotate', ok: 200 },
  { method: 'POST', path: '/v1/apps/:appId/portal-links', ok: 201, body: { readOnly: false } },
  { method: 'POST', path: '/v1/apps/:appId/template-preview', ok: 200, body: { template: { text: '{{data.body}}' } } },
  { method: 'POST', path: '/v1/apps/:appId/endpoints', ok: 201, body: { url: 'https://attacker.example.net/new', events: ['*'] } },
  { method: 'GET', path: '/v1/apps/:appId/endpoints', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/endpoints/:endpointId', ok: 200 },
  { method: 'PATCH', path: '/v1/apps/:appId/endpoints/:endpointId', ok: 200, body: { url: 'https://attacker.example.net/steal', events: ['*'] } },
  { method: 'DELETE', path: '/v1/apps/:appId/endpoints/:endpointId', ok: 204 },
  { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/enable', ok: 200, given: disableEndpoint },
  { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/disable', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/endpoints/:endpointId/secret', ok: 200 },
  { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/secret/rotate', ok: 200 },
  { method: 'POST', path: '/v1/apps/:appId/events', ok: 202, body: { id: 'evt-cross-app', type: 'user.online', data: { userId: 'u1' } } },
  { method: 'POST', path: '/v1/apps/:appId/events/batch', ok: 207, body: { events: [{ id: 'evt-cross-app-batch', type: 'user.online', data: { userId: 'u1' } }] } },
  { method: 'GET', path: '/v1/apps/:appId/events/:eventId', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/events/:eventId/attempts', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/users/:userId/presence', ok: 200 },
  { method: 'PUT', path: '/v1/apps/:appId/users/:userId', ok: 200, body: { email: 'taken-over@example.com' } },
  { method: 'GET', path: '/v1/apps/:appId/users/:userId', ok: 200 },
  { method: 'PUT', path: '/v1/apps/:appId/users/:userId/preferences', ok: 200, body: { channels: { email: false } } },
  { method: 'POST', path: '/v1/apps/:appId/push-credentials', ok: 201, body: { platform: 'fcm', name: 'taken over', serviceAccount: SERVICE_ACCOUNT } },
  { method: 'GET', path: '/v1/apps/:appId/push-credentials', ok: 200 },
  { method: 'PATCH', path: '/v1/apps/:appId/push-credentials/:credentialId', ok: 200, body: { name: 'renamed', active: false } },
  { method: 'DELETE', path: '/v1/apps/:appId/push-credentials/:credentialId', ok: 204 },
  { method: 'POST', path: '/v1/apps/:appId/users/:userId/devices', ok: 201, body: { platform: 'fcm', token: `fcm-token-${'x'.repeat(40)}` } },
  { method: 'GET', path: '/v1/apps/:appId/users/:userId/devices', ok: 200 },
  { method: 'DELETE', path: '/v1/apps/:appId/users/:userId/devices/:token', ok: 204 },
  { method: 'POST', path: '/v1/apps/:appId/channels', ok: 201, body: { type: 'slack', name: 'taken over', config: { url: 'https://hooks.example.com/attacker' } } },
  { method: 'GET', path: '/v1/apps/:appId/channels', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/channels/:channelId', ok: 200 },
  { method: 'PATCH', path: '/v1/apps/:appId/channels/:channelId', ok: 200, body: { config: { url: 'https://hooks.example.com/steal' } } },
  { method: 'DELETE', path: '/v1/apps/:appId/channels/:channelId', ok: 204 },
  // The body names the caller's own channel (`:channelId` is filled in like a path parameter).
  { method: 'POST', path: '/v1/apps/:appId/routes', ok: 201, body: { events: ['*'], channelId: ':channelId' } },
  { method: 'GET', path: '/v1/apps/:appId/routes', ok: 200 },
  { method: 'DELETE', path: '/v1/apps/:appId/routes/:routeId', ok: 204 },
  { method: 'GET', path: '/v1/apps/:appId/contacts/:contactId', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/events', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/stats', ok: 200 },
  { method: 'POST', path: '/v1/apps/:appId/events/:eventId/replay', ok: 202, body: {} },
  { method: 'POST', path: '/v1/apps/:appId/bins', ok: 201 },
  { method: 'GET', path: '/v1/apps/:appId/bins', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/bins/:binId/requests', ok: 200 },
  { method: 'GET', path: '/v1/apps/:appId/endpoints/:endpointId/attempts', ok: 200 },
  { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/test', ok: 200, body: { type: 'user.online' } },
  { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/transformation/test', ok: 200, body: { type: 'user.online', transformation: 'function handler(w) { return w; }' } },
  { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/recover', ok: 202, body: { since: '2026-01-01T00:00:00Z' } },
  { method: 'GET', path: '/v1/apps/:appId/endpoints/:endpointId/recover/:recoveryId', ok: 200 },
];
// Routes naming a resource of the app below it. A user id is not one: it is the producer's own
// name, and presence is kept per (app, user), so B asking for "user-1" gets B's user-1.
const WITH_SUB_RESOURCE = ROUTES.filter((r) => /:endpointId|:eventId|:credentialId|:token|:channelId|:routeId|:binId|:recoveryId/.test(r.path));

let pool: Pool;
let app: FastifyInstance;
let appTables: string[];
const started: HeraldEvent[] = [];
const presenceReads: string[] = [];
const contactReads: string[] = [];
const probes: string[] = [];
const contacts: ContactReader = {
  async get(appId, contactId) {
    contactReads.push(appId);
    return { appId, contactId, bounces: 0, bounced: false, unsubscribed: false, status: 'active', recentEventIds: [] };
  },
};
const starter: EventStarter = {
  async start(event) {
    started.push(event);
    return true;
  },
};
const presence: PresenceReader = {
  async get(appId, userId) {
    presenceReads.push(appId);
    return { appId, userId, presence: 'online', heldBack: 0, noticesSent: 0, messagesSuppressed: 0, recentEventIds: [] };
  },
  async held(appId) {
    presenceReads.push(appId);
    return { batches: [], sentAt: {} };
  },
};
// A public address for every host name: endpoint URLs pass the private-target check without DNS.
const lookup: HostLookup = (_host, _options, callback) => callback(null, [{ address: '93.184.215.14', family: 4 }]);

beforeAll(async () => {
  const env = testEnv();
  pool = createPool(env.databaseUrl);
  await migrate(pool);
  // The simulator's probes are counted, not sent: this file is about who may ask.
  app = await buildTestApi(pool, { lookup, starter, presence, contacts, tester: { post: async (url) => (probes.push(url), { statusCode: 204, latencyMs: 1 }) } });
  const { rows } = await pool.query(
    "SELECT table_name FROM information_schema.columns WHERE column_name = 'app_id' AND table_schema = current_schema() ORDER BY 1",
  );
  appTables = rows.map((r) => r.table_name);
  expect(appTables).toEqual(expect.arrayContaining(['endpoints', 'events']));
});
afterAll(async () => {
  await app.close();
  await pool.end();
});

/** An app with one endpoint and one event, named by the route parameters that address them. */
interface Tenant {
  apiKey: string;
  appId: string;
  endpointId: string;
  eventId: string;
  userId: string;
  credentialId: string;
  token: string;
  channelId: string;
  routeId: string;
  contactId: string;
  binId: string;
  recoveryId: string;
}

async function send(token: string, route: Pick<Route, 'method' | 'path' | 'body'>, ids: Omit<Tenant, 'apiKey'>) {
  const fill = (text: string) => text.replace(/:(\w+)/g, (_, name: keyof typeof ids) => ids[name]);
  const payload = route.body && JSON.parse(JSON.stringify(route.body).replace(/":(\w+)"/g, (whole) => fill(whole)));
  return app.inject({ method: route.method, url: fill(route.path), headers: { authorization: `Bearer ${token}` }, payload });
}

async function tenant(): Promise<Tenant> {
  const created = await app.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'tenant' } });
  expect(created.statusCode).toBe(201);
  const { id: appId, apiKey } = created.json();
  const ids = { appId, endpointId: '', eventId: '', userId: 'user-1', credentialId: '', token: randomBytes(32).toString('hex'), channelId: '', routeId: '', contactId: 'contact-1', binId: '', recoveryId: '' };
  const endpoint = await send(apiKey, { method: 'POST', path: '/v1/apps/:appId/endpoints', body: { url: 'https://hooks.example.com/herald', events: ['*'] } }, ids);
  const event = await send(apiKey, { method: 'POST', path: '/v1/apps/:appId/events', body: { type: 'user.online', data: { userId: 'user-1' } } }, ids);
  const credential = await send(apiKey, {
    method: 'POST',
    path: '/v1/apps/:appId/push-credentials',
    body: { platform: 'apns', name: 'ios', environment: 'production', keyId: 'ABCDE12345', teamId: 'TEAM123456', topic: 'com.example.chat', privateKey: APNS_KEY },
  }, ids);
  const device = await send(apiKey, { method: 'POST', path: '/v1/apps/:appId/users/:userId/devices', body: { platform: 'apns', token: ids.token } }, ids);
  const channel = await send(apiKey, { method: 'POST', path: '/v1/apps/:appId/channels', body: { type: 'slack', name: 'team', config: { url: 'https://hooks.example.com/team' } } }, ids);
  const route = await send(apiKey, { method: 'POST', path: '/v1/apps/:appId/routes', body: { events: ['*'], channelId: channel.json().id } }, ids);
  expect([endpoint.statusCode, event.statusCode, credential.statusCode, device.statusCode, channel.statusCode, route.statusCode]).toEqual([201, 202, 201, 201, 201, 201]);
  const bin = await send(apiKey, { method: 'POST', path: '/v1/apps/:appId/bins' }, ids);
  expect(bin.statusCode).toBe(201);
  const recovery = await send(apiKey, { method: 'POST', path: '/v1/apps/:appId/endpoints/:endpointId/recover', body: { since: '2026-01-01T00:00:00Z' } }, { ...ids, endpointId: endpoint.json().id });
  expect(recovery.statusCode).toBe(202);
  return { apiKey, ...ids, recoveryId: recovery.json().id, endpointId: endpoint.json().id, eventId: event.json().id, credentialId: credential.json().id, channelId: channel.json().id, routeId: route.json().id, binId: bin.json().id };
}

async function twoTenants(route: Route): Promise<[Tenant, Tenant]> {
  const [a, b] = [await tenant(), await tenant()];
  await route.given?.(a);
  await route.given?.(b);
  return [a, b];
}

/** Everything Herald holds for an app — every row carrying its id — and what reached Temporal for it. */
async function stateOf(t: Tenant) {
  const rows: Record<string, string[]> = {};
  for (const table of ['apps', ...appTables]) {
    const result = await pool.query(`SELECT * FROM ${table} WHERE ${table === 'apps' ? 'id' : 'app_id'} = $1`, [t.appId]);
    rows[table] = result.rows.map((row) => JSON.stringify(row)).sort();
  }
  const secret = await send(t.apiKey, { method: 'GET', path: '/v1/apps/:appId/endpoints/:endpointId/secret' }, t);
  return {
    rows,
    secret: secret.json(),
    started: started.filter((e) => e.appId === t.appId).map((e) => e.id),
    presenceReads: presenceReads.filter((id) => id === t.appId).length,
    contactReads: contactReads.filter((id) => id === t.appId).length,
    probes: probes.length,
  };
}

function expectNotFound(res: LightMyRequestResponse) {
  // The whole body: an error and nothing of the resource.
  expect({ status: res.statusCode, body: res.json() }).toEqual({
    status: 404,
    body: { error: { code: 'not_found', message: expect.stringMatching(/ not found$/), details: [] } },
  });
}

describe.each(ROUTES)('$method $path', (route) => {
  it("answers another app's key on this app's URL with 404, changes nothing, and serves the owner", async () => {
    const [a, b] = await twoTenants(route);
    const before = await stateOf(a);
    const startsBefore = started.length;
    expectNotFound(await send(b.apiKey, route, a));
    expect(started.length).toBe(startsBefore);
    expect(await stateOf(a)).toEqual(before);
    expect((await send(a.apiKey, route, a)).statusCode).toBe(route.ok);
  });

  it('answers an unknown key with 401, changes nothing, and serves the admin token', async () => {
    const [a] = await twoTenants(route);
    const before = await stateOf(a);
    const unknown = await send(`hk_${randomBytes(32).toString('base64url')}`, route, a);
    expect({ status: unknown.statusCode, code: unknown.json().error.code }).toEqual({ status: 401, code: 'unauthorized' });
    expect(await stateOf(a)).toEqual(before);
    expect((await send(ADMIN_TOKEN, route, a)).statusCode).toBe(route.ok);
  });
});

describe.each(WITH_SUB_RESOURCE)("$method $path with another app's id under one's own app", (route) => {
  it("answers 404, changes nothing, and serves the caller's own id", async () => {
    const [a, b] = await twoTenants(route);
    const before = await stateOf(a);
    const startsBefore = started.length;
    expectNotFound(await send(b.apiKey, route, { ...a, appId: b.appId }));
    expect(started.length).toBe(startsBefore);
    expect(await stateOf(a)).toEqual(before);
    expect((await send(b.apiKey, route, b)).statusCode).toBe(route.ok);
  });
});

// Fastify answers HEAD beside every GET with the GET's handler.
describe.each(ROUTES.filter((r) => r.method === 'GET'))('HEAD twin of $path', (route) => {
  it("answers another app's key with 404 and the owner with 200", async () => {
    const [a, b] = await twoTenants(route);
    const head = (token: string) => send(token, { ...route, method: 'HEAD' }, a);
    expect((await head(b.apiKey)).statusCode).toBe(404);
    expect((await head(a.apiKey)).statusCode).toBe(200);
  });
});

it('lists every app-scoped route buildApp registers, and no other', async () => {
  await app.ready();
  const registered = registeredRoutes(app.printRoutes({ commonPrefix: false }));
  expect(registered).toEqual(expect.arrayContaining(['GET /healthz', 'POST /v1/apps'])); // the parse works
  const appScoped = registered
    .filter((r) => r.split(' ')[1].startsWith('/v1/apps/:appId'))
    .filter((r) => !(r.startsWith('HEAD ') && registered.includes(r.replace(/^HEAD/, 'GET'))));
  // DELETE /v1/apps/:appId is the admin's alone: every app key, its own included, gets 403 (test/api/api.test.ts).
  expect(appScoped.sort()).toEqual([...ROUTES.map((r) => `${r.method} ${r.path}`), 'DELETE /v1/apps/:appId'].sort());
});

/** "METHOD /path" for each route in printRoutes' tree, where each level is indented by 4. */
function registeredRoutes(tree: string): string[] {
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n').filter((l) => l.trim() !== '')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) throw new Error(`printRoutes gave a line this test cannot read: ${JSON.stringify(line)}`);
    const depth = match[1].length / 4;
    prefixes[depth] = (depth > 0 ? prefixes[depth - 1] : '') + match[2];
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${prefixes[depth]}`);
  }
  return routes;
}
