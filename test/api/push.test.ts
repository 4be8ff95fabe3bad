// Push credentials and devices through the API (app.inject) on the real PostgreSQL: what is
// accepted, what is refused and where, what is stored sealed, one active credential at a time.
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { createSecretBox } from '../../domain/secret-box';
import { buildTestApi } from '../support/api';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

let pool: Pool;
let api: FastifyInstance;

const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const P256 = pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const P384 = pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey);
const RSA = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);

const apns = (over: object = {}) => ({
  platform: 'apns', name: 'ios production', environment: 'production', keyId: 'ABCDE12345', teamId: 'TEAM123456', topic: 'com.example.chat', privateKey: P256, ...over,
});
const account = (over: object = {}) => ({
  type: 'service_account', project_id: 'chat-prod', client_email: 'herald@chat-prod.iam.gserviceaccount.com', private_key: RSA,
  token_uri: 'https://oauth2.googleapis.com/token', ...over,
});

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool, { allowPrivateTargets: false, lookup: (_h, _o, cb) => cb(null, [{ address: '93.184.215.14', family: 4 }]) });
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function newApp() {
  const res = await api.inject({ method: 'POST', url: '/v1/apps', headers: as(ADMIN_TOKEN), payload: { name: 'push' } });
  const { id, apiKey } = res.json() as { id: string; apiKey: string };
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    api.inject({ method, url: `/v1/apps/${id}${path}`, headers: as(apiKey), payload });
  return { id, call };
}

