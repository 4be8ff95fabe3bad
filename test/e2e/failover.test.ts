// Provider failover end to end, against two Twilio-compatible SMS stand-ins on loopback: a send
// moves to the route's fallback channel at once when its channel fails for a while, not when the
// recipient is refused; the log shows each channel tried; a channel that keeps failing is skipped
// (its circuit open) and tried again after its cool-down.
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, testEnv, type TestHerald } from '../support/herald';
import { INVALID_NUMBER, startSmsPeer, type SmsPeer } from '../support/channel-peers';
import { createPool, type Pool } from '../../db/pool';
import { CIRCUIT } from '../../db/channels-repository';

const account = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'token-1' };
let herald: TestHerald;
let db: Pool;
let primary: SmsPeer;
let backup: SmsPeer;
/** What the primary answers: down (503) while `primaryDown`, else as a provider does. */
let primaryDown = true;
const DOWN = { status: 503, body: { code: 20500, message: 'Service unavailable' } };

beforeAll(async () => {
  primary = await startSmsPeer(account, (_n, sent) => (sent.to.endsWith('0001') ? INVALID_NUMBER : primaryDown ? DOWN : undefined));
  backup = await startSmsPeer(account, (_n, sent) => (sent.to.endsWith('0001') ? INVALID_NUMBER : undefined));
  herald = await startTestHerald();
  db = createPool(testEnv().databaseUrl);
});
afterAll(async () => {
  await herald.stop();
  await db.end();
  await primary.close();
  await backup.close();
});

async function setUp() {
  const { body: created } = await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'failover', settings: { retrySchedule: [1] } });
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const a = (await api('POST', `${base}/channels`, { type: 'sms', name: 'provider-a', config: { ...account, from: '+15005550006', baseUrl: primary.baseUrl } })).body;
  const b = (await api('POST', `${base}/channels`, { type: 'sms', name: 'provider-b', config: { ...account, from: '+15005550007', baseUrl: backup.baseUrl } })).body;
  const route = await api('POST', `${base}/routes`, { events: ['message.created'], channelId: a.id, to: '{{data.phoneNumber}}', fallbackChannelIds: [b.id], template: { text: '{{data.body}}' } });
  expect(route.status).toBe(201);
  expect(route.body.fallbackChannelIds).toEqual([b.id]);
  let n = 0;
  const send = async (phoneNumber: string) => {
    const id = `f${++n}`;
    expect((await api('POST', `${base}/events`, { id, type: 'message.created', data: { messageId: id, from: 'a', to: 'b', kind: 'text', body: `text ${id}`, phoneNumber } })).status).toBe(202);
    return id;
  };
  const settled = (id: string) =>
    eventually(async () => {
      const { body } = await api('GET', `${base}/events/${id}`);
      const d = body.deliveries[0];
      return d && !['pending', 'sending', 'retrying'].includes(d.status) ? d : undefined;
    });
  const attempts = async (id: string) => (await api('GET', `${base}/events/${id}/attempts`)).body.data as { url: string; outcome: string; statusCode: number | null; error: string | null }[];
  return { api, base, a, b, send, settled, attempts };
}

it('moves a send to the fallback at once when its channel is down, logging each channel tried; a refused recipient does not move', async () => {
  primaryDown = true;
  const { send, settled, attempts } = await setUp();
  const id = await send('+15005550100');
  expect((await settled(id)).status).toBe('delivered');
  expect(backup.sent.map((m) => m.body)).toContain(`text ${id}`);
  expect(await attempts(id)).toEqual([
    expect.objectContaining({ url: 'sms provider-a → +15005550100', outcome: 'moved', statusCode: 503, error: expect.stringMatching(/the send moved to the next channel/) }),
    expect.objectContaining({ url: 'sms provider-b → +15005550100', outcome: 'delivered', statusCode: 201 }),
  ]);

  const refusedBefore = backup.sent.length;
  primaryDown = false;
  const refused = await send('+15005550001');
  expect((await settled(refused)).status).toBe('failed');
  expect((await attempts(refused)).map((a) => a.url)).toEqual(['sms provider-a → +15005550001']);
  expect(backup.sent.length).toBe(refusedBefore);
});

it('opens the circuit of a channel that keeps failing: later sends skip it for the fallback, and it is tried again after its cool-down', async () => {
  primaryDown = true;
  const { api, base, a, send, settled, attempts } = await setUp();
  for (let i = 0; i < CIRCUIT.failures; i++) expect((await settled(await send(`+1500555020${i}`))).status).toBe('delivered');
  const channel = await eventually(async () => {
    const { body } = await api('GET', `${base}/channels/${a.id}`);
    return body.status === 'failing' ? body : undefined;
  });
  expect(channel.statusReason).toMatch(new RegExp(`^${CIRCUIT.failures} failures in a row, the last: Service unavailable`));

  const triedBefore = primary.sent.length;
  const skipped = await send('+15005550300');
  expect((await settled(skipped)).status).toBe('delivered');
  expect(primary.sent.length).toBe(triedBefore);
  expect((await attempts(skipped))[0]).toEqual(expect.objectContaining({ url: 'sms provider-a', outcome: 'moved', error: expect.stringMatching(/^not tried: the channel is failing until/) }));

  // The cool-down passes (moved here rather than waited for); the provider is back.
  primaryDown = false;
  await db.query('UPDATE channels SET open_until = now() WHERE id = $1', [a.id]);
  const again = await send('+15005550400');
  expect((await settled(again)).status).toBe('delivered');
  expect(primary.sent.length).toBe(triedBefore + 1);
  expect((await attempts(again)).map((x) => x.url)).toEqual(['sms provider-a → +15005550400']);
  await eventually(async () => ((await api('GET', `${base}/channels/${a.id}`)).body.status === 'ok' ? true : undefined));
});

it('refuses a fallback that is not the app\'s, is the route\'s own, or reaches another kind of recipient', async () => {
  const { api, base, a } = await setUp();
  const mail = (await api('POST', `${base}/channels`, { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: 25, secure: false, from: 'h@example.com' } })).body;
  for (const [fallbackChannelIds, message] of [
    [['ch_nope'], 'names no channel of this app'],
    [[a.id], "is the route's own channel"],
    [[mail.id], 'is a email channel'],
  ] as const) {
    const res = await api('POST', `${base}/routes`, { events: ['*'], channelId: a.id, to: '{{data.phoneNumber}}', fallbackChannelIds });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toEqual({ in: 'body', path: '/fallbackChannelIds/0', message: expect.stringContaining(message) });
  }
});
