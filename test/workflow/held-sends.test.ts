// Sends held in the user's workflow on the time-skipping server, so that hours pass in an instant:
// quiet hours crossing midnight in a zone that is not UTC (what came in goes as one digest at their
// end), a 10-minute delay, and a held send carried across continue-as-new. E-mail goes through the
// real activities to a real SMTP server. The event workflow's hand-off is played by the test (it
// signals as the round's local activity does): the time-skipping server has no custom search
// attributes, which that hand-off sets.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAppsRepository } from '../../db/apps-repository';
import { createChannelsRepository } from '../../db/channels-repository';
import { createEventsRepository } from '../../db/events-repository';
import { createUsersRepository } from '../../db/users-repository';
import { hashApiKey, newId } from '../../domain/ids';
import { userWorkflowId, type PresenceSettings } from '../../domain/presence';
import { USER_SIGNALS, type RoutePolicy, type SendForUser } from '../../domain/notification-policy';
import { quietUntil } from '../../domain/quiet-hours';
import type { HeraldEvent } from '../../domain/event-envelope';
import { eventually } from '../support/herald';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping';
import { startSmtpPeer, type SmtpPeer } from '../support/channel-peers';
import { makeCertificate, startApnsPeer } from '../support/push-peers';
import { createPushCredentialsRepository } from '../../db/push-credentials-repository';
import { createDevicesRepository } from '../../db/devices-repository';

let server: TimeSkippingWorker;
let env: TestWorkflowEnvironment;
let smtp: SmtpPeer;
const settings: PresenceSettings = { offlineSuppressionSeconds: 300, unknownUsersAreOffline: true };

