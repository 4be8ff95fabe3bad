// A user's addresses and preferences deciding what routes with recipient "user" and pushes send,
// end to end on the dev server: e-mail to a real SMTP server, SMS to a Twilio-compatible API, chat
// to a receiver, pushes to a local FCM peer; what is not sent is a delivery `skipped`, with its
// reason in the event view, the attempts log and the workflow's page in the Temporal UI.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { startSmsPeer, startSmtpPeer, type SmsPeer, type SmtpPeer } from '../support/channel-peers';
import { makeCertificate, startFcmPeer } from '../support/push-peers';

const cert = makeCertificate();
const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const account = { client_email: 'herald@chat-prod.iam.gserviceaccount.com', private_key: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) };
const sms = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'token-1' };

let herald: TestHerald;
let smtp: SmtpPeer;
let texts: SmsPeer;
let chat: Receiver;
let hooks: Receiver;
let fcm: Awaited<ReturnType<typeof startFcmPeer>>;

beforeAll(async () => {
  smtp = await startSmtpPeer();
  texts = await startSmsPeer(sms);
  chat = await startReceiver();
  hooks = await startReceiver();
  fcm = await startFcmPeer(cert, account, () => ({ status: 200, body: { name: 'projects/chat-prod/messages/1' } }));
  herald = await startTestHerald({ config: { fcmOrigin: fcm.origin }, extraCa: cert.cert });
});
afterAll(async () => {
  await herald?.stop();
  await smtp?.close();
  await texts?.close();
  await chat?.close();
  await hooks?.close();
  await fcm?.close();
});

type Delivery = { channel: string; status: string; target: string; reason?: string; lastError?: string };

async function newApp(settings: object) {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'user policy', settings })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const client = new Client({ connection: herald.connection });
  return {
    id: created.id as string,
    base,
    api,
    client,
    async ok(method: 'POST' | 'PUT', path: string, body: object) {
      const res = await api(method, `${base}${path}`, body);
      expect([res.status, res.body]).toEqual([method === 'POST' ? 201 : 200, expect.anything()]);
      return res.body;
    },
    /** Posts an event, waits for its workflow, and answers its deliveries by channel. */
    async post(type: string, data: object): Promise<{ id: string; by: Record<string, Delivery>; status: string }> {
      const id = `e-${randomUUID().slice(0, 8)}`;
      expect((await api('POST', `${base}/events`, { id, type, data })).status).toBe(202);
      await client.workflow.getHandle(`event/${created.id}/${id}`).result();
      const view = (await api('GET', `${base}/events/${id}`)).body;
      return { id, status: view.status, by: Object.fromEntries((view.deliveries as Delivery[]).map((d) => [d.channel, d])) };
    },
  };
}

const message = (to: string) => ({ messageId: randomUUID(), from: 'alice', to, kind: 'text', body: 'lunch?' });

