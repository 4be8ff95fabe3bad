// The user entity workflow continuing as new, on the run's dev server rather than the
// time-skipping one: the time-skipping server's continue-as-new is not atomic with signals that
// arrive beside it (temporalio/sdk-java#1538), and it then left the task unanswered for about 90 s
// of real time, one or more times per test, under load. The dev server handles that race as a
// production server does. Nothing here waits on a timer, so no time needs skipping.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { createAppsRepository } from '../../db/apps-repository';
import { createEndpointsRepository } from '../../db/endpoints-repository';
import { createPool, type Pool } from '../../db/pool';
import { createSecretBox } from '../../domain/secret-box';
import { generateSecret } from '../../domain/signing';
import { hashApiKey, newId } from '../../domain/ids';
import { userWorkflowId, type PresenceSettings, type UserState } from '../../domain/presence';
import { eventually, startTestHerald, testEnv, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
let client: Client;
let pool: Pool;
let receiver: Receiver;
let appId: string;
const settings: PresenceSettings = { offlineSuppressionSeconds: 600, unknownUsersAreOffline: true };

beforeAll(async () => {
  herald = await startTestHerald({ roles: { api: false, worker: true } });
  client = new Client({ connection: herald.connection });
  pool = createPool(testEnv().databaseUrl);
  receiver = await startReceiver();
  appId = newId('app');
  await createAppsRepository(pool).create({ id: appId, name: 'users', apiKeyHash: hashApiKey(randomUUID()), settings: {} });
  await createEndpointsRepository(pool, createSecretBox(testEnv().encryptionKey)).create({
    id: newId('ep'), appId, url: receiver.url, events: ['message.offline'], guaranteed: true, secret: generateSecret(), limit: 100,
  });
});
afterAll(async () => {
  await herald?.stop();
  await receiver?.close();
  await pool?.end();
});

function user(maxHistoryEvents?: number) {
  const userId = `u-${randomUUID().slice(0, 8)}`;
  const workflowId = userWorkflowId(appId, userId);
  const start = { taskQueue: herald.config.taskQueue, workflowId, args: [{ appId, userId, settings, ...(maxHistoryEvents && { maxHistoryEvents }) }] };
  let n = 0;
  return {
    handle: () => client.workflow.getHandle(workflowId),
    message: () =>
      client.workflow.signalWithStart('userWorkflow', {
        ...start,
        signal: 'message',
        signalArgs: [{ eventId: `m-${userId}-${++n}`, type: 'message.created', messageId: `msg${n}`, from: 'alice', occurredAt: new Date().toISOString(), settings }],
      }),
    offline: () =>
      client.workflow.signalWithStart('userWorkflow', {
        ...start,
        signal: 'presence',
        signalArgs: [{ eventId: `p-${userId}-${++n}`, online: false, occurredAt: new Date().toISOString(), settings }],
      }),
    state: () => client.workflow.getHandle(workflowId).query<UserState>('state'),
  };
}

it('continues as new before its history grows, carrying its state', async () => {
  const u = user(30);
  await u.offline();
  for (let i = 0; i < 25; i++) await u.message();
  const first = (await u.handle().describe()).runId;
  const state = await eventually(async () => {
    const s = await u.state();
    return s.noticesSent + s.messagesSuppressed === 25 ? s : undefined;
  });
  expect(state).toMatchObject({ presence: 'offline', noticesSent: 1, heldBack: 24 });
  const runs = await eventually(async () => {
    const description = await u.handle().describe();
    return description.runId !== first || (await u.handle().fetchHistory()).events!.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)
      ? true
      : undefined;
  });
  expect(runs).toBe(true);
  await u.message();
  expect((await eventually(async () => ((await u.state()).heldBack === 25 ? u.state() : undefined))).recentEventIds.length).toBe(27);
}, 120_000);

it('keeps each run of its history under about 200 events by default, so a replay after eviction stays short', async () => {
  const u = user();
  await u.offline();
  // Ten messages at a time, each batch applied before the next (a flood of signals can hold a
  // continue-as-new back: each new signal fails the task that would have made it).
  let state: UserState | undefined;
  for (let sent = 10; sent <= 300; sent += 10) {
    for (let i = 0; i < 10; i++) await u.message();
    state = await eventually(async () => {
      const s = await u.state();
      return s.noticesSent + s.messagesSuppressed === sent ? s : undefined;
    });
  }
  expect(state).toMatchObject({ presence: 'offline', noticesSent: 1, heldBack: 299 });
  // Walk the chain of runs back from the current one: every run is bounded, and there are several.
  const lengths: number[] = [];
  let runId: string | undefined = (await u.handle().describe()).runId;
  while (runId) {
    const history = await client.workflow.getHandle(u.handle().workflowId, runId).fetchHistory();
    lengths.push(history.events!.length);
    runId = history.events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
  }
  expect(lengths.length).toBeGreaterThan(1);
  for (const length of lengths) expect(length).toBeLessThanOrEqual(230);
}, 120_000);
