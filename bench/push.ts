// The push scenario: users offline with an iOS and an Android device each; one message each makes
// one offline notice, which pushes to both devices at the local APNs and FCM peers (the test
// suite's, which verify every JWT). Pushes/s through the workflows beside the same pushes sent
// directly (no Temporal) in the same run, and p99 from the message's post to its pushes' arrival.
import { generateKeyPairSync } from 'node:crypto';
import { createApnsSender } from '../activities/push/apns';
import { createFcmSender } from '../activities/push/fcm';
import { createHttp2Transport } from '../activities/push/http2-transport';
import { makeCertificate, startApnsPeer, startFcmPeer, type TestCertificate } from '../test/support/push-peers';
import type { Client } from '@temporalio/client';
import { pool, round, summarise } from './stats';
import { settled } from './presence';

const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

export async function startPushPeers() {
  const cert = makeCertificate();
  const apnsKey = { keyId: 'BENCH12345', teamId: 'TEAM123456', topic: 'com.example.bench', privateKey: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) };
  const account = { client_email: 'bench@bench.iam.gserviceaccount.com', private_key: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) };
  const apns = await startApnsPeer(cert, apnsKey);
  const fcm = await startFcmPeer(cert, account, () => ({ status: 200, body: { name: 'projects/bench/messages/1' } }));
  return {
    cert,
    apns,
    fcm,
    apnsKey,
    serviceAccount: { ...account, type: 'service_account', project_id: 'bench', token_uri: `${fcm.origin}/token` },
    close: async () => {
      await apns.close();
      await fcm.close();
    },
  };
}

type Peers = Awaited<ReturnType<typeof startPushPeers>>;

export async function runPushBench(o: {
  client: Client;
  users: number;
  concurrency: number;
  peers: Peers;
  cert: TestCertificate;
  /** Posts through the API as the bench app; resolves when accepted. */
  post: (path: string, body: object) => Promise<void>;
  log: (line: string) => void;
}) {
  const { peers } = o;
  const prefix = `push${Date.now().toString(36)}`;
  const user = (i: number) => `${prefix}-u${i}`;
  const iosToken = (i: number) => i.toString(16).padStart(64, '0');
  const fcmToken = (i: number) => `bench:${prefix}-${i}-${'x'.repeat(40)}`;

  o.log(`push: ${o.users} offline users, an iOS and an Android device each`);
  await o.post('/push-credentials', { platform: 'apns', name: 'ios', environment: 'production', ...peers.apnsKey });
  await o.post('/push-credentials', { platform: 'fcm', name: 'android', serviceAccount: peers.serviceAccount });
  await pool(o.users, o.concurrency, async (i) => {
    await o.post(`/users/${user(i)}/devices`, { platform: 'apns', token: iosToken(i) });
    await o.post(`/users/${user(i)}/devices`, { platform: 'fcm', token: fcmToken(i) });
    await o.post('/events', { id: `${user(i)}-off`, type: 'user.offline', data: { userId: user(i) } });
  });
  // The set-up's workflows finish before the clock starts.
  await settled(o.client);

  const arrivals = () => [...peers.apns.requests, ...peers.fcm.sends];
  const before = arrivals().length;
  const postedAt = new Map<string, number>();
  const started = Date.now();
  await pool(o.users, o.concurrency, async (i) => {
    postedAt.set(user(i), Date.now());
    await o.post('/events', { id: `${user(i)}-m`, type: 'message.created', data: { messageId: `${user(i)}-m`, from: 'alice', to: user(i), kind: 'text', body: 'hi' } });
  });
  const deadline = Date.now() + 300_000;
  while (arrivals().length < before + 2 * o.users) {
    if (Date.now() > deadline) {
      throw new Error(
        `push: ${arrivals().length - before} of ${2 * o.users} pushes arrived (APNs ${peers.apns.requests.length}, FCM ${peers.fcm.sends.length}, FCM tokens issued ${peers.fcm.tokenRequests.length})`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  const latencies = arrivals()
    .slice(before)
    .map((r) => {
      const body = JSON.parse(r.body) as { userId?: string; message?: { data?: { userId?: string } } };
      const userId = body.userId ?? body.message?.data?.userId ?? '';
      return r.at - (postedAt.get(userId) ?? NaN);
    })
    .filter((n) => !Number.isNaN(n));
  const through = summarise(latencies);
  o.log(`  ${round((2 * o.users) / seconds)} pushes/s through Herald, message to push p50 ${through.p50} ms, p99 ${through.p99} ms`);

  // The same pushes with the same senders, straight to the peers.
  const transport = createHttp2Transport({ allowPrivateTargets: true, timeoutMs: 15_000, ca: o.cert.cert });
  const sendApns = createApnsSender({ transport, origins: { production: peers.apns.origin, sandbox: peers.apns.origin } });
  const sendFcm = createFcmSender({ transport, origin: peers.fcm.origin });
  const directStarted = Date.now();
  await pool(o.users, o.concurrency, async (i) => {
    await Promise.all([
      sendApns(peers.apnsKey, { deviceToken: iosToken(i), environment: 'production', pushType: 'background', priority: 5, payload: { aps: { 'content-available': 1 } } }),
      sendFcm(peers.serviceAccount, { token: fcmToken(i), data: { userId: user(i) }, android: { priority: 'normal' } }),
    ]);
  });
  const directPerSecond = (2 * o.users) / ((Date.now() - directStarted) / 1000);
  transport.close();
  o.log(`  ${round(directPerSecond)} pushes/s sent directly`);
  return {
    pushesPerSecond: round((2 * o.users) / seconds),
    pushDirectPerSecond: round(directPerSecond),
    pushP50Ms: through.p50,
    pushP99Ms: through.p99,
    pushUsers: o.users,
  };
}
