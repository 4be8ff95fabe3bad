// Portal links: a one-time, short-lived link signs a browser in to one app's console with a
// session cookie; the key never reaches the browser; a read-only link's session changes nothing;
// a session's changes need the console's header (a cross-site form cannot add it); a session
// cannot mint links or keys; the console may be framed only by HERALD_CONSOLE_FRAME_ANCESTORS.
import { ADMIN_TOKEN, apiClient, startTestHerald, type TestHerald } from '../support/herald';

let herald: TestHerald;
beforeAll(async () => {
  herald = await startTestHerald({ roles: { api: true, worker: false }, config: { consoleFrameAncestors: ['https://dash.example.com'] } });
});
afterAll(() => herald.stop());

async function newApp() {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'portal' })).body;
  return { id: created.id as string, key: created.apiKey as string, api: apiClient(herald.url, created.apiKey) };
}

/** Opens a link as a browser does (no redirect followed): the session cookie it sets. */
async function open(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0] };
}
const asSession = (cookie: string, init: RequestInit & { path: string; console?: boolean }) =>
  fetch(herald.url + init.path, {
    ...init,
    headers: { cookie, ...(init.console !== false && { 'x-herald-console': '1' }), ...(init.body !== undefined && { 'content-type': 'application/json' }), ...(init.headers as object) },
  });

it('signs a browser in to one app once, with an HttpOnly cookie and no key', async () => {
  const app = await newApp();
  const link = await app.api('POST', `/v1/apps/${app.id}/portal-links`, {});
  expect(link.status).toBe(201);
  expect(link.body.url).toMatch(new RegExp(`^${herald.url}/console/portal/hpl_[A-Za-z0-9_-]+$`));
  expect(Date.parse(link.body.expiresAt) - Date.now()).toBeGreaterThan(250_000);
  expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);

  const { res, setCookie, cookie } = await open(link.body.url);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/console');
  expect(setCookie).toMatch(/^herald_portal=hps_[A-Za-z0-9_-]+; Path=\/; HttpOnly; Max-Age=\d+; SameSite=Lax$/);
  expect(setCookie).not.toContain(app.key);

  const own = await asSession(cookie, { path: '/v1/app', console: false });
  expect(own.status).toBe(200);
  expect(await own.json()).toMatchObject({ id: app.id, portal: { readOnly: false } });
  // A change from the console (its header) passes; the same request without it, as a cross-site form would send it, does not.
  const changed = await asSession(cookie, { path: `/v1/apps/${app.id}`, method: 'PATCH', body: JSON.stringify({ settings: { bounceThreshold: 5 } }) });
  expect(changed.status).toBe(200);
  const forged = await asSession(cookie, { path: `/v1/apps/${app.id}`, method: 'PATCH', body: JSON.stringify({ settings: { bounceThreshold: 6 } }), console: false });
  expect(forged.status).toBe(403);
  expect((await app.api('GET', `/v1/apps/${app.id}`)).body.settings.bounceThreshold).toBe(5);

  // Used once: the same link again signs nobody in.
  const again = await open(link.body.url);
  expect(again.res.status).toBe(410);
  expect(again.setCookie).toBe('');
});

it('keeps a session to its own app, and away from keys and links', async () => {
  const app = await newApp();
  const other = await newApp();
  const { cookie } = await open((await app.api('POST', `/v1/apps/${app.id}/portal-links`, {})).body.url);
  expect((await asSession(cookie, { path: `/v1/apps/${other.id}` })).status).toBe(404);
  expect((await asSession(cookie, { path: `/v1/apps/${app.id}/api-key/rotate`, method: 'POST' })).status).toBe(403);
  expect((await asSession(cookie, { path: `/v1/apps/${app.id}/portal-links`, method: 'POST', body: '{}' })).status).toBe(403);
  expect((await asSession(cookie, { path: '/v1/apps' })).status).toBe(403);
  // The admin token may make links for any app.
  expect((await apiClient(herald.url, ADMIN_TOKEN)('POST', `/v1/apps/${other.id}/portal-links`, { readOnly: true })).status).toBe(201);
  // Deleting the app ends its sessions.
  expect((await apiClient(herald.url, ADMIN_TOKEN)('DELETE', `/v1/apps/${app.id}`)).status).toBe(204);
  expect((await asSession(cookie, { path: '/v1/app' })).status).toBe(401);
});

