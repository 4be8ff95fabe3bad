// Push end to end through the API on the dev server: offline notices push to each of the user's
// devices once per suppression window, to local HTTP/2 TLS peers that verify what Apple and Google
// verify; a dead token is removed and the app hears of it as message.rejected by webhook.
import { generateKeyPairSync } from 'node:crypto';
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { makeCertificate, startApnsPeer, startFcmPeer } from '../support/push-peers';

const cert = makeCertificate();
const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const apnsKey = { keyId: 'ABCDE12345', teamId: 'TEAM123456', privateKey: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) };
/** The development key, which only the sandbox host accepts here (as Apple's hosts each refuse the other's tokens). */
const sandboxKey = { keyId: 'SANDBOX123', teamId: 'TEAM123456', privateKey: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) };
const account = { client_email: 'herald@chat-prod.iam.gserviceaccount.com', private_key: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) };
const iosToken = 'c0ffee'.repeat(10) + 'abcd';
const androidToken = `fcm:APA91b${'Q'.repeat(120)}`;

/** Answers APNs (production) gives before its default ones. */
const apnsAnswers: { status: number; body?: object }[] = [];
/** Answers FCM gives one device (by its token) before the others below. */
const fcmAnswersFor = new Map<string, { status: number; body?: object; headers?: Record<string, string> }[]>();
/** Answers FCM gives before it goes back to 200. */
const fcmAnswers: { status: number; body?: object; headers?: Record<string, string> }[] = [];
let herald: TestHerald;
let receiver: Receiver;
let apns: Awaited<ReturnType<typeof startApnsPeer>>;
let apnsSandbox: Awaited<ReturnType<typeof startApnsPeer>>;
let fcm: Awaited<ReturnType<typeof startFcmPeer>>;

