// Users' addresses and notification preferences through the API (app.inject) on the real
// PostgreSQL: what is accepted and stored, what is refused and where, PUT replacing what it names.
import type { FastifyInstance } from 'fastify';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { buildTestApi } from '../support/api';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

let pool: Pool;
let api: FastifyInstance;

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool);
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function newApp(settings?: object) {
  const res = await api.inject({ method: 'POST', url: '/v1/apps', headers: as(ADMIN_TOKEN), payload: { name: 'users', ...(settings && { settings }) } });
  expect(res.statusCode).toBe(201);
  const { id, apiKey } = res.json() as { id: string; apiKey: string };
  const call = (method: 'GET' | 'PUT' | 'POST', path: string, payload?: object) => api.inject({ method, url: `/v1/apps/${id}${path}`, headers: as(apiKey), payload });
  return { id, apiKey, call };
}

describe('users', () => {
  it('stores a profile and shows it with the preferences; a second PUT replaces it, keeping the preferences', async () => {
    const a = await newApp();
    const put = await a.call('PUT', '/users/alice', { email: 'alice@example.com', phoneNumber: '+14155550123', timeZone: 'America/Sao_Paulo', locale: 'pt-br' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ userId: 'alice', email: 'alice@example.com', phoneNumber: '+14155550123', timeZone: 'America/Sao_Paulo', locale: 'pt-BR', preferences: {} });

    const prefs = { channels: { sms: false }, events: { 'message.created': { email: false, push: true } }, quietHours: { start: '22:00', end: '07:30' } };
    const putPrefs = await a.call('PUT', '/users/alice/preferences', prefs);
    expect(putPrefs.statusCode).toBe(200);
    expect(putPrefs.json()).toEqual(prefs);

    const again = await a.call('PUT', '/users/alice', { email: 'alice@example.org' });
    expect(again.json()).toEqual({ userId: 'alice', email: 'alice@example.org', preferences: prefs });
    const got = await a.call('GET', '/users/alice');
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ userId: 'alice', email: 'alice@example.org', preferences: prefs });

    // quietHours: null ends the window; the other preferences are what the PUT says.
    const cleared = await a.call('PUT', '/users/alice/preferences', { channels: { email: false }, quietHours: null });
    expect(cleared.json()).toEqual({ channels: { email: false } });
    expect((await a.call('GET', '/users/alice')).json().preferences).toEqual({ channels: { email: false } });
  });

  it('answers 404 for a user never heard of, and a bare view for one known only by a device', async () => {
    const a = await newApp();
    const missing = await a.call('GET', '/users/nobody');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('user not found');
    const device = await a.call('POST', '/users/bob/devices', { platform: 'fcm', token: 'fcm-token-of-bob-0123456789' });
    expect(device.statusCode).toBe(201);
    const bob = await a.call('GET', '/users/bob');
    expect(bob.statusCode).toBe(200);
    expect(bob.json()).toEqual({ userId: 'bob', preferences: {} });
  });

  it('refuses bad addresses, zones and tags with a 400 naming each field', async () => {
    const a = await newApp();
    const cases: [object, string, RegExp][] = [
      [{ email: 'not an address' }, '/email', /e-mail address/],
      [{ email: 'Alice <alice@example.com>' }, '/email', /e-mail address/],
      [{ phoneNumber: '4155550123' }, '/phoneNumber', /E\.164/],
      [{ phoneNumber: '+0155550123' }, '/phoneNumber', /E\.164/],
      [{ timeZone: 'Mars/Olympus' }, '/timeZone', /IANA time zone/],
      [{ locale: 'not_a_locale!' }, '/locale', /BCP 47/],
      [{ nickname: 'al' }, '/nickname', /not allowed/],
    ];
    for (const [body, path, message] of cases) {
      const res = await a.call('PUT', '/users/carol', body);
      expect(res.statusCode).toBe(400);
      const detail = res.json().error.details[0];
      expect({ path: detail.path, message: detail.message }).toEqual({ path, message: expect.stringMatching(message) });
    }
    // Every wrong field is named, not only the first.
    const two = await a.call('PUT', '/users/carol', { email: 'xyz', timeZone: 'Nowhere/City' });
    expect(two.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/email', '/timeZone']);
    // Nothing refused was stored.
    expect((await a.call('GET', '/users/carol')).statusCode).toBe(404);
  });

  it('refuses bad preferences with a 400 naming the field', async () => {
    const a = await newApp();
    const cases: [object, string, RegExp][] = [
      [{ quietHours: { start: '25:00', end: '07:00' } }, '/quietHours/start', /pattern|match/],
      [{ quietHours: { start: '22:00', end: '07:00', timeZone: 'Moon/Base' } }, '/quietHours/timeZone', /IANA/],
      [{ quietHours: { start: '22:00', end: '22:00' } }, '/quietHours/end', /same as start/],
      [{ channels: { pigeon: false } }, '/channels/pigeon', /not allowed/],
      [{ channels: { email: 'no' } }, '/channels/email', /boolean/],
      [{ events: { 'message.created': { fax: false } } }, '/events/message.created/fax', /not allowed/],
    ];
    for (const [body, path, message] of cases) {
      const res = await a.call('PUT', '/users/dave/preferences', body);
      expect(res.statusCode).toBe(400);
      const detail = res.json().error.details[0];
      expect({ path: detail.path, message: detail.message }).toEqual({ path, message: expect.stringMatching(message) });
    }
  });

  it('keeps users apart between apps; another app\'s key gets 404', async () => {
    const a = await newApp();
    const b = await newApp();
    await a.call('PUT', '/users/erin', { email: 'erin@example.com' });
    expect((await b.call('GET', '/users/erin')).statusCode).toBe(404);
    const cross = await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/users/erin`, headers: as(b.apiKey) });
    expect(cross.statusCode).toBe(404);
    const write = await api.inject({ method: 'PUT', url: `/v1/apps/${a.id}/users/erin`, headers: as(b.apiKey), payload: { email: 'mallory@example.com' } });
    expect(write.statusCode).toBe(404);
    expect((await a.call('GET', '/users/erin')).json().email).toBe('erin@example.com');
  });

  it('takes criticalEventTypes as an app setting and shows it resolved', async () => {
    const a = await newApp({ criticalEventTypes: ['call.missed'] });
    const app = await api.inject({ method: 'GET', url: `/v1/apps/${a.id}`, headers: as(a.apiKey) });
    expect(app.json().settings.criticalEventTypes).toEqual(['call.missed']);
    const plain = await newApp();
    expect((await api.inject({ method: 'GET', url: `/v1/apps/${plain.id}`, headers: as(plain.apiKey) })).json().settings.criticalEventTypes).toEqual([]);
    const bad = await api.inject({ method: 'POST', url: '/v1/apps', headers: as(ADMIN_TOKEN), payload: { name: 'x', settings: { criticalEventTypes: ['Not A Type'] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('/settings/criticalEventTypes/0');
  });
});
