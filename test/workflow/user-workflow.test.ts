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

// The time-skipping server sometimes leaves the task that continues as new, with signals arriving
// beside it, unanswered for about 90 s of real time (its clock, and so the task's timeout, stands
// still between skips); a query waits for it. Seen with child starts as with local activities; the
// dev server times such a task out in 10 s. So the tests that continue as new allow for two such waits.
const STALL_ALLOWANCE_MS = 2 * 100_000;

it('continues as new before its history grows, carrying its state', async () => {
  const u = user(30);
  await u.presence(false);
  for (let i = 0; i < 25; i++) await u.message();
  const first = (await u.handle().describe()).runId;
  const state = await eventually(async () => {
    const s = await u.state();
    return s.noticesSent + s.messagesSuppressed === 25 ? s : undefined;
  }, STALL_ALLOWANCE_MS);
  expect(state).toMatchObject({ presence: 'offline', noticesSent: 1, heldBack: 24 });
  const runs = await eventually(async () => {
    const description = await u.handle().describe();
    return description.runId !== first || (await u.handle().fetchHistory()).events!.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)
      ? true
      : undefined;
  }, STALL_ALLOWANCE_MS);
  expect(runs).toBe(true);
  await u.message();
  expect((await eventually(async () => ((await u.state()).heldBack === 25 ? u.state() : undefined), STALL_ALLOWANCE_MS)).recentEventIds.length).toBe(27);
}, 120_000 + STALL_ALLOWANCE_MS);

it('keeps each run of its history under about 200 events by default, so a replay after eviction stays short', async () => {
  const u = user();
  await u.presence(false);
  // Ten messages at a time, each batch applied before the next (a flood of signals can hold a
  // continue-as-new back: each new signal fails the task that would have made it).
  let state: UserState | undefined;
  for (let sent = 10; sent <= 300; sent += 10) {
    for (let i = 0; i < 10; i++) await u.message();
    state = await eventually(async () => {
      const s = await u.state();
      return s.noticesSent + s.messagesSuppressed === sent ? s : undefined;
    }, STALL_ALLOWANCE_MS);
  }
  expect(state).toMatchObject({ presence: 'offline', noticesSent: 1, heldBack: 299 });
  // Walk the chain of runs back from the current one: every run is bounded, and there are several.
  const lengths: number[] = [];
  let runId: string | undefined = (await u.handle().describe()).runId;
  while (runId) {
    const history = await env.client.workflow.getHandle(u.handle().workflowId, runId).fetchHistory();
    lengths.push(history.events!.length);
    runId = history.events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
  }
  expect(lengths.length).toBeGreaterThan(1);
  for (const length of lengths) expect(length).toBeLessThanOrEqual(230);
}, 120_000 + STALL_ALLOWANCE_MS);