it('gives a read-only link a session that reads everything and changes nothing', async () => {
  const app = await newApp();
  const link = (await app.api('POST', `/v1/apps/${app.id}/portal-links`, { readOnly: true, expiresInSeconds: 60 })).body;
  expect(link.readOnly).toBe(true);
  const { cookie } = await open(link.url);
  expect(await (await asSession(cookie, { path: '/v1/app' })).json()).toMatchObject({ id: app.id, portal: { readOnly: true } });
  expect((await asSession(cookie, { path: `/v1/apps/${app.id}/endpoints` })).status).toBe(200);
  const refused = await asSession(cookie, { path: `/v1/apps/${app.id}/endpoints`, method: 'POST', body: JSON.stringify({ url: 'https://example.com/hook', events: ['*'] }) });
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('read_only');
  expect((await app.api('GET', `/v1/apps/${app.id}/endpoints`)).body.data).toHaveLength(0);
});

it('ends a session that signs out, and every link and session when the key is rotated', async () => {
  const app = await newApp();
  const { cookie } = await open((await app.api('POST', `/v1/apps/${app.id}/portal-links`, {})).body.url);
  expect((await asSession(cookie, { path: '/console/portal/sign-out', method: 'POST', body: '{}', console: false })).status).toBe(403);
  const out = await asSession(cookie, { path: '/console/portal/sign-out', method: 'POST', body: '{}' });
  expect(out.status).toBe(204);
  expect(out.headers.get('set-cookie')).toMatch(/^herald_portal=; Path=\/; HttpOnly; Max-Age=0/);
  expect((await asSession(cookie, { path: '/v1/app' })).status).toBe(401);

  const second = await open((await app.api('POST', `/v1/apps/${app.id}/portal-links`, {})).body.url);
  const unused = (await app.api('POST', `/v1/apps/${app.id}/portal-links`, {})).body.url;
  expect((await app.api('POST', `/v1/apps/${app.id}/api-key/rotate`)).status).toBe(200);
  expect((await asSession(second.cookie, { path: '/v1/app' })).status).toBe(401);
  expect((await open(unused)).res.status).toBe(410);
});

it('refuses a read-only session the endpoints\' signing secrets', async () => {
  const app = await newApp();
  const endpoint = (await app.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'https://example.com/hook', events: ['*'] })).body;
  const { cookie } = await open((await app.api('POST', `/v1/apps/${app.id}/portal-links`, { readOnly: true })).body.url);
  expect((await asSession(cookie, { path: `/v1/apps/${app.id}/endpoints/${endpoint.id}` })).status).toBe(200);
  const secret = await asSession(cookie, { path: `/v1/apps/${app.id}/endpoints/${endpoint.id}/secret` });
  expect(secret.status).toBe(403);
  expect(await secret.text()).not.toContain('whsec_');
});

it('refuses an expired link, a made-up one, and a bad request for one', async () => {
  const app = await newApp();
  const link = (await app.api('POST', `/v1/apps/${app.id}/portal-links`, { expiresInSeconds: 30 })).body;
  await herald.pool.query("UPDATE portal_links SET expires_at = now() - interval '1 second'");
  expect((await open(link.url)).res.status).toBe(410);
  expect((await open(`${herald.url}/console/portal/hpl_${'x'.repeat(43)}`)).res.status).toBe(410);
  expect((await app.api('POST', `/v1/apps/${app.id}/portal-links`, { expiresInSeconds: 5 })).status).toBe(400);
  expect((await app.api('POST', `/v1/apps/${app.id}/portal-links`, { forever: true })).status).toBe(400);
  // No cookie that is not a session's passes either.
  expect((await asSession('herald_portal=hps_nothing', { path: '/v1/app' })).status).toBe(401);
});

it('lets only the named origins frame the console', async () => {
  const res = await fetch(`${herald.url}/console`);
  expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://dash.example.com');
  // Its own script and stylesheet only: nothing inline may run.
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'");
  expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  const page = await res.text();
  expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  const script = /<script[^>]*src="([^"]+)"/.exec(page)![1];
  expect((await fetch(herald.url + script)).headers.get('content-type')).toContain('text/javascript');
  const plain = await startTestHerald({ roles: { api: true, worker: false } });
  try {
    expect((await fetch(`${plain.url}/console`)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  } finally {
    await plain.stop();
  }
});