it('sends to the user at the address each channel needs, skips with the reason where the user has none or muted it, and never mutes a critical type', async () => {
  const app = await newApp({ criticalEventTypes: ['call.missed'] });
  const mail = await app.ok('POST', '/channels', { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Chat <chat@example.com>' } });
  const phone = await app.ok('POST', '/channels', { type: 'sms', name: 'texts', config: { ...sms, from: '+15005550006', baseUrl: texts.baseUrl } });
  const team = await app.ok('POST', '/channels', { type: 'slack', name: 'team', config: { url: `${chat.url}/services/T/B/x` } });
  const route = await app.ok('POST', '/routes', { events: ['message.created', 'call.missed'], channelId: mail.id, recipient: 'user', template: { subject: 'From {{data.from}}', text: '{{data.from}}: {{data.body}}' } });
  expect(route).toMatchObject({ recipient: 'user' });
  expect(route).not.toHaveProperty('to');
  await app.ok('POST', '/routes', { events: ['message.created'], channelId: phone.id, recipient: 'user', template: { text: '{{data.from}}: {{data.body}}' } });
  await app.ok('POST', '/routes', { events: ['message.created'], channelId: team.id, recipient: 'user', template: { text: 'for {{data.to}}' } });

  await app.ok('PUT', '/users/bob', { email: 'bob@example.com', phoneNumber: '+15005550123' });
  await app.ok('PUT', '/users/bob/preferences', { channels: { chat: false }, events: { 'call.missed': { email: false } } });
  await app.ok('PUT', '/users/carol', { email: 'carol@example.com' });

  // bob: e-mail and SMS at his addresses; chat muted.
  const toBob = await app.post('message.created', message('bob'));
  expect(toBob.status).toBe('completed');
  expect(toBob.by.email).toMatchObject({ status: 'delivered', target: 'email mail → bob@example.com' });
  expect(toBob.by.sms).toMatchObject({ status: 'delivered', target: 'sms texts → +15005550123' });
  expect(toBob.by.slack).toMatchObject({ status: 'skipped', reason: 'muted: the user turned chat off (preferences channels.chat)' });
  expect(smtp.messages.filter((m) => m.envelopeTo.includes('bob@example.com')).map((m) => m.text?.trim())).toEqual(['alice: lunch?']);
  expect(texts.sent.filter((s) => s.to === '+15005550123')).toHaveLength(1);

  // carol has no phone number: the SMS is skipped, saying so; her chat is not muted.
  const toCarol = await app.post('message.created', message('carol'));
  expect(toCarol.by.email).toMatchObject({ status: 'delivered', target: 'email mail → carol@example.com' });
  expect(toCarol.by.sms).toMatchObject({ status: 'skipped', reason: `user carol has no phoneNumber (PUT /v1/apps/${app.id}/users/carol sets it)` });
  expect(toCarol.by.slack).toMatchObject({ status: 'delivered' });
  expect(JSON.parse(chat.requests.at(-1)!.body)).toEqual({ text: 'for carol' });

  // Nobody Herald knows: nothing to send to, each skip saying why; the event is complete, not failed.
  const toDave = await app.post('message.created', message('dave'));
  expect(toDave.status).toBe('completed');
  expect([toDave.by.email.status, toDave.by.email.reason]).toEqual(['skipped', `user dave has no email (PUT /v1/apps/${app.id}/users/dave sets it)`]);
  expect(toDave.by.sms.status).toBe('skipped');

  // A missed call is critical for this app: bob's mute of e-mail for it does not hold it back.
  const call = await app.post('call.missed', { from: 'alice', to: 'bob', callId: 'c1' });
  expect(call.by.email).toMatchObject({ status: 'delivered', target: 'email mail → bob@example.com' });
  expect(smtp.messages.filter((m) => m.envelopeTo.includes('bob@example.com'))).toHaveLength(2);

  // The attempts log has the skip, with its reason; the workflow's page names it beside the sends.
  const attempts = (await app.api('GET', `${app.base}/events/${toBob.id}/attempts`)).body.data;
  expect(attempts.find((a: { channel: string }) => a.channel === 'slack')).toMatchObject({ error: 'muted: the user turned chat off (preferences channels.chat)' });
  const page = await app.client.workflow.getHandle(`event/${app.id}/${toBob.id}`).query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  expect(page.currentDetails?.split('\n')[0]).toBe('Status: completed');
  expect(page.currentDetails).toMatch(/slack team \(rt_[^)]+\): skipped, attempt 1, muted: the user turned chat off/);

  // A mute set now holds back the next send: bob turns e-mail off.
  await app.ok('PUT', '/users/bob/preferences', { channels: { email: false } });
  const muted = await app.post('message.created', message('bob'));
  expect(muted.by.email).toMatchObject({ status: 'skipped', reason: 'muted: the user turned email off (preferences channels.email)' });
  expect(muted.by.slack.status).toBe('delivered');
  expect(smtp.messages.filter((m) => m.envelopeTo.includes('bob@example.com'))).toHaveLength(2);
});

it('refuses a route with both to and recipient, and an e-mail route with neither', async () => {
  const app = await newApp({});
  const mail = await app.ok('POST', '/channels', { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'chat@example.com' } });
  const both = await app.api('POST', `${app.base}/routes`, { events: ['message.created'], channelId: mail.id, to: '{{data.email}}', recipient: 'user' });
  expect([both.status, both.body.error.details[0].path]).toEqual([400, '/recipient']);
  const neither = await app.api('POST', `${app.base}/routes`, { events: ['message.created'], channelId: mail.id });
  expect([neither.status, neither.body.error.details[0].path]).toEqual([400, '/to']);
  expect(neither.body.error.message).toMatch(/recipient: "user"/);
});

