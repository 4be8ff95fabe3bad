// Channels, routes and contacts through the API (app.inject) on the real PostgreSQL: configs
// checked per type with a 400 naming the field, secrets sealed and never returned, routes that
// must name a recipient where the channel needs one.
import type { FastifyInstance } from 'fastify';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { buildTestApi } from '../support/api';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

let pool: Pool;
let api: FastifyInstance;
const contactsAsked: string[] = [];

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool, {
    allowPrivateTargets: false,
    // hooks.internal.example resolves into a private network; every other name is public.
    lookup: (host, _o, cb) => cb(null, [{ address: host === 'hooks.internal.example' ? '10.0.0.7' : '93.184.215.14', family: 4 }]),
    contacts: {
      async get(appId, contactId) {
        contactsAsked.push(contactId);
        return contactId === 'c-1' ? { appId, contactId, phoneNumber: '+15005550006', bounces: 2, bounced: false, unsubscribed: true, status: 'active', recentEventIds: ['e1'] } : undefined;
      },
    },
  });
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

async function newApp() {
  const res = await api.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'channels' } });
  const { id, apiKey } = res.json();
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    api.inject({ method, url: `/v1/apps/${id}${path}`, headers: { authorization: `Bearer ${apiKey}` }, ...(payload && { payload }) });
  return { id, call };
}

const email = { type: 'email', name: 'support mail', config: { host: 'smtp.example.com', port: 587, secure: false, auth: { user: 'herald', pass: 's3cret-pass' }, from: 'Herald <herald@example.com>' } };
const sms = { type: 'sms', name: 'texts', config: { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'auth-token-xyz', from: '+15005550006' } };

it('creates channels with their secrets sealed and never returned, lists, renames, changes part of a config, deletes', async () => {
  const a = await newApp();
  const created = await a.call('POST', '/channels', email);
  expect(created.statusCode).toBe(201);
  const channel = created.json();
  expect(channel).toMatchObject({ id: expect.stringMatching(/^ch_/), type: 'email', name: 'support mail', status: 'ok', config: { host: 'smtp.example.com', port: 587, secure: false, from: 'Herald <herald@example.com>' }, secretFields: ['auth'] });
  expect(JSON.stringify(channel)).not.toContain('s3cret-pass');
  const stored = await pool.query('SELECT config, secret_sealed FROM channels WHERE id = $1', [channel.id]);
  expect(JSON.stringify(stored.rows[0])).not.toContain('s3cret-pass');

  const texts = (await a.call('POST', '/channels', sms)).json();
  expect(texts).toMatchObject({ config: { accountSid: sms.config.accountSid, from: '+15005550006' }, secretFields: ['authToken'] });
  expect(JSON.stringify(texts)).not.toContain('auth-token-xyz');

  const page = await a.call('GET', '/channels?limit=1');
  expect(page.json()).toMatchObject({ data: [{ id: channel.id }], nextCursor: channel.id });
  expect((await a.call('GET', `/channels?cursor=${channel.id}`)).json().data.map((c: { id: string }) => c.id)).toEqual([texts.id]);

  // A new token alone: the rest of the config is kept.
  const patched = await a.call('PATCH', `/channels/${texts.id}`, { name: 'sms', config: { authToken: 'rotated-token' } });
  expect(patched.json()).toMatchObject({ name: 'sms', config: { accountSid: sms.config.accountSid, from: '+15005550006' }, secretFields: ['authToken'] });
  const bad = await a.call('PATCH', `/channels/${texts.id}`, { config: { from: 'not a number!' } });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.details).toEqual([expect.objectContaining({ path: '/config/from' })]);

  expect((await a.call('DELETE', `/channels/${channel.id}`)).statusCode).toBe(204);
  expect((await a.call('GET', `/channels/${channel.id}`)).statusCode).toBe(404);
});

it('never sends stored secrets to a new destination: a PATCH that moves a channel must give them again', async () => {
  const a = await newApp();
  const mail = (await a.call('POST', '/channels', email)).json();
  const texts = (await a.call('POST', '/channels', sms)).json();
  const hook = (await a.call('POST', '/channels', { type: 'http', name: 'h', config: { url: 'https://example.com/in', headers: { authorization: 'Bearer sealed-1' } } })).json();
  const cases: [string, object, string][] = [
    [hook.id, { url: 'https://attacker.example/in' }, '/config/headers'],
    [texts.id, { baseUrl: 'https://attacker.example' }, '/config/authToken'],
    [mail.id, { host: 'smtp.attacker.example' }, '/config/auth'],
    [mail.id, { port: 2525 }, '/config/auth'],
  ];
  for (const [id, config, path] of cases) {
    const res = await a.call('PATCH', `/channels/${id}`, { config });
    expect({ path, status: res.statusCode }).toEqual({ path, status: 400 });
    expect(res.json().error.details).toEqual([expect.objectContaining({ path, message: expect.stringMatching(/required again: the destination changes/) })]);
  }
  // Nothing changed where they were refused; given again, the move is made.
  const full = async (id: string) => (await pool.query('SELECT config FROM channels WHERE id = $1', [id])).rows[0].config;
  expect(await full(mail.id)).toMatchObject({ host: 'smtp.example.com', port: 587 });
  const moved = await a.call('PATCH', `/channels/${mail.id}`, { config: { host: 'smtp2.example.com', auth: { user: 'u', pass: 'new-pass' } } });
  expect(moved.statusCode).toBe(200);
  expect(moved.json().config).toMatchObject({ host: 'smtp2.example.com' });
  expect((await a.call('PATCH', `/channels/${hook.id}`, { config: { url: 'https://example.org/in', headers: {} } })).statusCode).toBe(200);
  // The same destination, written again, is no move.
  expect((await a.call('PATCH', `/channels/${texts.id}`, { config: { accountSid: sms.config.accountSid, from: '+15005550007' } })).statusCode).toBe(200);
});