beforeAll(async () => {
  // The second APNs push is answered 410 Unregistered: that device is gone.
  apns = await startApnsPeer(cert, apnsKey, (n) => apnsAnswers.shift() ?? (n === 1 ? { status: 410, body: { reason: 'Unregistered', timestamp: Date.now() } } : { status: 200 }));
  apnsSandbox = await startApnsPeer(cert, sandboxKey);
  fcm = await startFcmPeer(cert, account, (_n, seen) => {
    const token = (JSON.parse(seen.body) as { message: { token: string } }).message.token;
    return fcmAnswersFor.get(token)?.shift() ?? fcmAnswers.shift() ?? { status: 200, body: { name: 'projects/chat-prod/messages/1' } };
  });
  herald = await startTestHerald({
    config: { apnsProductionOrigin: apns.origin, apnsSandboxOrigin: apnsSandbox.origin, fcmOrigin: fcm.origin },
    extraCa: cert.cert,
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await herald?.stop();
  await apns?.close();
  await apnsSandbox?.close();
  await fcm?.close();
});

it('pushes once per window to each device, and removes a dead token with a message.rejected webhook', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'push', settings: { offlineSuppressionSeconds: 600 } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  await api('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.offline', 'message.rejected'] });
  expect((await api('POST', `${base}/push-credentials`, { platform: 'apns', name: 'ios', environment: 'production', topic: 'com.example.chat', ...apnsKey })).status).toBe(201);
  expect((await api('POST', `${base}/push-credentials`, { platform: 'fcm', name: 'android', serviceAccount: { ...account, type: 'service_account', project_id: 'chat-prod', token_uri: `${fcm.origin}/token` } })).status).toBe(201);
  expect((await api('POST', `${base}/users/bob/devices`, { platform: 'apns', token: iosToken })).status).toBe(201);
  expect((await api('POST', `${base}/users/bob/devices`, { platform: 'fcm', token: androidToken })).status).toBe(201);

  let n = 0;
  const post = async (type: string, data: object) => expect((await api('POST', `${base}/events`, { id: `e${++n}`, type, data })).status).toBe(202);
  const presence = async () => (await api('GET', `${base}/users/bob/presence`)).body;
  const notices = () => receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'message.offline');
  const client = new Client({ connection: herald.connection });
  /** Waits until the nth notice's workflow (its webhook and its pushes) has finished. */
  const noticeDone = async (count: number) => {
    const list = await eventually(async () => (notices().length >= count ? notices() : undefined));
    await client.workflow.getHandle(`event/${created.id}/${list[count - 1].id}`).result();
  };

  await post('user.offline', { userId: 'bob' });
  await eventually(async () => ((await presence()).presence === 'offline' ? true : undefined));
  for (let i = 0; i < 10; i++) await post('message.created', { messageId: `m${i}`, from: 'alice', to: 'bob', kind: 'text', body: `secret text ${i}` });
  await eventually(async () => ((await presence()).messagesSuppressed === 9 ? true : undefined));
  await noticeDone(1);
  expect(apns.requests).toHaveLength(1);
  expect(fcm.sends).toHaveLength(1);

  // The default push: background, no message text, Herald's ids in its data.
  const ios = apns.requests[0];
  expect(ios).toMatchObject({ path: `/3/device/${iosToken}`, tokenValid: true });
  expect(ios.headers).toMatchObject({ 'apns-topic': 'com.example.chat', 'apns-push-type': 'background', 'apns-priority': '5' });
  const notice = notices()[0];
  // It may wait a day (the default time to live) for the device, counted from the notice.
  expect(Number(ios.headers['apns-expiration'])).toBe(Math.floor(Date.parse(notice.timestamp) / 1000) + 86_400);
  expect(JSON.parse(ios.body)).toEqual({ aps: { 'content-available': 1 }, eventId: notice.id, type: 'message.offline', userId: 'bob', cause: 'message.created' });
  const android = JSON.parse(fcm.sends[0].body).message;
  expect(android).toEqual({
    token: androidToken,
    data: { eventId: notice.id, type: 'message.offline', userId: 'bob', cause: 'message.created' },
    android: { priority: 'normal', ttl: expect.stringMatching(/^86[34]\d\ds$/) },
    // Were the token an iOS app's, FCM would hand APNs this: a background push, expiring with the notice.
    apns: {
      headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-collapse-id': expect.stringMatching(/^herald:/), 'apns-expiration': expect.stringMatching(/^\d{10}$/) },
      payload: { aps: { 'content-available': 1 } },
    },
  });
  expect(fcm.sends[0].authorized).toBe(true);
  expect(ios.body + fcm.sends[0].body).not.toContain('secret text');
  const view = (await api('GET', `${base}/events/${notice.id}`)).body;
  expect(view.deliveries.filter((d: { channel: string }) => d.channel === 'push')).toEqual([
    expect.objectContaining({ status: 'delivered', target: expect.stringMatching(/^(apns|fcm) …/) }),
    expect.objectContaining({ status: 'delivered', target: expect.stringMatching(/^(apns|fcm) …/) }),
  ]);

  // Online, then offline again: the next message pushes again. APNs now says the token is gone.
  await post('user.online', { userId: 'bob' });
  await post('user.offline', { userId: 'bob' });
  await eventually(async () => ((await presence()).presence === 'offline' && (await presence()).heldBack === 0 ? true : undefined));
  await post('message.created', { messageId: 'm10', from: 'alice', to: 'bob', kind: 'text', body: 'again' });
  await noticeDone(2);
  expect(apns.requests).toHaveLength(2);
  expect(fcm.sends).toHaveLength(2);

  const rejected = await eventually(async () => receiver.requests.map((r) => JSON.parse(r.body)).find((b) => b.type === 'message.rejected'));
  expect(rejected.data).toMatchObject({ code: 'Unregistered', channel: 'push', platform: 'apns', userId: 'bob', eventId: notices()[1].id, token: iosToken.slice(-8) });
  const devices = (await api('GET', `${base}/users/bob/devices`)).body.data;
  expect(devices.map((d: { platform: string }) => d.platform)).toEqual(['fcm']);
});

