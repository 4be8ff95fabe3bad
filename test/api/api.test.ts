// The HTTP contract through app.inject (the network adds nothing here), on the real PostgreSQL,
// starting real workflows on the run's Temporal (on a task queue no worker polls: they wait there)
// through Herald's own starter, which records what Temporal answered.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { buildTestApi } from '../support/api';
import { createEventStarter, type EventStarter } from '../../runtime/event-starter';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import type { HeraldEvent } from '../../domain/event-envelope';
import { ADMIN_TOKEN, testEnv } from '../support/herald';
import { DEFAULT_RETRY_SCHEDULE } from '../../domain/retry-policy';

let pool: Pool;
let app: FastifyInstance;
let connection: Connection;
/** Each start made, and what Temporal answered: true, or false for a workflow id it already had. */
const started: (HeraldEvent & { new: boolean })[] = [];
let failStarts = false;
let real: EventStarter;
const starter: EventStarter = {
  async start(event, options) {
    // Temporal away, as the 503 path needs it: refused before reaching it.
    if (failStarts) throw new Error('Temporal unreachable');
    const result = await real.start(event, options);
    started.push({ ...event, new: result });
    return result;
  },
};

beforeAll(async () => {
  const env = testEnv();
  pool = createPool(env.databaseUrl);
  await migrate(pool);
  connection = await Connection.connect({ address: env.temporalAddress });
  real = createEventStarter(new Client({ connection }), { taskQueue: `api-test-${randomUUID()}`, eagerStart: false });
  app = await buildTestApi(pool, { starter });
});
afterAll(async () => {
  await app.close();
  await pool.end();
  await connection.close();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function createApp(settings?: object) {
  const res = await app.inject({ method: 'POST', url: '/v1/apps', headers: as(ADMIN_TOKEN), payload: { name: 'test', settings } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; apiKey: string; settings: Record<string, unknown> };
}

const message = { messageId: 'm1', from: 'alice', to: 'bob', kind: 'text', body: 'hi' };

describe('apps', () => {
  it('creates an app with the admin token, shows its key once and fills default settings', async () => {
    const created = await createApp({ bounceThreshold: 5 });
    expect(created.apiKey).toMatch(/^hk_/);
    expect(created.settings).toMatchObject({ bounceThreshold: 5, offlineSuppressionSeconds: 300 });
    expect(created.settings.retrySchedule).toEqual([...DEFAULT_RETRY_SCHEDULE]);
    const got = await app.inject({ method: 'GET', url: `/v1/apps/${created.id}`, headers: as(created.apiKey) });
    expect(got.statusCode).toBe(200);
    expect(got.json()).not.toHaveProperty('apiKey');
    const stored = await pool.query('SELECT api_key_hash FROM apps WHERE id = $1', [created.id]);
    expect(stored.rows[0].api_key_hash.toString()).not.toContain(created.apiKey);
  });

  it('rotates a key: the old one is refused at once here and within 2 s by another API process that had it cached', async () => {
    const created = await createApp();
    const other = await buildTestApi(pool, { starter });
    try {
      const get = (api: FastifyInstance, key: string) => api.inject({ method: 'GET', url: `/v1/apps/${created.id}`, headers: as(key) });
      expect((await get(other, created.apiKey)).statusCode).toBe(200);
      const rotated = await app.inject({ method: 'POST', url: `/v1/apps/${created.id}/api-key/rotate`, headers: as(created.apiKey) });
      expect(rotated.statusCode).toBe(200);
      const { apiKey } = rotated.json();
      expect(apiKey).toMatch(/^hk_/);
      expect(apiKey).not.toBe(created.apiKey);
      expect((await get(app, created.apiKey)).statusCode).toBe(401);
      expect((await get(app, apiKey)).statusCode).toBe(200);
      const rotatedAt = Date.now();
      while ((await get(other, created.apiKey)).statusCode === 200) await new Promise((r) => setTimeout(r, 50));
      expect(Date.now() - rotatedAt).toBeLessThan(2000);
      expect((await get(other, apiKey)).statusCode).toBe(200);
      // The admin may rotate any app's key; another app's key may not.
      const stranger = await createApp();
      expect((await app.inject({ method: 'POST', url: `/v1/apps/${created.id}/api-key/rotate`, headers: as(stranger.apiKey) })).statusCode).toBe(404);
      expect((await app.inject({ method: 'POST', url: `/v1/apps/${created.id}/api-key/rotate`, headers: as(ADMIN_TOKEN) })).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('deletes an app with the admin token alone: its key stops working, its rows are gone', async () => {
    const created = await createApp();
    await app.inject({ method: 'POST', url: `/v1/apps/${created.id}/events`, headers: as(created.apiKey), payload: { id: 'before-delete', type: 'message.sent', data: { messageId: 'm' } } });
    expect((await app.inject({ method: 'DELETE', url: `/v1/apps/${created.id}`, headers: as(created.apiKey) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/v1/apps/${created.id}`, headers: as(ADMIN_TOKEN) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/v1/apps/${created.id}`, headers: as(ADMIN_TOKEN) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/v1/apps/${created.id}`, headers: as(created.apiKey) })).statusCode).toBe(401);
    expect((await pool.query('SELECT count(*)::int AS n FROM events WHERE app_id = $1', [created.id])).rows[0].n).toBe(0);
  });

  it('lists every app for the admin token, page by page, and to no app key', async () => {
    const [a, b] = [await createApp(), await createApp()];
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await app.inject({ method: 'GET', url: `/v1/apps?limit=50${cursor ? `&cursor=${cursor}` : ''}`, headers: as(ADMIN_TOKEN) });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().data.map((x: { id: string }) => x.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining([a.id, b.id]));
    expect((await app.inject({ method: 'GET', url: '/v1/apps', headers: as(a.apiKey) })).statusCode).toBe(403);
  });

  it('patches settings, keeping the ones not named, and refuses unknown or wrong ones', async () => {
    const created = await createApp();
    const ok = await app.inject({ method: 'PATCH', url: `/v1/apps/${created.id}`, headers: as(created.apiKey), payload: { settings: { retrySchedule: [1, 2] } } });
    expect(ok.json().settings).toMatchObject({ retrySchedule: [1, 2], bounceThreshold: 3 });
    const bad = await app.inject({ method: 'PATCH', url: `/v1/apps/${created.id}`, headers: as(created.apiKey), payload: { settings: { bounceThreshold: 'many', colour: 'red' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', path: '/settings/bounceThreshold' }),
        expect.objectContaining({ in: 'body', path: '/settings/colour', message: 'is not allowed here' }),
      ]),
    );
  });

  // 401 and another app's 404 on every app-scoped route: test/api/cross-app.test.ts.
  it('answers an app key on the admin routes with 403', async () => {
    const a = await createApp();
    const forbidden = await app.inject({ method: 'POST', url: '/v1/apps', headers: as(a.apiKey), payload: { name: 'x' } });
    expect({ status: forbidden.statusCode, code: forbidden.json().error.code }).toEqual({ status: 403, code: 'forbidden' });
  });
});

describe('endpoints', () => {
  it('creates an endpoint with a whsec_ secret shown once, revealed only on its own route', async () => {
    const a = await createApp();
    const res = await app.inject({
      method: 'POST',
      url: `/v1/apps/${a.id}/endpoints`,
      headers: as(a.apiKey),
      payload: { url: 'https://hooks.example.com/herald', events: ['message.created', 'user.online'] },
    });
    expect(res.statusCode).toBe(201);
    const ep = res.json();
    // Retrying is the default (Standard Webhooks).
    expect(ep).toMatchObject({ status: 'enabled', guaranteed: true, events: ['message.created', 'user.online'] });
    expect(ep.secret).toMatch(/^whsec_/);
    const got = await app.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints/${ep.id}`, headers: as(a.apiKey) });
    expect(got.json()).not.toHaveProperty('secret');
    // How it is sealed at rest: test/api/hardening.test.ts ("secrets at rest").
    const revealed = await app.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints/${ep.id}/secret`, headers: as(a.apiKey) });
    expect(revealed.json()).toEqual({ secret: ep.secret });
  });

  // Private targets: test/unit/address-policy.test.ts and test/api/hardening.test.ts.
  it('refuses unknown event types and URLs that are not http(s), saying where', async () => {
    const a = await createApp();
    const post = (payload: object) => app.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload });
    const badType = await post({ url: 'https://example.com/x', events: ['user.teleported'] });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.details[0].path).toBe('/events/0');
    expect((await post({ url: 'ftp://example.com', events: ['*'] })).statusCode).toBe(400);
  });

  it('takes mesibo event masks instead of type names, and says what is wrong with one', async () => {
    const a = await createApp();
    const post = (payload: object) => app.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload });
    const ok = await post({ url: 'https://example.com/m', eventMask: 0x130, format: 'mesibo' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ events: ['user.online', 'user.offline', 'message.created', 'message.offline'], format: 'mesibo' });
    const unknownBit = await post({ url: 'https://example.com/m', eventMask: '0x11' });
    expect(unknownBit.json().error).toMatchObject({ details: [{ in: 'body', path: '/eventMask', message: expect.stringContaining('0x1') }] });
    expect((await post({ url: 'https://example.com/m', eventMask: 16, events: ['*'] })).statusCode).toBe(400);
    expect((await post({ url: 'https://example.com/m' })).json().error.details[0].path).toBe('/events');
    expect((await post({ url: 'https://example.com/m', events: ['*'], format: 'xml' })).statusCode).toBe(400);
  });

  it('disables and re-enables an endpoint', async () => {
    const a = await createApp();
    const ep = (await app.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: 'https://example.com/x', events: ['*'] } })).json();
    const off = await app.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints/${ep.id}/disable`, headers: as(a.apiKey) });
    expect(off.json()).toMatchObject({ status: 'disabled', disabledReason: 'disabled through the API' });
    const on = await app.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints/${ep.id}/enable`, headers: as(a.apiKey) });
    expect(on.json().status).toBe('enabled');
    expect(on.json()).not.toHaveProperty('disabledReason');
    // The operator may say why.
    const said = await app.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints/${ep.id}/disable`, headers: as(a.apiKey), payload: { reason: 'receiver moving to a new host' } });
    expect(said.json()).toMatchObject({ status: 'disabled', disabledReason: 'disabled through the API: receiver moving to a new host' });
    const tooLong = await app.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints/${ep.id}/disable`, headers: as(a.apiKey), payload: { reason: 'x'.repeat(301) } });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('events', () => {
  it('accepts an event with 202, starts its workflow once, and answers a repeat with 200 and the same body', async () => {
    const a = await createApp();
    const post = () => app.inject({ method: 'POST', url: `/v1/apps/${a.id}/events`, headers: as(a.apiKey), payload: { id: 'evt-1', type: 'message.created', data: message } });
    const first = await post();
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ id: 'evt-1', workflowId: `event/${a.id}/evt-1` });
    const before = started.length;
    // The event is not routed yet (no worker here), so the repeat tries the start again and the
    // starter reports the workflow as existing: nothing new.
    const again = await post();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    // Temporal itself refused the second start of the same workflow id.
    expect(started.slice(before).map((e) => [e.id, e.new])).toEqual([['evt-1', false]]);
    expect(started.filter((e) => e.appId === a.id).map((e) => [e.id, e.new])).toEqual([['evt-1', true], ['evt-1', false]]);
    await pool.query('UPDATE events SET routed_at = now() WHERE app_id = $1', [a.id]);
    const count = started.length;
    expect((await post()).statusCode).toBe(200);
    expect(started.length).toBe(count); // routed: not even an attempt to start
  });

  it('makes an id when none is given and keeps occurredAt', async () => {
    const a = await createApp();
    const res = await app.inject({
      method: 'POST',
      url: `/v1/apps/${a.id}/events`,
      headers: as(a.apiKey),
      payload: { type: 'user.online', data: { userId: 'u1' }, occurredAt: '2026-01-02T03:04:05+01:00' },
    });
    expect(res.statusCode).toBe(202);
    const { id } = res.json();
    expect(id).toMatch(/^evt_/);
    const got = await app.inject({ method: 'GET', url: `/v1/apps/${a.id}/events/${id}`, headers: as(a.apiKey) });
    expect(got.json()).toMatchObject({ id, type: 'user.online', status: 'accepted', occurredAt: '2026-01-02T02:04:05.000Z', deliveries: [] });
  });

  it('answers bad events with 400/413/415 and says what and where', async () => {
    const a = await createApp();
    const url = `/v1/apps/${a.id}/events`;
    const post = (payload: string | object, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, headers: { ...as(a.apiKey), 'content-type': 'application/json', ...headers }, payload });

    const missing = await post({ type: 'message.created', data: { messageId: 'm1' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('invalid_event');
    expect(missing.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/data/from', '/data/to', '/data/kind', '/data/body']);

    const wrongType = await post({ type: 'sms.delivery_report', data: { messageId: 'm', contactId: 'c', phoneNumber: '+1', status: 7 } });
    expect(wrongType.json().error.details[0].path).toBe('/data/status');

    const unknown = await post({ type: 'user.teleported', data: {} });
    expect(unknown.json().error.details[0]).toMatchObject({ path: '/type', message: expect.stringContaining('unknown event type') });

    const noData = await post({ type: 'user.online' });
    expect(noData.json().error.details).toEqual([{ in: 'body', path: '/data', message: 'is required' }]);

    const badId = await post({ id: 'has spaces', type: 'user.online', data: { userId: 'u' } });
    expect(badId.json().error.details[0].path).toBe('/id');

    const badTime = await post({ type: 'user.online', data: { userId: 'u' }, occurredAt: 'yesterday' });
    expect(badTime.json().error.details[0].path).toBe('/occurredAt');

    const malformed = await post('{"type": "user.online", ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    expect(malformed.json().error.message).toMatch(/JSON/);

    const huge = await post({ type: 'message.created', data: { ...message, body: 'x'.repeat(300_000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('256 KiB (262144 bytes)') });

    const text = await app.inject({ method: 'POST', url, headers: { ...as(a.apiKey), 'content-type': 'text/plain' }, payload: 'hi' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/takes JSON: send the body with content-type: application\/json \(this request said "text\/plain"\)/) });
  });

  it('keeps an event whose workflow could not start, answers 503, and starts it on the repeat', async () => {
    const a = await createApp();
    const post = () => app.inject({ method: 'POST', url: `/v1/apps/${a.id}/events`, headers: as(a.apiKey), payload: { id: 'later', type: 'user.offline', data: { userId: 'u9' } } });
    failStarts = true;
    const refused = await post();
    failStarts = false;
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('temporal_unavailable');
    const retried = await post();
    expect(retried.statusCode).toBe(200);
    expect(started.filter((e) => e.appId === a.id && e.id === 'later').map((e) => e.new)).toEqual([true]);
  });
});

it('reports health', async () => {
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ status: 'ok', checks: { postgres: { ok: true }, temporal: { ok: true } } });
});