beforeAll(async () => {
  server = await startTimeSkippingWorker();
  env = server.env;
  smtp = await startSmtpPeer();
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

/** An app with an e-mail route to the user under `policy`, a user with an address, and the hand-off the round makes. */
async function setUp(policy: RoutePolicy, preferences: object = {}, maxHistoryEvents?: number) {
  const appId = newId('app');
  await createAppsRepository(server.pool).create({ id: appId, name: 'held', apiKeyHash: hashApiKey(randomUUID()), settings: {} });
  const channels = createChannelsRepository(server.pool, server.box);
  const channel = await channels.create({ id: newId('ch'), appId, type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'chat@example.com' } }, 10);
  if (channel === 'limit') throw new Error('limit');
  const routeId = newId('rt');
  await channels.createRoute({ id: routeId, appId, channelId: channel.id, events: ['message.created'], recipient: 'user', policy, template: { subject: '{{digest.count}} from {{digest.senders}}', text: '{{digest.items}}' } }, 10);
  const userId = `u-${randomUUID().slice(0, 8)}`;
  const address = `${userId}@example.com`;
  const users = createUsersRepository(server.pool);
  await users.putProfile(appId, userId, { email: address });
  await users.putPreferences(appId, userId, preferences);
  const events = createEventsRepository(server.pool, server.box);
  const workflowId = userWorkflowId(appId, userId);
  let n = 0;
  return {
    appId,
    userId,
    workflowId,
    mails: () => smtp.messages.filter((m) => m.envelopeTo.includes(address)),
    status: async (eventId: string) =>
      (await server.pool.query('SELECT status FROM deliveries WHERE app_id = $1 AND event_id = $2 AND endpoint_id = $3', [appId, eventId, routeId])).rows[0]?.status,
    /** A message to the user, stored and held as the round stores and holds it, then handed to the user's workflow. */
    async message(from: string, body: string, quiet?: number) {
      const event: HeraldEvent = { appId, id: `e${++n}-${randomUUID().slice(0, 6)}`, type: 'message.created', data: { messageId: randomUUID(), from, to: userId, kind: 'text', body }, occurredAt: new Date().toISOString() };
      await events.insert(event);
      await events.recordAttempts(event, [{ channel: 'email', endpointId: routeId, url: 'email mail', attempt: 1, webhookId: 'w', latencyMs: 0, error: 'held', deliveryStatus: 'held' }]);
      const send: SendForUser = { routeId, policy, send: { eventId: event.id, type: event.type, messageId: String(event.data.messageId) }, ...(quiet !== undefined && { quietUntil: quiet }) };
      await env.client.workflow.signalWithStart('userWorkflow', {
        taskQueue: server.taskQueue,
        workflowId,
        args: [{ appId, userId, settings, indexNotices: false, ...(maxHistoryEvents && { maxHistoryEvents }) }],
        signal: USER_SIGNALS.sends,
        signalArgs: [{ eventId: event.id, sends: [send], settings }],
      });
      return event.id;
    },
  };
}

/** A zone (not UTC) where it is now between 22:00 and 23:59, so a 22:00–07:00 window holds now and crosses midnight. */
function lateEveningZone(): string {
  const hour = new Date().getUTCHours();
  // Etc/GMT-N is UTC+N (POSIX signs). Local 23:xx, or 22:xx where that would be UTC itself.
  let offset = (hour === 23 ? 22 : 23) - hour;
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

it("holds what comes in during quiet hours that cross midnight in the user's zone, and sends it as one digest when they end", async () => {
  const timeZone = lateEveningZone();
  const quiet = { start: '22:00', end: '07:00', timeZone };
  const t = await setUp({}, { quietHours: quiet });
  const until = quietUntil(quiet, undefined, Date.now())!;
  // Some 7 to 9 hours away: past midnight there.
  expect(until - Date.now()).toBeGreaterThan(6.5 * 3600_000);
  expect(until - Date.now()).toBeLessThanOrEqual(9 * 3600_000);
  // Each held until the end, as the round judged it (the same night, so the same end).
  const first = await t.message('alice', 'good night', until);
  const second = await t.message('carol', 'sleep well', quietUntil(quiet, undefined, Date.now()));

  // A minute before the end: nothing sent, both held.
  await env.sleep(until - Date.now() - 60_000);
  expect(t.mails()).toEqual([]);
  expect(await t.status(second)).toBe('held');
  await env.sleep(2 * 60_000);
  const mails = await eventually(async () => (t.mails().length > 0 ? t.mails() : undefined));
  expect(mails.map((m) => [m.subject, m.text?.trim()])).toEqual([['2 from alice, carol', 'alice: good night\ncarol: sleep well']]);
  await eventually(async () => ((await t.status(first)) === 'delivered' && (await t.status(second)) === 'delivered' ? true : undefined));
});

it('sends a delayed e-mail at its time, not before', async () => {
  const t = await setUp({ delaySeconds: 600, cancelOn: ['message.read'] });
  const id = await t.message('alice', 'unread for ten minutes');
  await env.sleep(9 * 60_000);
  expect(t.mails()).toEqual([]);
  expect(await t.status(id)).toBe('held');
  await env.sleep(2 * 60_000);
  await eventually(async () => (t.mails().length === 1 ? true : undefined));
  expect(await t.status(id)).toBe('delivered');
});

it('carries held sends across continue-as-new', async () => {
  const t = await setUp({ delaySeconds: 3600 }, {}, 30);
  const held = await t.message('alice', 'see you tomorrow');
  const handle = env.client.workflow.getHandle(t.workflowId);
  const firstRun = (await handle.describe()).runId;
  // Presence changes grow the history past its bound: the workflow continues as new.
  for (let i = 0; (await handle.describe()).runId === firstRun; i++) {
    expect(i).toBeLessThan(60);
    await env.client.workflow.signalWithStart('userWorkflow', {
      taskQueue: server.taskQueue,
      workflowId: t.workflowId,
      args: [{ appId: t.appId, userId: t.userId, settings, indexNotices: false, maxHistoryEvents: 30 }],
      signal: 'presence',
      signalArgs: [{ eventId: `p${i}`, online: false, occurredAt: new Date(Date.now() + i).toISOString(), settings }],
    });
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((await handle.query<{ batches: unknown[] }>('held')).batches).toHaveLength(1);
  await env.sleep(3600_000 + 60_000);
  await eventually(async () => (t.mails().length === 1 ? true : undefined));
  expect(await t.status(held)).toBe('delivered');
});

describe('push in quiet hours', () => {
  let pushing: TimeSkippingWorker;
  let apns: Awaited<ReturnType<typeof startApnsPeer>>;
  const cert = makeCertificate();
  const apnsKey = { keyId: 'ABCDE12345', teamId: 'TEAM123456', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

  beforeAll(async () => {
    apns = await startApnsPeer(cert, apnsKey);
    pushing = await startTimeSkippingWorker({ push: { origin: apns.origin, ca: cert.cert } });
  });
  afterAll(async () => {
    await pushing?.stop();
    await apns?.close();
  });

  it("holds a notice's push until the user's quiet hours end, pushes once for what they held, and a critical one at once", async () => {
    const appId = newId('app');
    await createAppsRepository(pushing.pool).create({ id: appId, name: 'quiet push', apiKeyHash: hashApiKey(randomUUID()), settings: { criticalEventTypes: ['call.missed'] } });
    await createPushCredentialsRepository(pushing.pool, pushing.box).create(
      { id: newId('pc'), appId, platform: 'apns', name: 'ios', environment: 'production', details: { keyId: apnsKey.keyId, teamId: apnsKey.teamId, topic: 'com.example.chat' }, secret: apnsKey.privateKey, active: true },
      20,
    );
    const token = 'cd34'.repeat(16);
    await createDevicesRepository(pushing.pool).register({ appId, userId: 'gil', platform: 'apns', token, environment: 'production', voip: false }, 20);
    const quiet = { start: '22:00', end: '07:00', timeZone: lateEveningZone() };
    await createUsersRepository(pushing.pool).putPreferences(appId, 'gil', { quietHours: quiet });
    const until = quietUntil(quiet, undefined, Date.now())!;
    const pushed = () => apns.requests.filter((r) => r.path === `/3/device/${token}`);
    const notice = async (cause: string) => {
      const event: HeraldEvent = { appId, id: `n-${randomUUID()}`, type: 'message.offline', data: { userId: 'gil', heldBack: 0, cause }, occurredAt: new Date().toISOString() };
      return pushing.env.client.workflow.start('eventWorkflow', { taskQueue: pushing.taskQueue, workflowId: `event/${appId}/${event.id}`, args: [event] });
    };
    const status = async (eventId: string) => (await pushing.pool.query("SELECT status, last_error FROM deliveries WHERE event_id = $1 AND channel = 'push'", [eventId])).rows[0];

    // A missed call is critical here: pushed at once, quiet hours or not.
    const call = await notice('call.missed');
    await call.result();
    expect(pushed()).toHaveLength(1);

    const message = await notice('message.created');
    const idOf = (h: { workflowId: string }) => h.workflowId.split('/')[2];
    await eventually(async () => ((await status(idOf(message)))?.status === 'held' ? true : undefined));
    expect((await status(idOf(message))).last_error).toMatch(new RegExp(`^held: the user's quiet hours \\(22:00–07:00 ${quiet.timeZone.replace('+', '\\+')}\\) until `));
    // A later notice in the same night is held too.
    await pushing.env.sleep(60_000);
    const later = await notice('message.created');
    await eventually(async () => ((await status(idOf(later)))?.status === 'held' ? true : undefined));
    // To a minute before the end on the server's clock, a minute ahead of this one now.
    await pushing.env.sleep(until - Date.now() - 2 * 60_000);
    expect(pushed()).toHaveLength(1);
    await message.result();
    await later.result();
    // At the end, one push: the newest notice's; the older folds into it.
    expect(pushed()).toHaveLength(2);
    expect(await status(idOf(later))).toMatchObject({ status: 'delivered' });
    expect(await status(idOf(message))).toMatchObject({ status: 'skipped', last_error: `folded into the push of ${idOf(later)}, the newest notice quiet hours held` });
  });
});