it('marks a credential Google refuses as failing, ok again on the next success, and retries a 503 on a durable timer', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'push-2', settings: { offlineSuppressionSeconds: 0, retrySchedule: [1] } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  await api('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.offline'] });
  const credential = (await api('POST', `${base}/push-credentials`, { platform: 'fcm', name: 'android', serviceAccount: { ...account, type: 'service_account', project_id: 'chat-prod', token_uri: `${fcm.origin}/token` } })).body;
  await api('POST', `${base}/users/carol/devices`, { platform: 'fcm', token: androidToken });
  await api('POST', `${base}/events`, { id: 'carol-off', type: 'user.offline', data: { userId: 'carol' } });
  await eventually(async () => ((await api('GET', `${base}/users/carol/presence`)).body.presence === 'offline' ? true : undefined));
  const client = new Client({ connection: herald.connection });
  const noticeFor = async (messageId: string) => {
    const notice = await eventually(async () => receiver.requests.map((r) => JSON.parse(r.body)).find((b) => b.type === 'message.offline' && b.data.messageId === messageId));
    await client.workflow.getHandle(`event/${created.id}/${notice.id}`).result();
    return notice;
  };
  const message = (id: string) => api('POST', `${base}/events`, { id, type: 'message.created', data: { messageId: id, from: 'alice', to: 'carol', kind: 'text', body: 'x' } });

  // Google refuses the account (401 with a fresh token too): the credential's fault.
  const refused = { status: 401, body: { error: { status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials.' } } };
  fcmAnswers.push(refused, refused);
  await message('c1');
  await noticeFor('c1');
  const failing = (await api('GET', `${base}/push-credentials`)).body.data[0];
  expect(failing).toMatchObject({ id: credential.id, status: 'failing', statusReason: expect.stringMatching(/fcm answered 401/) });
  expect((await api('GET', `${base}/users/carol/devices`)).body.data).toHaveLength(1);

  // Unavailable once, then fine: the device is pushed again after the app's schedule, and the credential is ok.
  fcmAnswers.push({ status: 503, body: { error: { status: 'UNAVAILABLE' } } });
  const before = fcm.sends.length;
  await message('c2');
  const second = await noticeFor('c2');
  expect(fcm.sends.slice(before).map((s) => s.authorized)).toEqual([true, true]);
  const push = (await api('GET', `${base}/events/${second.id}`)).body.deliveries.find((d: { channel: string }) => d.channel === 'push');
  expect(push).toMatchObject({ status: 'delivered', attempts: 2 });
  expect((await api('GET', `${base}/push-credentials`)).body.data[0]).toMatchObject({ status: 'ok' });
});

it("pushes a sandbox device through Apple's sandbox host on the sandbox key, and through production when the app says so", async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'push-3', settings: { offlineSuppressionSeconds: 0 } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  await api('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.offline'] });
  const key = (name: string, environment: string, material: typeof apnsKey) => ({ platform: 'apns', name, environment, topic: 'com.example.chat', ...material });
  expect((await api('POST', `${base}/push-credentials`, key('store', 'production', apnsKey))).status).toBe(201);
  expect((await api('POST', `${base}/push-credentials`, key('development', 'sandbox', sandboxKey))).status).toBe(201);
  const devToken = 'de0e'.repeat(16);
  expect((await api('POST', `${base}/users/dave/devices`, { platform: 'apns', token: devToken, environment: 'sandbox' })).status).toBe(201);
  await api('POST', `${base}/events`, { id: 'dave-off', type: 'user.offline', data: { userId: 'dave' } });
  await eventually(async () => ((await api('GET', `${base}/users/dave/presence`)).body.presence === 'offline' ? true : undefined));

  const client = new Client({ connection: herald.connection });
  const message = async (id: string) => {
    expect((await api('POST', `${base}/events`, { id, type: 'message.created', data: { messageId: id, from: 'alice', to: 'dave', kind: 'text', body: 'hi' } })).status).toBe(202);
    const notice = await eventually(async () => receiver.requests.map((r) => JSON.parse(r.body)).find((b) => b.type === 'message.offline' && b.data.messageId === id));
    await client.workflow.getHandle(`event/${created.id}/${notice.id}`).result();
    return (await api('GET', `${base}/events/${notice.id}`)).body.deliveries.find((d: { channel: string }) => d.channel === 'push');
  };
  const toDevice = (peer: typeof apns) => peer.requests.filter((r) => r.path === `/3/device/${devToken}`);

  expect(await message('d1')).toMatchObject({ status: 'delivered' });
  expect(toDevice(apnsSandbox)).toEqual([expect.objectContaining({ tokenValid: true })]);
  expect(toDevice(apns)).toEqual([]);

  // mesibo's switch: an app built with the distribution entitlement gets sandbox devices' pushes through production.
  expect((await api('PATCH', base, { settings: { offlineSuppressionSeconds: 0, push: { sandboxAsProduction: true } } })).status).toBe(200);
  expect(await message('d2')).toMatchObject({ status: 'delivered' });
  expect(toDevice(apns)).toEqual([expect.objectContaining({ tokenValid: true })]);
  expect(toDevice(apnsSandbox)).toHaveLength(1);
});

