// The APNs and FCM senders against local HTTP/2 TLS servers that check what Apple and Google check.
import { generateKeyPairSync } from 'node:crypto';
import { createHttp2Transport } from '../../activities/push/http2-transport';
import { createApnsSender, PROVIDER_TOKEN_TTL_MS, type ApnsRequest } from '../../activities/push/apns';
import { createFcmSender } from '../../activities/push/fcm';
import { makeCertificate, startApnsPeer, startFcmPeer } from '../support/push-peers';

const cert = makeCertificate();
const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const apnsKey = { keyId: 'ABCDE12345', teamId: 'TEAM123456', topic: 'com.example.chat', privateKey: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) };
const otherKey = { ...apnsKey, privateKey: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) };
const transport = createHttp2Transport({ allowPrivateTargets: true, timeoutMs: 5000, ca: cert.cert });
afterAll(() => transport.close());

const push = (over: Partial<ApnsRequest> = {}): ApnsRequest => ({
  deviceToken: 'ab'.repeat(32), environment: 'production', pushType: 'background', priority: 5, payload: { aps: { 'content-available': 1 }, eventId: 'e1' }, ...over,
});

describe('APNs', () => {
  it('sends with a verified ES256 provider token, reused across pushes and renewed after 40 minutes', async () => {
    const production = await startApnsPeer(cert, apnsKey);
    const sandbox = await startApnsPeer(cert, apnsKey);
    let clock = Date.now();
    const send = createApnsSender({ transport, origins: { production: production.origin, sandbox: sandbox.origin }, now: () => clock });
    try {
      const first = await send(apnsKey, push());
      expect(first).toMatchObject({ outcome: 'delivered', statusCode: 200, providerId: expect.any(String) });
      await send(apnsKey, push({ pushType: 'alert', priority: 10, collapseId: 'chat-1', expiration: 0 }));
      await send(apnsKey, push({ environment: 'sandbox' }));
      expect(production.requests).toHaveLength(2);
      expect(sandbox.requests).toHaveLength(1);
      const [a, b] = production.requests;
      expect(a).toMatchObject({ path: `/3/device/${'ab'.repeat(32)}`, tokenValid: true });
      expect(a.headers).toMatchObject({ 'apns-topic': 'com.example.chat', 'apns-push-type': 'background', 'apns-priority': '5' });
      expect(b.headers).toMatchObject({ 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-collapse-id': 'chat-1', 'apns-expiration': '0' });
      expect(JSON.parse(a.body)).toEqual({ aps: { 'content-available': 1 }, eventId: 'e1' });
      const tokens = new Set([...production.requests, ...sandbox.requests].map((r) => r.headers.authorization));
      expect(tokens.size).toBe(1);

      clock += PROVIDER_TOKEN_TTL_MS + 1000;
      await send(apnsKey, push());
      expect(production.requests[2].tokenValid).toBe(true);
      expect(production.requests[2].headers.authorization).not.toBe(a.headers.authorization);
    } finally {
      await production.close();
      await sandbox.close();
    }
  });

  it('tells a dead token, a refused key or topic and a passing overload apart', async () => {
    const answers = [
      { status: 410, body: { reason: 'Unregistered', timestamp: Date.now() } },
      { status: 400, body: { reason: 'BadDeviceToken' } },
      { status: 400, body: { reason: 'DeviceTokenNotForTopic' } },
      { status: 429, body: { reason: 'TooManyRequests' } },
      { status: 503, body: { reason: 'ServiceUnavailable' } },
      { status: 400, body: { reason: 'PayloadTooLarge' } },
    ];
    const peer = await startApnsPeer(cert, apnsKey, (n) => answers[n] ?? { status: 200 });
    const send = createApnsSender({ transport, origins: { production: peer.origin, sandbox: peer.origin } });
    try {
      const results = [];
      for (let i = 0; i < answers.length; i++) results.push(await send(apnsKey, push()));
      expect(results[0].invalidSince).toBe(answers[0].body.timestamp);
      expect(results.map((r) => [r.outcome, r.reason])).toEqual([
        ['token-dead', 'Unregistered'],
        // A wrong environment or bundle id on the credential: every device would answer so.
        ['credential-failing', 'BadDeviceToken'],
        ['credential-failing', 'DeviceTokenNotForTopic'],
        ['retry', 'TooManyRequests'],
        ['retry', 'ServiceUnavailable'],
        ['failed', 'PayloadTooLarge'],
      ]);
      // A key Apple does not know: the credential is failing, not the device.
      expect(await send(otherKey, push())).toMatchObject({ outcome: 'credential-failing', statusCode: 403, reason: 'InvalidProviderToken' });
      expect(await send(apnsKey, push())).toMatchObject({ outcome: 'delivered' });
    } finally {
      await peer.close();
    }
  });

  it('mints one new provider token when Apple calls the last expired and sends again, but never twice in 20 minutes', async () => {
    const expired = new Set<number>([1, 3, 4]);
    const peer = await startApnsPeer(cert, apnsKey, (n) => (expired.has(n) ? { status: 403, body: { reason: 'ExpiredProviderToken' } } : { status: 200 }));
    let clock = Date.now();
    const send = createApnsSender({ transport, origins: { production: peer.origin, sandbox: peer.origin }, now: () => clock });
    const jwts = () => peer.requests.map((r) => r.headers.authorization);
    try {
      expect(await send(apnsKey, push())).toMatchObject({ outcome: 'delivered' });
      // 21 minutes on, Apple calls the token expired: a new one, and the same push again.
      clock += 21 * 60_000;
      expect(await send(apnsKey, push())).toMatchObject({ outcome: 'delivered' });
      expect(jwts()).toHaveLength(3);
      expect(jwts()[1]).toBe(jwts()[0]);
      expect(jwts()[2]).not.toBe(jwts()[1]);
      // Five minutes after that renewal, refused again: no new token yet (TooManyProviderTokenUpdates), the key is failing.
      clock += 5 * 60_000;
      expect(await send(apnsKey, push())).toMatchObject({ outcome: 'credential-failing', reason: 'ExpiredProviderToken' });
      expect(jwts()).toHaveLength(4);
      expect(new Set(jwts()).size).toBe(2);
      // Twenty minutes after it, a renewal is allowed again.
      clock += 16 * 60_000;
      expect(await send(apnsKey, push())).toMatchObject({ outcome: 'delivered' });
      expect(new Set(jwts()).size).toBe(3);
      expect(peer.requests.every((r) => r.tokenValid)).toBe(true);
    } finally {
      await peer.close();
    }
  });

  it('lets pushes refused together share the one new token the first of them minted', async () => {
    const peer = await startApnsPeer(cert, apnsKey, (n) => (n === 1 || n === 2 ? { status: 403, body: { reason: 'ExpiredProviderToken' } } : { status: 200 }));
    let clock = Date.now();
    const send = createApnsSender({ transport, origins: { production: peer.origin, sandbox: peer.origin }, now: () => clock });
    try {
      expect(await send(apnsKey, push())).toMatchObject({ outcome: 'delivered' });
      clock += 21 * 60_000;
      const both = await Promise.all([send(apnsKey, push()), send(apnsKey, push())]);
      expect(both.map((r) => r.outcome)).toEqual(['delivered', 'delivered']);
      expect(new Set(peer.requests.map((r) => r.headers.authorization)).size).toBe(2);
    } finally {
      await peer.close();
    }
  });

  it('refuses a private origin when private targets are not allowed, and retries when nobody answers', async () => {
    const strict = createHttp2Transport({ allowPrivateTargets: false, timeoutMs: 2000, ca: cert.cert });
    const send = createApnsSender({ transport: strict, origins: { production: 'https://127.0.0.1:9', sandbox: 'https://127.0.0.1:9' } });
    expect(await send(apnsKey, push())).toMatchObject({ outcome: 'misconfigured', error: expect.stringMatching(/private or reserved/) });
    strict.close();
    const down = createApnsSender({ transport, origins: { production: 'https://127.0.0.1:9', sandbox: 'https://127.0.0.1:9' } });
    expect(await down(apnsKey, push())).toMatchObject({ outcome: 'retry', error: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('FCM', () => {
  const rsa = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const account = (tokenOrigin: string) => ({
    type: 'service_account', project_id: 'chat-prod', client_email: 'herald@chat-prod.iam.gserviceaccount.com', private_key: rsa, token_uri: `${tokenOrigin}/token`,
  });
  const message = { token: 'fcm-token-1', data: { eventId: 'e1', type: 'message.offline', userId: 'bob' }, android: { priority: 'normal' } };

  it('gets an access token with a verified RS256 assertion, keeps it, and sends with it', async () => {
    const peer = await startFcmPeer(cert, account('x'), () => ({ status: 200, body: { name: 'projects/chat-prod/messages/0:1' } }));
    const send = createFcmSender({ transport, origin: peer.origin });
    try {
      for (let i = 0; i < 3; i++) expect(await send(account(peer.origin), message)).toMatchObject({ outcome: 'delivered', providerId: 'projects/chat-prod/messages/0:1' });
      expect(peer.tokenRequests).toHaveLength(1);
      expect(peer.sends.map((s) => [s.path, s.authorized])).toEqual(Array(3).fill(['/v1/projects/chat-prod/messages:send', true]));
      expect(JSON.parse(peer.sends[0].body)).toEqual({ message });
    } finally {
      await peer.close();
    }
  });

  it('asks for one access token when a burst of sends finds none, and keeps an unreadable success a success', async () => {
    const peer = await startFcmPeer(cert, account('x'), (n) => (n === 0 ? { status: 200, raw: 'not json' } : { status: 200, body: { name: `m${n}` } }));
    const send = createFcmSender({ transport, origin: peer.origin });
    try {
      const results = await Promise.all(Array.from({ length: 8 }, () => send(account(peer.origin), message)));
      expect(results.map((r) => r.outcome)).toEqual(Array(8).fill('delivered'));
      expect(peer.tokenRequests).toHaveLength(1);
      expect(peer.sends).toHaveLength(8);
    } finally {
      await peer.close();
    }
  });

  it('tells a dead token, a refused account and a passing overload apart, and fetches a new token after a 401', async () => {
    const answers = [
      { status: 404, body: { error: { status: 'NOT_FOUND', message: 'Requested entity was not found.', details: [{ errorCode: 'UNREGISTERED' }] } } },
      { status: 400, body: { error: { status: 'INVALID_ARGUMENT', message: 'The registration token is not a valid FCM registration token' } } },
      { status: 400, body: { error: { status: 'INVALID_ARGUMENT', message: 'Invalid value at message.android.ttl' } } },
      { status: 429, body: { error: { status: 'RESOURCE_EXHAUSTED' } }, headers: { 'retry-after': '30' } },
      { status: 503, body: { error: { status: 'UNAVAILABLE' } } },
      // A project that does not exist: the credential's problem, not the device's.
      { status: 404, body: { error: { status: 'NOT_FOUND', message: 'Requested entity was not found.' } } },
    ];
    const peer = await startFcmPeer(cert, account('x'), (n) => answers[n] ?? { status: 200, body: { name: 'ok' } });
    const send = createFcmSender({ transport, origin: peer.origin });
    try {
      const results = [];
      for (let i = 0; i < answers.length; i++) results.push(await send(account(peer.origin), message));
      expect(results.map((r) => [r.outcome, r.reason])).toEqual([
        ['token-dead', 'UNREGISTERED'],
        ['token-dead', 'INVALID_ARGUMENT'],
        ['failed', 'INVALID_ARGUMENT'],
        ['retry', 'RESOURCE_EXHAUSTED'],
        ['retry', 'UNAVAILABLE'],
        ['credential-failing', 'NOT_FOUND'],
      ]);
      expect(results[3].retryAfter).toBe('30');
      // Google revokes the token: the 401 fetches a new one and the message goes, in the same send.
      peer.revokeTokens();
      const sendsBefore = peer.sends.length;
      expect(await send(account(peer.origin), message)).toMatchObject({ outcome: 'delivered' });
      expect(peer.tokenRequests).toHaveLength(2);
      expect(peer.sends.slice(sendsBefore).map((s) => s.authorized)).toEqual([false, true]);
    } finally {
      await peer.close();
    }
  });

  it('marks the account failing when a fresh token is refused too (401 twice), asking for one new token only', async () => {
    const peer = await startFcmPeer(cert, account('x'), () => ({ status: 401, body: { error: { status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials.' } } }));
    const send = createFcmSender({ transport, origin: peer.origin });
    try {
      expect(await send(account(peer.origin), message)).toMatchObject({ outcome: 'credential-failing', statusCode: 401 });
      expect({ tokens: peer.tokenRequests.length, sends: peer.sends.length }).toEqual({ tokens: 2, sends: 2 });
    } finally {
      await peer.close();
    }
  });

  it('marks the account failing when its token endpoint refuses the grant', async () => {
    const peer = await startFcmPeer(cert, account('x'), undefined, () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } }));
    const send = createFcmSender({ transport, origin: peer.origin });
    try {
      expect(await send(account(peer.origin), message)).toMatchObject({ outcome: 'credential-failing', statusCode: 400, reason: expect.stringMatching(/invalid_grant/) });
      expect(peer.sends).toHaveLength(0);
    } finally {
      await peer.close();
    }
  });
});