describe('push credentials', () => {
  it('stores an APNs key sealed, shows what identifies it and never the key', async () => {
    const a = await newApp();
    const res = await a.call('POST', '/push-credentials', apns({ expiresAt: new Date(Date.now() + 10 * 86_400_000 - 60_000).toISOString() }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ platform: 'apns', name: 'ios production', environment: 'production', active: true, status: 'ok', keyId: 'ABCDE12345', teamId: 'TEAM123456', topic: 'com.example.chat', daysToExpiry: 10 });
    expect(res.body).not.toContain('PRIVATE KEY');
    const row = (await pool.query('SELECT secret_sealed FROM push_credentials WHERE id = $1', [body.id])).rows[0];
    expect(row.secret_sealed).not.toContain('PRIVATE KEY');
    expect(createSecretBox(testEnv().encryptionKey).open(row.secret_sealed, `push_credentials:${body.id}:secret`)).toBe(P256);
    const listed = await a.call('GET', '/push-credentials');
    expect(listed.body).not.toContain('PRIVATE KEY');
    expect(listed.json().data).toEqual([expect.objectContaining({ id: body.id })]);
  });

  it('stores an FCM service account, shows its project and account, never its key', async () => {
    const a = await newApp();
    const res = await a.call('POST', '/push-credentials', { platform: 'fcm', name: 'android', serviceAccount: account() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ platform: 'fcm', active: true, projectId: 'chat-prod', clientEmail: 'herald@chat-prod.iam.gserviceaccount.com' });
    expect(res.json()).not.toHaveProperty('environment');
    expect(res.body).not.toContain('PRIVATE KEY');
  });

  it('refuses malformed keys and accounts with a 400 naming the field', async () => {
    const a = await newApp();
    const cases: [object, string, RegExp][] = [
      [apns({ privateKey: P384 }), '/privateKey', /EC P-256/],
      [apns({ privateKey: RSA }), '/privateKey', /EC P-256/],
      [apns({ privateKey: 'not a key' }), '/privateKey', /not a PEM private key/],
      [apns({ topic: undefined }), '/topic', /required for apns/],
      [apns({ keyId: 'short' }), '/keyId', /pattern/],
      [apns({ serviceAccount: account() }), '/serviceAccount', /belongs to fcm/],
      [{ platform: 'fcm', name: 'x', serviceAccount: account({ client_email: undefined }) }, '/serviceAccount/client_email', /required/],
      [{ platform: 'fcm', name: 'x', serviceAccount: account({ private_key: undefined, project_id: undefined }) }, '/serviceAccount/private_key', /required/],
      [{ platform: 'fcm', name: 'x', serviceAccount: account({ private_key: P256 }) }, '/serviceAccount/private_key', /RSA/],
      [{ platform: 'fcm', name: 'x', serviceAccount: account({ token_uri: 'http://127.0.0.1:9/token' }) }, '/serviceAccount/token_uri', /private or reserved/],
      [{ platform: 'fcm', name: 'x', serviceAccount: account({ token_uri: 'http://oauth2.example.com/token' }) }, '/serviceAccount/token_uri', /https/],
      [{ platform: 'fcm', name: 'x', serviceAccount: account(), expiresAt: '0000-01-01T00:00:00Z' }, '/expiresAt', /instant Herald can store/],
      [{ platform: 'fcm', name: 'x', serviceAccount: account(), environment: 'production' }, '/environment', /belongs to apns/],
      [{ platform: 'fcm', name: 'x' }, '/serviceAccount', /required for fcm/],
    ];
    for (const [body, path, message] of cases) {
      const res = await a.call('POST', '/push-credentials', body);
      expect({ path, status: res.statusCode }).toEqual({ path, status: 400 });
      expect(res.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', path, message: expect.stringMatching(message) })]));
    }
    const missingBoth = await a.call('POST', '/push-credentials', { platform: 'fcm', name: 'x', serviceAccount: account({ private_key: undefined, project_id: undefined }) });
    expect(missingBoth.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/serviceAccount/private_key', '/serviceAccount/project_id']);
    expect((await a.call('GET', '/push-credentials')).json().data).toEqual([]);
    const created = (await a.call('POST', '/push-credentials', { platform: 'fcm', name: 'x', serviceAccount: account() })).json();
    const farOffset = await a.call('PATCH', `/push-credentials/${created.id}`, { expiresAt: '2030-01-01T00:00:00+20:27' });
    expect(farOffset.json()).toMatchObject({ expiresAt: '2029-12-31T03:33:00.000Z' });
    const patched = await a.call('PATCH', `/push-credentials/${created.id}`, { expiresAt: '0000-01-01T00:00:00Z' });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details).toEqual([expect.objectContaining({ path: '/expiresAt' })]);
  });

  it('keeps one active credential per platform and APNs environment; activating one deactivates the other', async () => {
    const a = await newApp();
    const first = (await a.call('POST', '/push-credentials', apns({ name: 'old key' }))).json();
    expect((await a.call('POST', '/push-credentials', apns({ name: 'sandbox', environment: 'sandbox' }))).statusCode).toBe(201);
    expect((await a.call('POST', '/push-credentials', { platform: 'fcm', name: 'android', serviceAccount: account() })).statusCode).toBe(201);
    const second = (await a.call('POST', '/push-credentials', apns({ name: 'new key' }))).json();
    const active = async () => Object.fromEntries((await a.call('GET', '/push-credentials')).json().data.map((c: { name: string; active: boolean }) => [c.name, c.active]));
    expect(await active()).toEqual({ 'old key': false, sandbox: true, android: true, 'new key': true });
    const back = await a.call('PATCH', `/push-credentials/${first.id}`, { active: true, name: 'old key, again' });
    expect(back.json()).toMatchObject({ active: true, name: 'old key, again' });
    expect(await active()).toEqual({ 'old key, again': true, sandbox: true, android: true, 'new key': false });
    const staged = await a.call('POST', '/push-credentials', apns({ name: 'staged', active: false }));
    expect(staged.json().active).toBe(false);
    expect((await a.call('DELETE', `/push-credentials/${second.id}`)).statusCode).toBe(204);
    expect((await a.call('DELETE', `/push-credentials/${second.id}`)).statusCode).toBe(404);
    expect((await a.call('PATCH', `/push-credentials/${second.id}`, { active: true })).statusCode).toBe(404);
    // What is stored now, read back: the other platform's and environment's stay active.
    expect(await active()).toEqual({ 'old key, again': true, sandbox: true, android: true, staged: false });
  });

  it('ends with exactly one active credential when several are activated at once', async () => {
    const a = await newApp();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => a.call('POST', '/push-credentials', apns({ name: `key ${i}` }))));
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM push_credentials WHERE app_id = $1 AND active", [a.id]);
    expect(rows[0].n).toBe(1);
  });
});