it('pushes with no webhook endpoint at all; a missed call rings PushKit tokens on <topic>.voip, now or never; FCM UNREGISTERED drops the device', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', {
    name: 'push-4', settings: { offlineSuppressionSeconds: 600, push: { voipForCalls: true, visible: true, includeContent: true } },
  })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  expect((await api('POST', `${base}/push-credentials`, { platform: 'apns', name: 'ios', environment: 'production', topic: 'com.example.chat', ...apnsKey })).status).toBe(201);
  expect((await api('POST', `${base}/push-credentials`, { platform: 'fcm', name: 'android', serviceAccount: { ...account, type: 'service_account', project_id: 'chat-prod', token_uri: `${fcm.origin}/token` } })).status).toBe(201);
  const ios = 'e1e1'.repeat(16);
  const pushKit = 'f0f0'.repeat(16);
  const android = `fcm:erin${'R'.repeat(100)}`;
  expect((await api('POST', `${base}/users/erin/devices`, { platform: 'apns', token: ios })).status).toBe(201);
  expect((await api('POST', `${base}/users/erin/devices`, { platform: 'apns', token: pushKit, voip: true })).body).toMatchObject({ voip: true });
  expect((await api('POST', `${base}/users/erin/devices`, { platform: 'fcm', token: android })).status).toBe(201);
  expect((await api('POST', `${base}/users/erin/devices`, { platform: 'fcm', token: android, voip: true })).status).toBe(400);
  await api('POST', `${base}/events`, { id: 'erin-off', type: 'user.offline', data: { userId: 'erin' } });
  await eventually(async () => ((await api('GET', `${base}/users/erin/presence`)).body.presence === 'offline' ? true : undefined));

  const client = new Client({ connection: herald.connection });
  const to = (token: string) => apns.requests.filter((r) => r.path === `/3/device/${token}`);
  const toAndroid = () => fcm.sends.filter((s) => JSON.parse(s.body).message.token === android);
  /** Waits for the notice's pushes (its id is in their data) and its workflow's end. */
  const noticeOf = async (count: number) => {
    const pushed = await eventually(async () => (to(ios).length >= count ? to(ios)[count - 1] : undefined));
    const id = JSON.parse(pushed.body).eventId as string;
    const handle = client.workflow.getHandle(`event/${created.id}/${id}`);
    await handle.result();
    return handle;
  };

  // A message: a visible alert with the text (includeContent), nothing to the PushKit token.
  expect((await api('POST', `${base}/events`, { id: 'em1', type: 'message.created', data: { messageId: 'em1', from: 'alice', to: 'erin', kind: 'text', body: 'dinner at 8?' } })).status).toBe(202);
  await noticeOf(1);
  expect(JSON.parse(to(ios)[0].body).aps.alert).toEqual({ title: 'alice', body: 'dinner at 8?' });
  expect(JSON.parse(toAndroid()[0].body).message.notification).toEqual({ title: 'alice', body: 'dinner at 8?' });
  expect(to(pushKit)).toEqual([]);

  // A missed call inside the message window: announced anyway; it rings the PushKit token; Google says the Android token is gone.
  fcmAnswers.push({ status: 404, body: { error: { status: 'NOT_FOUND', message: 'Requested entity was not found.', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } } });
  expect((await api('POST', `${base}/events`, { id: 'ec1', type: 'call.missed', data: { callId: 'ec1', from: 'alice', to: 'erin' } })).status).toBe(202);
  const call = await noticeOf(2);
  expect(to(pushKit)).toHaveLength(1);
  expect(to(pushKit)[0].headers).toMatchObject({ 'apns-topic': 'com.example.chat.voip', 'apns-push-type': 'voip', 'apns-priority': '10', 'apns-expiration': '0' });
  expect(JSON.parse(to(ios)[1].body).aps.alert).toEqual({ title: 'Missed call', body: 'Missed call from alice' });
  expect(to(ios)[1].headers['apns-topic']).toBe('com.example.chat');
  expect((await api('GET', `${base}/users/erin/devices`)).body.data.map((d: { token: string }) => d.token).sort()).toEqual([ios, pushKit].sort());

  // The Temporal UI's page of the call's notice names each push and how it ended.
  const metadata = await call.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  expect(metadata.currentDetails).toContain(`push apns …${pushKit.slice(-8)}: delivered`);
  expect(metadata.currentDetails).toContain(`push fcm …${android.slice(-8)}: token-dead, attempt 1, 404 UNREGISTERED`);
});

