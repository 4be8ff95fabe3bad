// HERALD_EGRESS_PROXY end to end: webhooks, OAuth token requests, chat posts and SMTP all leave
// through a real HTTP CONNECT proxy on loopback, which sees the tunnels (receivers can allow-list
// the proxy's address); and the private-address policy still judges the target itself.
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { bearerReceiver, startOAuthServer, type OAuthServer } from '../support/oauth-server';
import { startSmtpPeer, type SmtpPeer } from '../support/channel-peers';
import { startMtlsReceiver, type MtlsReceiver } from '../support/mtls-receiver';
import { createHttpPoster } from '../../activities/channels/http-post';
import { generateKeyPairSync } from 'node:crypto';
import { makeCertificate, startFcmPeer } from '../support/push-peers';

const cert = makeCertificate();
const account = { client_email: 'herald@chat-prod.iam.gserviceaccount.com', private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
let fcm: Awaited<ReturnType<typeof startFcmPeer>>;

let proxy: ConnectProxy;
let herald: TestHerald;
let oauth: OAuthServer;
let smtp: SmtpPeer;
let mtls: MtlsReceiver;
const receivers: Receiver[] = [];

beforeAll(async () => {
  // A proxy that, like smokescreen, refuses what its operator denies: here, port 9.
  proxy = await startConnectProxy({ refuse: (hostPort) => hostPort.endsWith(':9') });
  oauth = await startOAuthServer({ clientId: 'c', clientSecret: 's' });
  smtp = await startSmtpPeer();
  mtls = await startMtlsReceiver();
  fcm = await startFcmPeer(cert, account);
  herald = await startTestHerald({ config: { egressProxy: proxy.url, fcmOrigin: fcm.origin }, extraCa: cert.cert });
});
afterAll(async () => {
  await herald.stop();
  await Promise.all([...receivers, proxy, oauth, smtp, mtls, fcm].map((c) => c.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}
const portOf = (url: string) => new URL(url).port;

it('sends webhooks, OAuth token requests, mutual-TLS deliveries, chat posts and e-mail through the proxy', async () => {
  const { body: created } = await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'proxied' });
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const plain = await receiver();
  const guarded = await receiver(bearerReceiver(oauth));
  const chat = await receiver();
  await api('POST', `${base}/endpoints`, { url: plain.url, events: ['message.created'] });
  await api('POST', `${base}/endpoints`, { url: guarded.url, events: ['message.created'], auth: { type: 'oauth2', tokenUrl: oauth.tokenUrl, clientId: 'c', clientSecret: 's' } });
  await api('POST', `${base}/endpoints`, { url: mtls.url, events: ['message.created'], tls: { ...mtls.issueClient('through-proxy'), ca: mtls.serverCa } });
  const slack = (await api('POST', `${base}/channels`, { type: 'slack', name: 'ops', config: { url: `${chat.url}/services/T/B/x` } })).body;
  const mail = (await api('POST', `${base}/channels`, { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'h@example.com' } })).body;
  await api('POST', `${base}/routes`, { events: ['message.created'], channelId: slack.id, template: { text: '{{data.body}}' } });
  await api('POST', `${base}/routes`, { events: ['message.created'], channelId: mail.id, to: 'bob@example.com' });

  await api('POST', `${base}/events`, { id: 'p1', type: 'message.created', data: { messageId: 'm1', from: 'a', to: 'b', kind: 'text', body: 'via proxy' } });
  await Promise.all([plain.waitFor(1), guarded.waitFor(1), chat.waitFor(1), mtls.waitFor(1)]);
  await eventually(async () => (smtp.messages.length > 0 ? true : undefined));
  expect(mtls.requests[0].clientCn).toBe('through-proxy');
  // Each went through a tunnel the proxy opened, to the address Herald resolved and checked.
  for (const url of [plain.url, guarded.url, chat.url, oauth.tokenUrl, mtls.url]) expect(proxy.connects).toContain(`127.0.0.1:${portOf(url)}`);
  expect(proxy.connects).toContain(`127.0.0.1:${smtp.port}`);
  expect(proxy.plainRequests).toEqual([]);
});

it('opens push sessions (HTTP/2 over TLS) through the proxy too', async () => {
  const { body: created } = await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'pushed' });
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const fcmPort = portOf(fcm.origin);
  expect(proxy.connects).not.toContain(`127.0.0.1:${fcmPort}`);
  expect((await api('POST', `${base}/push-credentials`, { platform: 'fcm', name: 'android', serviceAccount: { ...account, type: 'service_account', project_id: 'chat-prod', token_uri: `${fcm.origin}/token` } })).status).toBe(201);
  expect((await api('POST', `${base}/users/bob/devices`, { platform: 'fcm', token: `fcm:APA91b${'Q'.repeat(120)}` })).status).toBe(201);
  await api('POST', `${base}/events`, { type: 'user.offline', data: { userId: 'bob' } });
  await eventually(async () => ((await api('GET', `${base}/users/bob/presence`)).body.presence === 'offline' ? true : undefined));
  await api('POST', `${base}/events`, { type: 'message.created', data: { messageId: 'm1', from: 'alice', to: 'bob', kind: 'text', body: 'hi' } });
  await eventually(async () => (fcm.sends.some((r) => r.authorized) ? true : undefined));
  expect(proxy.connects).toContain(`127.0.0.1:${fcmPort}`);
});

it("fails a delivery the proxy refuses, saying so, and retries it on the app's schedule", async () => {
  const { body: created } = await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'denied', settings: { retrySchedule: [1] } });
  const api = apiClient(herald.url, created.apiKey);
  const ep = (await api('POST', `/v1/apps/${created.id}/endpoints`, { url: 'http://127.0.0.1:9/hook', events: ['message.created'] })).body;
  await api('POST', `/v1/apps/${created.id}/events`, { id: 'd1', type: 'message.created', data: { messageId: 'm1', from: 'a', to: 'b', kind: 'text', body: 'x' } });
  const failed = await eventually(async () => {
    const { body } = await api('GET', `/v1/apps/${created.id}/events/d1`);
    const d = body.deliveries.find((x: { endpointId: string }) => x.endpointId === ep.id);
    return d?.status === 'failed' ? d : undefined;
  });
  expect(failed.lastError).toMatch(/egress proxy refused to CONNECT to 127\.0\.0\.1:9: HTTP\/1\.1 403/);
  expect(failed.attempts).toBe(2);
});

it('judges the target by the private-address policy before any tunnel is asked for', async () => {
  const before = proxy.connects.length;
  // A public-looking name that resolves into the private network: refused by Herald, not left to the proxy.
  const poster = createHttpPoster({
    allowPrivateTargets: false,
    timeoutMs: 2000,
    maxResponseBytes: 100,
    userAgent: 'test',
    proxy: proxy.url,
    lookup: (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]),
  });
  try {
    const result = await poster.post('http://internal.example.com/hook', {}, '{}');
    expect(result.refused).toMatch(/internal\.example\.com resolves only to private or reserved addresses/);
    expect(result.statusCode).toBeUndefined();
    expect(proxy.connects.length).toBe(before);
  } finally {
    poster.close();
  }
});
