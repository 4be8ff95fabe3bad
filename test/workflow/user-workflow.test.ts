// The user entity workflow on the time-skipping server: suppression windows pass in an instant.
// Notices go out through real event workflows and activities to a loopback receiver.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAppsRepository } from '../../db/apps-repository';
import { createEndpointsRepository } from '../../db/endpoints-repository';
import { generateSecret } from '../../domain/signing';
import { hashApiKey, newId } from '../../domain/ids';
import { userWorkflowId, type PresenceSettings, type UserState } from '../../domain/presence';
import { eventually } from '../support/herald';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping';
import { startReceiver, type Receiver } from '../support/receiver';

let server: TimeSkippingWorker;
let env: TestWorkflowEnvironment;
let taskQueue: string;
let receiver: Receiver;
let appId: string;
const settings: PresenceSettings = { offlineSuppressionSeconds: 600, unknownUsersAreOffline: true };

beforeAll(async () => {
  server = await startTimeSkippingWorker();
  ({ env, taskQueue } = server);
  receiver = await startReceiver();
  appId = newId('app');
  await createAppsRepository(server.pool).create({ id: appId, name: 'users', apiKeyHash: hashApiKey(randomUUID()), settings: {} });
  await createEndpointsRepository(server.pool, server.box).create({
    id: newId('ep'), appId, url: receiver.url, events: ['message.offline'], guaranteed: true, secret: generateSecret(), limit: 100,
  });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

function user(maxHistoryEvents?: number, userSettings = settings) {
  const userId = `u-${randomUUID().slice(0, 8)}`;
  const workflowId = userWorkflowId(appId, userId);
  // The time-skipping server knows no custom search attributes: the notices go without them here.
  const start = { taskQueue, workflowId, args: [{ appId, userId, settings: userSettings, indexNotices: false, ...(maxHistoryEvents && { maxHistoryEvents }) }] };
  let n = 0;
  const at = (secondsAgo = 0) => new Date(Date.now() - secondsAgo * 1000).toISOString();
  return {
    userId,
    handle: () => env.client.workflow.getHandle(workflowId),
    message: (from = 'alice', type = 'message.created') =>
      env.client.workflow.signalWithStart('userWorkflow', {
        ...start,
        signal: 'message',
        signalArgs: [{ eventId: `m-${userId}-${++n}`, type, messageId: `msg${n}`, from, occurredAt: at(), settings: userSettings }],
      }),
    presence: (online: boolean, occurredAt = at()) =>
      env.client.workflow.signalWithStart('userWorkflow', {
        ...start,
        signal: 'presence',
        signalArgs: [{ eventId: `p-${userId}-${++n}`, online, occurredAt, settings: userSettings }],
      }),
    state: async () => (await env.client.workflow.getHandle(workflowId).query<UserState>('state')),
  };
}

const noticesFor = (userId: string) =>
  receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'message.offline' && b.data.userId === userId);

async function noticeCount(userId: string, count: number) {
  return eventually(async () => (noticesFor(userId).length >= count ? noticesFor(userId) : undefined));
}

it('announces every missed call for an offline user, inside the message window too, without moving it', async () => {
  const u = user();
  await u.presence(false);
  await u.message();
  await noticeCount(u.userId, 1);
  const windowUntil = (await u.state()).windowUntil;
  await u.message('carol', 'call.missed');
  await u.message('carol', 'call.missed');
  const notices = await noticeCount(u.userId, 3);
  expect(notices.map((n) => [n.data.cause, n.data.heldBack])).toEqual([['message.created', 0], ['call.missed', 0], ['call.missed', 0]]);
  // Messages are still held back by the window the first one opened.
  await u.message();
  await eventually(async () => ((await u.state()).heldBack === 1 ? true : undefined));
  expect((await u.state()).windowUntil).toBe(windowUntil);
  // Online, a missed call is the app's to show: no notice.
  await u.presence(true);
  await u.message('carol', 'call.missed');
  // The handler that applied it would have counted a notice: it counted none.
  const after = await eventually(async () => ((await u.state()).recentEventIds.length === 7 ? u.state() : undefined));
  expect(after.noticesSent).toBe(3);
});

it('announces the first message for an offline user and counts the next ones inside the window', async () => {
  const u = user();
  await u.presence(false);
  for (let i = 0; i < 10; i++) await u.message();
  await eventually(async () => ((await u.state()).heldBack === 9 ? true : undefined));
  const [notice] = await noticeCount(u.userId, 1);
  expect(notice.data).toMatchObject({ userId: u.userId, messageId: 'msg2', from: 'alice', heldBack: 0 });

  // Let the window pass, and the next message is announced with the count.
  await env.sleep('11 minutes');
  await u.message('carol');
  const notices = await noticeCount(u.userId, 2);
  expect(notices[1].data).toMatchObject({ from: 'carol', heldBack: 9 });
  expect(notices).toHaveLength(2);
  expect(await u.state()).toMatchObject({ presence: 'offline', heldBack: 0, noticesSent: 2, messagesSuppressed: 9 });
});

it('ends the window as soon as the user comes online', async () => {
  const u = user();
  await u.message(); // never seen: counts as offline
  await u.message();
  await noticeCount(u.userId, 1);
  await u.presence(true);
  await u.message(); // online: nothing to announce
  await u.presence(false);
  await u.message('dave');
  const notices = await noticeCount(u.userId, 2);
  expect(notices[1].data).toMatchObject({ from: 'dave', heldBack: 0 });
  expect((await u.state()).presence).toBe('offline');
});

it('lets occurredAt decide: an offline stamped before the last online does not flip the user back', async () => {
  const u = user();
  await u.presence(true, new Date(Date.now() - 1000).toISOString());
  await u.presence(false, new Date(Date.now() - 5000).toISOString());
  await u.message();
  const state = await eventually(async () => {
    const s = await u.state();
    return s.recentEventIds.length === 3 ? s : undefined;
  });
  expect(state.presence).toBe('online');
  expect(state.noticesSent).toBe(0);
});

it('treats never-seen users as online when the app says so', async () => {
  const u = user(undefined, { ...settings, unknownUsersAreOffline: false });
  await u.message();
  const state = await eventually(async () => {
    const s = await u.state();
    return s.recentEventIds.length === 1 ? s : undefined;
  });
  expect(state).toMatchObject({ presence: 'unknown', noticesSent: 0 });
});

// Continuing as new: user-continue-as-new.test.ts, on the dev server (see there why).