it("never removes devices for the credential's fault (BadDeviceToken, DeviceTokenNotForTopic), nor one registered again after Apple's 410", async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'push-topic', settings: { offlineSuppressionSeconds: 0 } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  await api('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.rejected'] });
  // The wrong bundle id: Apple answers every device so.
  const credential = (await api('POST', `${base}/push-credentials`, { platform: 'apns', name: 'ios', environment: 'production', topic: 'com.example.wrong', ...apnsKey })).body;
  const tokens = ['d1', 'd2'].map((t) => t + 'e'.repeat(62));
  for (const token of tokens) expect((await api('POST', `${base}/users/dave/devices`, { platform: 'apns', token })).status).toBe(201);
  await api('POST', `${base}/events`, { id: 'dave-off', type: 'user.offline', data: { userId: 'dave' } });
  await eventually(async () => ((await api('GET', `${base}/users/dave/presence`)).body.presence === 'offline' ? true : undefined));
  const client = new Client({ connection: herald.connection });
  const pushedFor = async (messageId: string, before: number) => {
    await api('POST', `${base}/events`, { id: messageId, type: 'message.created', data: { messageId, from: 'alice', to: 'dave', kind: 'text', body: 'x' } });
    const pushes = await eventually(async () => (apns.requests.length >= before + 2 ? apns.requests.slice(before) : undefined));
    await client.workflow.getHandle(`event/${created.id}/${JSON.parse(pushes[0].body).eventId}`).result();
  };
  const devices = async () => (await api('GET', `${base}/users/dave/devices`)).body.data.map((d: { token: string }) => d.token).sort();

  apnsAnswers.push({ status: 400, body: { reason: 'BadDeviceToken' } }, { status: 400, body: { reason: 'DeviceTokenNotForTopic' } });
  await pushedFor('dm1', apns.requests.length);
  expect(await devices()).toEqual(tokens);
  const failing = (await api('GET', `${base}/push-credentials`)).body.data[0];
  expect(failing).toMatchObject({ id: credential.id, status: 'failing', statusReason: expect.stringMatching(/apns answered 400: (BadDeviceToken|DeviceTokenNotForTopic)/) });

  // Apple's verdict predates the devices' registration (the app was reinstalled since): they stay.
  const longAgo = Date.now() - 3_600_000;
  apnsAnswers.push({ status: 410, body: { reason: 'Unregistered', timestamp: longAgo } }, { status: 410, body: { reason: 'Unregistered', timestamp: longAgo } });
  await pushedFor('dm2', apns.requests.length);
  expect(await devices()).toEqual(tokens);
  expect(receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'message.rejected' && b.data.userId === 'dave')).toEqual([]);
});

it("retries each device on its own time: one device's Retry-After holds no other back", async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'push-per-device', settings: { offlineSuppressionSeconds: 0, retrySchedule: [1, 1] } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  await api('POST', `${base}/push-credentials`, { platform: 'fcm', name: 'android', serviceAccount: { ...account, type: 'service_account', project_id: 'chat-prod', token_uri: `${fcm.origin}/token` } });
  const [busy, flaky] = ['fcm:busy-device', 'fcm:flaky-device'].map((t) => t + 'x'.repeat(140));
  for (const token of [busy, flaky]) await api('POST', `${base}/users/frank/devices`, { platform: 'fcm', token });
  // Google asks an hour's wait for one device, and is briefly unavailable for the other.
  fcmAnswersFor.set(busy, [{ status: 429, body: { error: { status: 'RESOURCE_EXHAUSTED', details: [{ errorCode: 'QUOTA_EXCEEDED' }] } }, headers: { 'retry-after': '3600' } }]);
  fcmAnswersFor.set(flaky, [{ status: 503, body: { error: { status: 'UNAVAILABLE' } } }]);
  await api('POST', `${base}/events`, { id: 'frank-off', type: 'user.offline', data: { userId: 'frank' } });
  await eventually(async () => ((await api('GET', `${base}/users/frank/presence`)).body.presence === 'offline' ? true : undefined));
  const sendsTo = (token: string) => fcm.sends.filter((s) => (JSON.parse(s.body) as { message: { token: string } }).message.token === token);
  await api('POST', `${base}/events`, { id: 'fm1', type: 'message.created', data: { messageId: 'fm1', from: 'alice', to: 'frank', kind: 'text', body: 'x' } });
  // The unavailable device is pushed again after the app's 1 s schedule, not after the hour.
  await eventually(async () => (sendsTo(flaky).length >= 2 ? true : undefined), 30_000);
  expect(sendsTo(busy)).toHaveLength(1);
  const notice = JSON.parse(sendsTo(flaky)[1].body).message.data.eventId as string;
  const pushes = await eventually(async () => {
    const view = (await api('GET', `${base}/events/${notice}`)).body;
    const found = (view.deliveries ?? []).filter((d: { channel: string }) => d.channel === 'push');
    return found.some((d: { status: string }) => d.status === 'delivered') ? found : undefined;
  });
  expect(pushes.map((d: { status: string; attempts: number }) => [d.status, d.attempts]).sort()).toEqual([['delivered', 2], ['retrying', 1]]);
});