it("does not push to a user who muted push, for the notice's cause, unless that type is critical", async () => {
  const app = await newApp({ offlineSuppressionSeconds: 0, criticalEventTypes: ['call.missed'] });
  await app.ok('POST', '/endpoints', { url: hooks.url, events: ['message.offline'] });
  await app.ok('POST', '/push-credentials', { platform: 'fcm', name: 'android', serviceAccount: { ...account, type: 'service_account', project_id: 'chat-prod', token_uri: `${fcm.origin}/token` } });
  const token = `fcm:APA91b${'Z'.repeat(120)}`;
  await app.ok('POST', '/users/erin/devices', { platform: 'fcm', token });
  await app.ok('PUT', '/users/erin/preferences', { events: { 'message.created': { push: false }, 'call.missed': { push: false } } });
  await app.post('user.offline', { userId: 'erin' });

  const pushedTo = () => fcm.sends.filter((s) => (JSON.parse(s.body) as { message: { token: string } }).message.token === token);
  const noticeFor = async (cause: string) => {
    const notice = await eventually(async () => hooks.requests.map((r) => JSON.parse(r.body)).find((b) => b.type === 'message.offline' && b.data.userId === 'erin' && b.data.cause === cause));
    await app.client.workflow.getHandle(`event/${app.id}/${notice.id}`).result();
    return (await app.api('GET', `${app.base}/events/${notice.id}`)).body;
  };

  await app.post('message.created', message('erin'));
  const quiet = await noticeFor('message.created');
  // The notice's webhook goes (the app's own integration); the push is skipped, saying why.
  expect(quiet.deliveries.map((d: Delivery) => [d.channel, d.status, d.reason])).toEqual(
    expect.arrayContaining([
      ['webhook', 'delivered', undefined],
      ['push', 'skipped', 'muted: the user turned push off for message.created (preferences events["message.created"].push)'],
    ]),
  );
  expect(quiet.status).toBe('completed');
  expect(pushedTo()).toHaveLength(0);

  await app.post('call.missed', { from: 'alice', to: 'erin', callId: 'c2' });
  const ringing = await noticeFor('call.missed');
  expect(ringing.deliveries.find((d: Delivery) => d.channel === 'push')).toMatchObject({ status: 'delivered' });
  expect(pushedTo()).toHaveLength(1);
});

