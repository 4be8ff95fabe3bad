// What an app may create is bounded, as its endpoints are: channels, routes, push credentials,
// devices per user and live bins, each with a 409 that says the limit and the variable setting it;
// creations racing for the last place get it once.
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildTestApi } from '../support/api';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

let pool: Pool;
let api: FastifyInstance;
const limits = { channelsPerApp: 3, routesPerApp: 2, pushCredentialsPerApp: 2, devicesPerUser: 2, binsPerApp: 2 };

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool, { limits });
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

async function newApp() {
  const { id, apiKey } = (await api.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'caps' } })).json();
  return (method: 'GET' | 'POST', path: string, payload?: object) => api.inject({ method, url: `/v1/apps/${id}${path}`, headers: { authorization: `Bearer ${apiKey}` }, ...(payload && { payload }) });
}

const slack = (n: number) => ({ type: 'slack', name: `s${n}`, config: { url: `https://hooks.slack.com/services/T/B/${n}` } });
const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const apns = (n: number) => ({ platform: 'apns', name: `ios ${n}`, environment: 'production', keyId: 'ABCDE12345', teamId: 'TEAM123456', topic: 'com.example.chat', privateKey: pem, active: false });

function expectLimit(res: { statusCode: number; json(): { error: { code: string; message: string } } }, code: string, message: RegExp) {
  expect({ status: res.statusCode, ...res.json().error }).toEqual({ status: 409, code, message: expect.stringMatching(message), details: [] });
}

/** An APNs device token (64 hex characters) of its own for each n. */
const token = (n: number) => `${String(n).padStart(2, '0')}${'a'.repeat(62)}`;

it('refuses the channel, route, push credential, device and bin past each cap, naming it', async () => {
  const call = await newApp();
  const channels = [];
  for (let n = 0; n < 3; n++) channels.push((await call('POST', '/channels', slack(n))).json());
  expectLimit(await call('POST', '/channels', slack(9)), 'channel_limit', /the app has 3 channels, the most it may have \(HERALD_MAX_CHANNELS_PER_APP\)/);

  for (let n = 0; n < 2; n++) expect((await call('POST', '/routes', { events: ['*'], channelId: channels[0].id })).statusCode).toBe(201);
  expectLimit(await call('POST', '/routes', { events: ['*'], channelId: channels[1].id }), 'route_limit', /2 routes.*HERALD_MAX_ROUTES_PER_APP/);
  expect((await call('GET', '/routes')).json().data).toHaveLength(2);

  for (let n = 0; n < 2; n++) expect((await call('POST', '/push-credentials', apns(n))).statusCode).toBe(201);
  expectLimit(await call('POST', '/push-credentials', apns(9)), 'push_credential_limit', /2 push credentials.*HERALD_MAX_PUSH_CREDENTIALS_PER_APP/);

  for (let n = 0; n < 2; n++) expect((await call('POST', '/users/u1/devices', { platform: 'apns', token: token(n) })).statusCode).toBe(201);
  expectLimit(await call('POST', '/users/u1/devices', { platform: 'apns', token: token(9) }), 'device_limit', /the user has 2 devices.*HERALD_MAX_DEVICES_PER_USER/);
  // A token the user has already is a refresh, and another user has room of their own.
  expect((await call('POST', '/users/u1/devices', { platform: 'apns', token: token(0) })).statusCode).toBe(200);
  expect((await call('POST', '/users/u2/devices', { platform: 'apns', token: token(9) })).statusCode).toBe(201);

  for (let n = 0; n < 2; n++) expect((await call('POST', '/bins')).statusCode).toBe(201);
  expectLimit(await call('POST', '/bins'), 'bin_limit', /2 live bins.*HERALD_MAX_BINS_PER_APP/);
});

it('gives the last place to one of several racing creations', async () => {
  const call = await newApp();
  const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => call('POST', '/channels', slack(n))));
  expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
  expect((await call('GET', '/channels')).json().data).toHaveLength(3);
});

it("gives a user's last device places to as many racing registrations as the cap allows", async () => {
  const call = await newApp();
  const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => call('POST', '/users/racer/devices', { platform: 'apns', token: token(20 + n) })));
  expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, 409, 409, 409, 409, 409, 409]);
  expect((await call('GET', '/users/racer/devices')).json().data).toHaveLength(2);
});
