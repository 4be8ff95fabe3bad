// Ordered delivery on the dev server against real receivers: an endpoint with `ordered: true`
// gets the app's events one at a time in the order received, the next waiting while one retries,
// while the app's other endpoints go on in parallel.
import { Client } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
const receivers: Receiver[] = [];

beforeAll(async () => {
  herald = await startTestHerald();
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await herald?.stop();
});

/**
 * Answers 503 to its first `failures` requests; notes the most it ever held at once, and, when it
 * takes each request, what `watch` says then (another receiver's count, read in the same instant).
 */
async function slowReceiver(failures: number, watch: () => number = () => 0) {
  const state = { open: 0, mostOpen: 0, watched: [] as number[] };
  const receiver = await startReceiver((n, _r, res) => {
    state.watched.push(watch());
    state.open++;
    state.mostOpen = Math.max(state.mostOpen, state.open);
    setTimeout(() => {
      state.open--;
      res.writeHead(n < failures ? 503 : 200).end(n < failures ? 'later' : 'ok');
    }, 30);
  });
  receivers.push(receiver);
  return { receiver, state };
}

const idOf = (body: string) => (JSON.parse(body) as { id: string }).id;

it('delivers one at a time in the order received, holding the rest while one retries; other endpoints stay parallel', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'ordered', settings: { retrySchedule: [1, 1, 1] } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const parallel = await startReceiver();
  receivers.push(parallel);
  const ordered = await slowReceiver(2, () => parallel.requests.length);
  const orderedEp = (await api('POST', `${base}/endpoints`, { url: ordered.receiver.url, events: ['message.sent'], guaranteed: true, ordered: true })).body;
  expect(orderedEp.ordered).toBe(true);
  await api('POST', `${base}/endpoints`, { url: parallel.url, events: ['message.sent'] });
  const secret = (await api('GET', `${base}/endpoints/${orderedEp.id}/secret`)).body.secret;

  const ids = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5'];
  for (const id of ids) expect((await api('POST', `${base}/events`, { id, type: 'message.sent', data: { messageId: id } })).status).toBe(202);
  // While o0 waits for its retry, the later ones wait their turn, queued.
  const queued = await eventually(async () => {
    const view = (await api('GET', `${base}/events/o5`)).body;
    return view.deliveries.find((d: { endpointId: string }) => d.endpointId === orderedEp.id);
  });
  expect(queued).toEqual(expect.objectContaining({ status: 'queued', attempts: 0 }));
  expect((await api('GET', `${base}/events/o5`)).body.status).toBe('delivering');

  const got = await ordered.receiver.waitFor(8, 30_000);
  expect(got.map((r) => idOf(r.body))).toEqual(['o0', 'o0', 'o0', 'o1', 'o2', 'o3', 'o4', 'o5']);
  expect(ordered.state.mostOpen).toBe(1);
  for (const r of got) expect(idOf(JSON.stringify(new Webhook(secret).verify(r.body, r.headers as Record<string, string>)))).toBe(idOf(r.body));
  expect(new Set(got.slice(0, 3).map((r) => r.headers['webhook-id'])).size).toBe(1);
  // The parallel endpoint had every event before o0 got through to the ordered one: counted by the
  // ordered receiver as it took o0's third attempt, not by comparing two clocks' arrivals.
  expect(ordered.state.watched[2]).toBe(6);
  const view = (await api('GET', `${base}/events/o0`)).body;
  expect(view.deliveries).toEqual(expect.arrayContaining([expect.objectContaining({ endpointId: orderedEp.id, status: 'delivered', attempts: 3 })]));

  // The endpoint's workflow is found in the Temporal UI by its id, idle now.
  const handle = new Client({ connection: herald.connection }).workflow.getHandle(`ordered/${created.id}/${orderedEp.id}`);
  expect((await handle.describe()).status.name).toBe('RUNNING');
});