it('refuses bad configs with a 400 naming each field', async () => {
  const a = await newApp();
  const cases: [object, string, RegExp][] = [
    [{ ...email, config: { ...email.config, host: undefined } }, '/config/host', /required/i],
    [{ ...email, config: { ...email.config, port: 70000 } }, '/config/port', /65535/],
    [{ ...email, config: { ...email.config, from: 'nobody' } }, '/config/from', /.+/],
    [{ ...email, config: { ...email.config, host: '10.1.1.1' } }, '/config/host', /private/],
    [{ ...email, config: { ...email.config, extra: 1 } }, '/config/extra', /.+/],
    [{ ...sms, config: { ...sms.config, authToken: undefined } }, '/config/authToken', /required/i],
    [{ ...sms, config: { ...sms.config, baseUrl: 'http://127.0.0.1:8080' } }, '/config/baseUrl', /private/],
    [{ type: 'slack', name: 's', config: {} }, '/config/url', /required/i],
    [{ type: 'discord', name: 'd', config: { url: 'not a url' } }, '/config/url', /.+/],
    [{ type: 'teams', name: 't', config: { url: 'https://hooks.internal.example/x' } }, '/config/url', /private or reserved/],
    [{ type: 'http', name: 'h', config: { url: 'https://example.com/in', headers: { Host: 'evil' } } }, '/config/headers/Host', /set by Herald/],
    [{ type: 'pager', name: 'p', config: {} }, '/type', /.+/],
    [{ type: 'http', name: 'h', config: { url: 'https://example.com/in', body: { a: ['{{data}}'.repeat(150), '{{id}}'.repeat(51)] } } }, '/config/body', /more than 200/],
    [{ ...email, config: { ...email.config, allowPlaintextAuth: true } }, '/config/allowPlaintextAuth', /loopback/],
  ];
  for (const [body, path, message] of cases) {
    const res = await a.call('POST', '/channels', body);
    expect({ path, status: res.statusCode }).toEqual({ path, status: 400 });
    expect(res.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', path, message: expect.stringMatching(message) })]));
  }
  expect((await a.call('GET', '/channels')).json().data).toEqual([]);
});

it('creates routes that name a recipient where the channel needs one, lists and deletes them, and removes them with their channel', async () => {
  const a = await newApp();
  const b = await newApp();
  const mail = (await a.call('POST', '/channels', email)).json();
  const slack = (await a.call('POST', '/channels', { type: 'slack', name: 'ops', config: { url: 'https://hooks.slack.com/services/T/B/x' } })).json();
  const others = (await b.call('POST', '/channels', { type: 'slack', name: 'theirs', config: { url: 'https://hooks.slack.com/services/T/B/y' } })).json();

  const route = await a.call('POST', '/routes', { events: ['message.created'], channelId: mail.id, to: '{{data.email}}', template: { subject: 'From {{data.from}}', text: '{{data.body}}' } });
  expect(route.statusCode).toBe(201);
  expect(route.json()).toMatchObject({ id: expect.stringMatching(/^rt_/), channelId: mail.id, events: ['message.created'], to: '{{data.email}}', template: { subject: 'From {{data.from}}' } });
  expect((await a.call('POST', '/routes', { events: ['*'], channelId: slack.id })).statusCode).toBe(201);

  const refusals: [object, string, RegExp][] = [
    [{ events: ['message.created'], channelId: mail.id }, '/to', /required for email/],
    [{ events: ['message.created'], channelId: slack.id, to: '{{data.email}}' }, '/to', /not used by slack/],
    [{ events: ['message.created'], channelId: others.id }, '/channelId', /no channel of this app/],
    [{ events: ['no.such.type'], channelId: slack.id }, '/events/0', /.+/],
    [{ events: ['*'], channelId: slack.id, template: { subject: 'x'.repeat(999) } }, '/template/subject', /.+/],
    [{ events: ['*'], channelId: slack.id, template: { text: '{{data}}'.repeat(201) } }, '/template', /more than 200 .*placeholders/],
  ];
  for (const [body, path, message] of refusals) {
    const res = await a.call('POST', '/routes', body);
    expect({ path, status: res.statusCode }).toEqual({ path, status: 400 });
    expect(res.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
  }

  expect((await a.call('GET', '/routes')).json().data).toHaveLength(2);
  expect((await a.call('DELETE', `/routes/${route.json().id}`)).statusCode).toBe(204);
  expect((await a.call('DELETE', `/routes/${route.json().id}`)).statusCode).toBe(404);
  await a.call('DELETE', `/channels/${slack.id}`);
  expect((await a.call('GET', '/routes')).json().data).toEqual([]);
});

it("shows a contact's state from its workflow, and 404 for a contact Herald never heard of", async () => {
  const a = await newApp();
  const found = await a.call('GET', '/contacts/c-1');
  expect(found.json()).toEqual({ contactId: 'c-1', phoneNumber: '+15005550006', bounces: 2, bounced: false, unsubscribed: true, status: 'active', workflowId: `contact/${a.id}/c-1` });
  expect((await a.call('GET', '/contacts/c-2')).statusCode).toBe(404);
  expect((await a.call('GET', '/contacts/bad%20id')).statusCode).toBe(400);
  expect(contactsAsked).toEqual(['c-1', 'c-2']);
});
