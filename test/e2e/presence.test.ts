// Presence and offline notices through the API, on the dev server with a real receiver.
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
let receiver: Receiver;
let taskQueue: string;

beforeAll(async () => {
  herald = await startTestHerald();
  taskQueue = herald.config.taskQueue;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await herald.stop();
});

async function newApp(settings: object) {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'presence', settings })).body;
  const app = { id: created.id as string, key: created.apiKey as string };
  const api = () => apiClient(herald.url, app.key);
  await api()('POST', `/v1/apps/${app.id}/endpoints`, { url: receiver.url, events: ['message.offline', 'user.online', 'user.offline'] });
  let n = 0;
  return {
    ...app,
    presence: async (userId: string) => (await api()('GET', `/v1/apps/${app.id}/users/${userId}/presence`)).body,
    post: async (type: string, data: object) => {
      const res = await api()('POST', `/v1/apps/${app.id}/events`, { id: `${type}-${++n}`, type, data });
      expect(res.status).toBe(202);
      return res.body;
    },
    get: async (path: string) => (await api()('GET', `/v1/apps/${app.id}${path}`)).body,
    // The receiver is shared and notices carry no app id, so each test uses user ids of its own.
    notices: (userId: string) =>
      receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'message.offline' && b.data.userId === userId),
  };
}

const message = (to: string, n: number) => ({ messageId: `m${n}`, from: 'alice', to, kind: 'text', body: `hi ${n}` });

it('gives one notice for ten messages to an offline user, counts the rest, and resets when the user comes online', async () => {
  const app = await newApp({ offlineSuppressionSeconds: 600 });
  await app.post('user.offline', { userId: 'bob' });
  await eventually(async () => ((await app.presence('bob')).presence === 'offline' ? true : undefined));
  for (let i = 0; i < 10; i++) await app.post('message.created', message('bob', i));

  const state = await eventually(async () => {
    const s = await app.presence('bob');
    return s.heldBack === 9 ? s : undefined;
  });
  expect(state).toMatchObject({ presence: 'offline', treatedAs: 'offline', noticesSent: 1, messagesSuppressed: 9, workflowId: `user/${app.id}/bob` });
  const [notice] = await eventually(async () => (app.notices('bob').length === 1 ? app.notices('bob') : undefined));
  expect(notice.data).toMatchObject({ userId: 'bob', from: 'alice', heldBack: 0 });
  // The window runs the app's 600 s from the notice.
  expect(Math.abs(Date.parse(state.suppressingNoticesUntil) - (Date.parse(notice.timestamp) + 600_000))).toBeLessThan(5_000);
  expect(notice.id).toMatch(/^evt_offline_/);

  // The notice is an event of its own, with its deliveries, like any other.
  const view = await eventually(async () => {
    const v = await app.get(`/events/${notice.id}`);
    return v.status === 'completed' ? v : undefined;
  });
  expect(view).toMatchObject({ type: 'message.offline', deliveries: [expect.objectContaining({ status: 'delivered' })] });

  await app.post('user.online', { userId: 'bob' });
  const online = await eventually(async () => {
    const s = await app.presence('bob');
    return s.presence === 'online' ? s : undefined;
  });
  expect(online).toMatchObject({ heldBack: 0 });
  expect(online.suppressingNoticesUntil).toBeUndefined();

  await app.post('user.offline', { userId: 'bob' });
  await eventually(async () => ((await app.presence('bob')).presence === 'offline' ? true : undefined));
  await app.post('message.created', message('bob', 11));
  const notices = await eventually(async () => (app.notices('bob').length === 2 ? app.notices('bob') : undefined));
  expect(notices[1].data).toMatchObject({ heldBack: 0 });
});

// The window's end, and the count said with the next notice, are checked in time-skipping
// (test/workflow/user-workflow.test.ts): in real time it would need the machine to keep time.
it('keeps users independent: one user\'s window holds back no other user\'s notice', async () => {
  const app = await newApp({ offlineSuppressionSeconds: 600 });
  for (let i = 0; i < 3; i++) await app.post('message.created', message('carol', i)); // never seen: offline
  await app.post('message.created', message('dan', 0));
  await eventually(async () => ((await app.presence('carol')).heldBack === 2 ? true : undefined));
  await eventually(async () => (app.notices('dan').length === 1 ? true : undefined));
  expect(app.notices('carol')).toHaveLength(1);
  expect((await app.presence('dan')).heldBack).toBe(0);
});

it('keeps suppressing across a restart of the worker inside the window', async () => {
  const app = await newApp({ offlineSuppressionSeconds: 600 });
  await app.post('message.created', message('erin', 0));
  await eventually(async () => (app.notices('erin').length === 1 ? true : undefined));

  await herald.stop();
  herald = await startTestHerald({ config: { taskQueue } });
  await app.post('message.created', message('erin', 1));
  await app.post('message.created', message('erin', 2));
  const state = await eventually(async () => {
    const s = await app.presence('erin');
    return s.heldBack === 2 ? s : undefined;
  });
  expect(state.noticesSent).toBe(1);
  expect(app.notices('erin')).toHaveLength(1);
});

it('leaves messages out of user workflows when no endpoint listens for message.offline', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'quiet' })).body;
  const api = apiClient(herald.url, created.apiKey);
  const r2 = await startReceiver();
  try {
    await api('POST', `/v1/apps/${created.id}/endpoints`, { url: r2.url, events: ['message.created'] });
    await api('POST', `/v1/apps/${created.id}/events`, { id: 'q1', type: 'message.created', data: message('frank', 1) });
    await r2.waitFor(1);
    await eventually(async () => ((await api('GET', `/v1/apps/${created.id}/events/q1`)).body.status === 'completed' ? true : undefined));
    const state = (await api('GET', `/v1/apps/${created.id}/users/frank/presence`)).body;
    expect(state).toMatchObject({ presence: 'unknown', noticesSent: 0, heldBack: 0 });
  } finally {
    await r2.close();
  }
});

it('shows a user Herald has never seen as unknown, treated as the app says', async () => {
  const app = await newApp({ unknownUsersAreOffline: false });
  expect(await app.presence('nobody')).toMatchObject({ presence: 'unknown', treatedAs: 'online', heldBack: 0, noticesSent: 0 });
});