describe('devices', () => {
  const iosToken = 'a1'.repeat(32);
  const fcmToken = `dGVzdA:APA91b${'F'.repeat(140)}`;

  it('registers a token once, lists and removes it; the same token again is a 200 with nothing doubled', async () => {
    const a = await newApp();
    const created = await a.call('POST', '/users/alice/devices', { platform: 'apns', token: iosToken, environment: 'sandbox' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ platform: 'apns', token: iosToken, userId: 'alice', environment: 'sandbox' });
    const again = await a.call('POST', '/users/alice/devices', { platform: 'apns', token: iosToken, environment: 'production' });
    expect(again.statusCode).toBe(200);
    expect((await a.call('POST', '/users/alice/devices', { platform: 'fcm', token: fcmToken })).statusCode).toBe(201);
    const listed = (await a.call('GET', '/users/alice/devices')).json().data;
    expect(listed).toEqual([
      expect.objectContaining({ token: iosToken, environment: 'production' }),
      expect.not.objectContaining({ environment: expect.anything() }),
    ]);
    expect((await a.call('DELETE', `/users/alice/devices/${iosToken}`)).statusCode).toBe(204);
    expect((await a.call('DELETE', `/users/alice/devices/${iosToken}`)).statusCode).toBe(404);
    expect((await a.call('GET', '/users/alice/devices')).json().data).toHaveLength(1);
  });

  it('moves a token to the newest user that registers it', async () => {
    const a = await newApp();
    await a.call('POST', '/users/alice/devices', { platform: 'fcm', token: fcmToken });
    const moved = await a.call('POST', '/users/bob/devices', { platform: 'fcm', token: fcmToken });
    expect(moved.statusCode).toBe(201);
    expect((await a.call('GET', '/users/alice/devices')).json().data).toEqual([]);
    expect((await a.call('GET', '/users/bob/devices')).json().data).toEqual([expect.objectContaining({ token: fcmToken, userId: 'bob' })]);
    expect((await a.call('DELETE', `/users/alice/devices/${fcmToken}`)).statusCode).toBe(404);
  });

  it('refuses tokens of the wrong shape, an environment for FCM, and more devices than a user may have', async () => {
    const a = await newApp();
    const bad: [object, string][] = [
      [{ platform: 'apns', token: 'xyz' }, '/token'],
      [{ platform: 'apns', token: 'g'.repeat(64) }, '/token'],
      [{ platform: 'fcm', token: 'short' }, '/token'],
      [{ platform: 'fcm', token: fcmToken, environment: 'sandbox' }, '/environment'],
      [{ platform: 'webpush', token: fcmToken }, '/platform'],
    ];
    for (const [body, path] of bad) {
      const res = await a.call('POST', '/users/carol/devices', body);
      expect({ path, status: res.statusCode, where: res.json().error.details[0]?.path }).toEqual({ path, status: 400, where: path });
    }
    for (let i = 0; i < 20; i++) {
      expect((await a.call('POST', '/users/carol/devices', { platform: 'apns', token: i.toString(16).padStart(64, '0') })).statusCode).toBe(201);
    }
    const over = await a.call('POST', '/users/carol/devices', { platform: 'apns', token: 'f'.repeat(64) });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('device_limit');
    expect((await a.call('POST', '/users/carol/devices', { platform: 'apns', token: '0'.repeat(64) })).statusCode).toBe(200);
  });
});