it('keeps the order of receipt when events arrive at once', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'ordered-burst' })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const ordered = await slowReceiver(0);
  await api('POST', `${base}/endpoints`, { url: ordered.receiver.url, events: ['*'], ordered: true });

  const ids = Array.from({ length: 20 }, (_, i) => `b${i}`);
  const answers = await Promise.all(ids.map((id) => api('POST', `${base}/events`, { id, type: 'message.read', data: { messageId: id } })));
  expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));
  const got = await ordered.receiver.waitFor(20, 30_000);
  // The order of receipt is Herald's: its events list, oldest first.
  const listed = (await api('GET', `${base}/events?limit=100`)).body.data.map((e: { id: string }) => e.id).reverse();
  expect(got.map((r) => idOf(r.body))).toEqual(listed);
  expect(ordered.state.mostOpen).toBe(1);
});

it('resumes a delivery under way when its workflow was terminated mid-retry, before anything after it', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'ordered-resume', settings: { retrySchedule: [2, 2] } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const ordered = await slowReceiver(1);
  const ep = (await api('POST', `${base}/endpoints`, { url: ordered.receiver.url, events: ['*'], guaranteed: true, ordered: true })).body;
  expect((await api('POST', `${base}/events`, { id: 'p0', type: 'message.sent', data: { messageId: 'p0' } })).status).toBe(202);
  await ordered.receiver.waitFor(1);
  const handle = new Client({ connection: herald.connection }).workflow.getHandle(`ordered/${created.id}/${ep.id}`);
  await eventually(async () => ((await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes) ? true : undefined));
  await handle.terminate('test: an operator ends the run mid-retry');
  // The next event starts a new run, which finds p0 under way and finishes it first.
  expect((await api('POST', `${base}/events`, { id: 'p1', type: 'message.sent', data: { messageId: 'p1' } })).status).toBe(202);
  const got = await ordered.receiver.waitFor(3, 30_000);
  expect(got.map((r) => idOf(r.body))).toEqual(['p0', 'p0', 'p1']);
  expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(1500);
});

it('ends what a deleted ordered endpoint had waiting as skipped, and its workflow with it', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'ordered-delete', settings: { retrySchedule: [3600] } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  // The first answer is held until the endpoint is deleted: that attempt ends after the delete.
  let answerHeld: () => void = () => undefined;
  const receiver = await startReceiver((_n, _r, res) => {
    answerHeld = () => res.writeHead(503).end('later');
  });
  receivers.push(receiver);
  const ordered = { receiver };
  const ep = (await api('POST', `${base}/endpoints`, { url: ordered.receiver.url, events: ['*'], guaranteed: true, ordered: true })).body;
  for (const id of ['q0', 'q1', 'q2']) expect((await api('POST', `${base}/events`, { id, type: 'message.sent', data: { messageId: id } })).status).toBe(202);
  await ordered.receiver.waitFor(1);
  await eventually(async () => ((await api('GET', `${base}/events/q2`)).body.deliveries.length === 1 ? true : undefined));
  expect((await api('DELETE', `${base}/endpoints/${ep.id}`)).status).toBe(204);
  answerHeld();
  // The attempt in flight is logged when it ends; it does not bring q0's delivery back.
  await eventually(async () => ((await api('GET', `${base}/events/q0/attempts`)).body.data.length === 1 ? true : undefined));
  for (const id of ['q0', 'q1', 'q2']) {
    const view = (await api('GET', `${base}/events/${id}`)).body;
    expect(view).toEqual(expect.objectContaining({ status: 'completed', deliveries: [expect.objectContaining({ status: 'skipped', lastError: 'endpoint deleted' })] }));
  }
  await new Client({ connection: herald.connection }).workflow.getHandle(`ordered/${created.id}/${ep.id}`).result();
  expect(ordered.receiver.requests).toHaveLength(1);
});

it('accepts ordered on creation and in a PATCH, and shows it', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'ordered-flag' })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const ep = (await api('POST', `${base}/endpoints`, { url: 'http://127.0.0.1:9/hook', events: ['*'] })).body;
  expect(ep.ordered).toBe(false);
  expect((await api('PATCH', `${base}/endpoints/${ep.id}`, { ordered: true })).body.ordered).toBe(true);
  const bad = await api('PATCH', `${base}/endpoints/${ep.id}`, { ordered: 'yes' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual([expect.objectContaining({ path: '/ordered' })]);
});