describe("sends held in the user's workflow", () => {
  /** An app with an e-mail channel, and a helper to route to the user with a policy. */
  async function mailApp(settings: object = {}) {
    const app = await newApp(settings);
    const mail = await app.ok('POST', '/channels', { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'chat@example.com' } });
    const route = (policy: object, template: object = { subject: '{{digest.count}} from {{digest.senders}}', text: '{{digest.items}}' }) =>
      app.ok('POST', '/routes', { events: ['message.created'], channelId: mail.id, recipient: 'user', template, ...policy });
    const user = `u-${randomUUID().slice(0, 8)}`;
    const address = `${user}@example.com`;
    await app.ok('PUT', `/users/${user}`, { email: address });
    const mailsTo = () => smtp.messages.filter((m) => m.envelopeTo.includes(address));
    const delivery = async (eventId: string) => ((await app.api('GET', `${app.base}/events/${eventId}`)).body.deliveries as Delivery[]).find((d) => d.channel === 'email')!;
    /** Posts a message to the user and waits for its event workflow (the hand-off to the user's workflow included). */
    const say = async (from: string, body: string, messageId = randomUUID()) => {
      const id = `e-${randomUUID().slice(0, 8)}`;
      expect((await app.api('POST', `${app.base}/events`, { id, type: 'message.created', data: { messageId, from, to: user, kind: 'text', body } })).status).toBe(202);
      await app.client.workflow.getHandle(`event/${app.id}/${id}`).result();
      return { id, messageId };
    };
    const post = async (type: string, data: object) => {
      const id = `e-${randomUUID().slice(0, 8)}`;
      expect((await app.api('POST', `${app.base}/events`, { id, type, data })).status).toBe(202);
      await app.client.workflow.getHandle(`event/${app.id}/${id}`).result();
    };
    return { app, route, user, address, mailsTo, delivery, say, post };
  }

  it('waits delaySeconds on a durable timer, and a read of the message meanwhile cancels the e-mail', async () => {
    const t = await mailApp();
    await t.route({ delaySeconds: 4, cancelOn: ['message.read'] }, { subject: 'Unread: {{data.from}}', text: '{{data.body}}' });
    const read = await t.say('alice', 'are you there?');
    const unread = await t.say('alice', 'lunch at 1?');
    // Held, saying for what, and the event still being delivered.
    expect(await t.delivery(read.id)).toMatchObject({ status: 'held', reason: 'held: sent in 4 s unless message.read' });
    expect((await t.app.api('GET', `${t.app.base}/events/${read.id}`)).body.status).toBe('delivering');
    // The user's view lists what the user's workflow holds, and until when.
    const held = (await t.app.api('GET', `${t.app.base}/users/${t.user}`)).body.heldSends;
    expect(held.flatMap((h: { eventIds: string[] }) => h.eventIds).sort()).toEqual([read.id, unread.id].sort());
    expect(held[0]).toMatchObject({ waitingFor: 'delay', dueAt: expect.stringMatching(/^\d{4}-/) });
    await t.post('message.read', { messageId: read.messageId, from: t.user, to: 'alice' });

    const cancelled = await eventually(async () => ((await t.delivery(read.id)).status === 'cancelled' ? t.delivery(read.id) : undefined));
    expect(cancelled.reason).toBe(`cancelled: message.read for message ${read.messageId}`);
    const sent = await eventually(async () => ((await t.delivery(unread.id)).status === 'delivered' ? t.mailsTo() : undefined), 15_000);
    expect(sent.map((m) => [m.subject, m.text?.trim()])).toEqual([['Unread: alice', 'lunch at 1?']]);
    // The read one never goes: its timer has passed by now (the unread one's was due at the same time).
    expect((await t.delivery(read.id)).status).toBe('cancelled');
    const attempts = (await t.app.api('GET', `${t.app.base}/events/${read.id}/attempts`)).body.data;
    expect(attempts.map((a: { error?: string; outcome?: string }) => [a.outcome, a.error])).toEqual([
      ['held', 'held: sent in 4 s unless message.read'],
      ['cancelled', `cancelled: message.read for message ${read.messageId}`],
    ]);
    expect((await t.app.api('GET', `${t.app.base}/events/${read.id}`)).body.status).toBe('completed');
  });

  it('sends onlyOffline routes only while the user is offline, and cancels a waiting one when the user comes online', async () => {
    const t = await mailApp({ unknownUsersAreOffline: false });
    // Someone hears offline notices: messages go to the user's workflow anyway, and the held sends ride along.
    await t.app.ok('POST', '/endpoints', { url: hooks.url, events: ['message.offline'] });
    await t.route({ onlyOffline: true, delaySeconds: 2 });
    await t.post('user.online', { userId: t.user });
    const online = await t.say('alice', 'hi');
    expect(await eventually(async () => ((await t.delivery(online.id)).status === 'skipped' ? t.delivery(online.id) : undefined))).toMatchObject({ reason: 'the user is online (onlyOffline)' });

    await t.post('user.offline', { userId: t.user });
    const waiting = await t.say('alice', 'still there?');
    expect((await t.delivery(waiting.id)).status).toBe('held');
    await t.post('user.online', { userId: t.user });
    expect(await eventually(async () => ((await t.delivery(waiting.id)).status === 'cancelled' ? t.delivery(waiting.id) : undefined))).toMatchObject({
      reason: 'cancelled: the user came online (onlyOffline)',
    });

    await t.post('user.offline', { userId: t.user });
    const away = await t.say('carol', 'ping');
    await eventually(async () => ((await t.delivery(away.id)).status === 'delivered' ? true : undefined), 15_000);
    expect(t.mailsTo()).toHaveLength(1);
  });

  it('makes one send of a digest window, with the count, the senders and one line each, in the user\'s locale', async () => {
    const t = await mailApp();
    await t.app.ok('PUT', `/users/${t.user}`, { email: t.address, locale: 'pt-BR' });
    await t.route(
      { digestSeconds: 3 },
      { subject: '{{digest.count}} messages', text: '{{digest.items}}', locales: { pt: { subject: '{{digest.count}} mensagens de {{digest.senders}}' } } },
    );
    const a = await t.say('alice', 'one');
    const b = await t.say('carol', 'two');
    const c = await t.say('alice', 'three');
    expect((await t.delivery(b.id)).reason).toBe("held: in the user's digest of 3 s");
    const mails = await eventually(async () => (t.mailsTo().length > 0 ? t.mailsTo() : undefined), 15_000);
    expect(mails.map((m) => [m.subject, m.text?.trim()])).toEqual([['3 mensagens de alice, carol', 'alice: one\ncarol: two\nalice: three']]);
    await eventually(async () => ((await t.delivery(a.id)).status === 'delivered' ? true : undefined));
    expect(await t.delivery(c.id)).toMatchObject({ status: 'delivered', target: `email mail → ${t.address}` });
    expect((await t.delivery(a.id)).lastError).toBe(`sent in one digest of 3 with ${c.id}`);
    // The window is closed: the next message opens a new one.
    await t.say('dave', 'four');
    await eventually(async () => (t.mailsTo().length === 2 ? true : undefined), 15_000);
    expect(t.mailsTo()[1].subject).toBe('1 mensagens de dave');
  });

  it('throttles to max sends per window, folding what is over into the next send as a digest', async () => {
    const t = await mailApp();
    await t.route({ throttle: { max: 1, perSeconds: 3 } });
    const first = await t.say('alice', 'one');
    await eventually(async () => ((await t.delivery(first.id)).status === 'delivered' ? true : undefined));
    await t.say('carol', 'two');
    await t.say('dave', 'three');
    const mails = await eventually(async () => (t.mailsTo().length === 2 ? t.mailsTo() : undefined), 15_000);
    expect(mails.map((m) => m.subject)).toEqual(['1 from alice', '2 from carol, dave']);
    expect(mails[1].text?.trim()).toBe('carol: two\ndave: three');
  });
});
