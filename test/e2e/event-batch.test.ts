// POST /events/batch end to end (real Temporal dev server, PostgreSQL, worker, receivers on
// loopback): each event validated, stored and started on its own; results in the order given; one
// bad event refuses only itself; events a dying process stored are started by the sweeper.
import { createPool, type Pool } from '../../db/pool';
import { createEventsRepository } from '../../db/events-repository';
import { createSecretBox } from '../../domain/secret-box';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, testEnv, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
let admin: ReturnType<typeof apiClient>;
let db: Pool;
const receivers: Receiver[] = [];

beforeAll(async () => {
  herald = await startTestHerald({ config: { startSweepSeconds: 0.5 } });
  admin = apiClient(herald.url, ADMIN_TOKEN);
  db = createPool(testEnv().databaseUrl);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await db.end();
  await herald.stop();
});

async function appWithReceiver() {
  const { body } = await admin('POST', '/v1/apps', { name: 'batch' });
  const api = apiClient(herald.url, body.apiKey);
  const r = await startReceiver();
  receivers.push(r);
  expect((await api('POST', `/v1/apps/${body.id}/endpoints`, { url: r.url, events: ['message.created', 'user.online'] })).status).toBe(201);
  return { id: body.id as string, api, receiver: r };
}

const message = (n: number) => ({ messageId: `m${n}`, from: 'alice', to: 'bob', kind: 'text', body: `hello ${n}` });
const deliveredIds = (r: Receiver) => r.requests.map((q) => JSON.parse(q.body).id as string).sort();

it('answers 207 with one result per event in order: stored and started, repeats, and refusals that harm no other event', async () => {
  const app = await appWithReceiver();
  expect((await app.api('POST', `/v1/apps/${app.id}/events`, { id: 'seen', type: 'message.created', data: message(0) })).status).toBe(202);
  await app.receiver.waitFor(1);

  const res = await app.api('POST', `/v1/apps/${app.id}/events/batch`, {
    events: [
      { id: 'b1', type: 'message.created', data: message(1) },
      { id: 'bad-data', type: 'message.created', data: { from: 'alice' } },
      { type: 'user.online', data: { userId: 'u1' } },
      { id: 'seen', type: 'message.created', data: message(0) },
      { id: 'nul', type: 'message.created', data: { ...message(3), body: 'a\u0000b' } },
      { id: 'b1', type: 'message.created', data: message(1) },
      { id: 'extra', type: 'message.created', data: message(4), colour: 'red' },
      'not an object',
      { id: 'b2', type: 'message.created', data: message(2), occurredAt: '2026-12-01T10:00:00+02:00' },
    ],
  });
  expect(res.status).toBe(207);
  const results = res.body.results as { id: string | null; status: number; workflowId?: string; error?: { code: string; message: string; details: { path: string }[] } }[];
  expect(results.map((r) => [r.id, r.status])).toEqual([
    ['b1', 202],
    ['bad-data', 400],
    [expect.stringMatching(/^evt_/), 202],
    ['seen', 200],
    ['nul', 400],
    ['b1', 200],
    ['extra', 400],
    [null, 400],
    ['b2', 202],
  ]);
  expect(results[0].workflowId).toBe(`event/${app.id}/b1`);
  expect(results[1].error!.details.map((d) => d.path)).toContain('/events/1/data/messageId');
  expect(results[4].error!.message).toMatch(/^body \/events\/4\/data\/body contains a NUL/);
  expect(results[6].error!.details).toEqual([{ in: 'body', path: '/events/6/colour', message: 'is not allowed here' }]);
  expect(results[7].error!.details[0].path).toBe('/events/7');

  // Each accepted event is delivered once; the refused ones were never stored.
  const online = results[2].id!;
  await eventually(async () => (app.receiver.requests.length >= 4 ? true : undefined));
  expect(deliveredIds(app.receiver)).toEqual(['b1', 'b2', online, 'seen'].sort());
  expect((await app.api('GET', `/v1/apps/${app.id}/events/b2`)).body.occurredAt).toBe('2026-12-01T08:00:00.000Z');
  for (const refused of ['bad-data', 'nul', 'extra']) expect((await app.api('GET', `/v1/apps/${app.id}/events/${refused}`)).status).toBe(404);
});

it('refuses a batch that is not a list of 1 to 100 events as a whole, with where', async () => {
  const app = await appWithReceiver();
  const empty = await app.api('POST', `/v1/apps/${app.id}/events/batch`, { events: [] });
  expect(empty.status).toBe(400);
  expect(empty.body.error.details[0].path).toBe('/events');
  const tooMany = await app.api('POST', `/v1/apps/${app.id}/events/batch`, { events: Array.from({ length: 101 }, (_, i) => ({ type: 'user.online', data: { userId: `u${i}` } })) });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.error.message).toMatch(/\/events must NOT have more than 100 items/);
  const other = apiClient(herald.url, (await admin('POST', '/v1/apps', { name: 'other' })).body.apiKey);
  expect((await other('POST', `/v1/apps/${app.id}/events/batch`, { events: [{ type: 'user.online', data: { userId: 'u' } }] })).status).toBe(404);
});

it('starts the events of a batch whose process died after storing them, through the start sweeper, once each', async () => {
  const app = await appWithReceiver();
  // What a process that died between the batch's statement and its starts leaves behind.
  const events = createEventsRepository(db, createSecretBox(testEnv().encryptionKey));
  const batch = [1, 2, 3].map((n) => ({ appId: app.id, id: `orphan-${n}`, type: 'message.created', data: message(n), occurredAt: new Date().toISOString() }));
  expect([...(await events.insertBatch(app.id, batch))].sort()).toEqual(['orphan-1', 'orphan-2', 'orphan-3']);
  const notes = await db.query('SELECT event_id FROM unstarted_events WHERE app_id = $1 AND next_try_at > now() + interval \'30 seconds\'', [app.id]);
  expect(notes.rowCount).toBe(3);

  // The sweeper leaves a batch's events to the batch for a minute; that minute passes here.
  await db.query('UPDATE unstarted_events SET next_try_at = now() WHERE app_id = $1', [app.id]);
  await eventually(async () => (app.receiver.requests.length >= 3 ? true : undefined));
  expect(deliveredIds(app.receiver)).toEqual(['orphan-1', 'orphan-2', 'orphan-3']);
  await eventually(async () => ((await db.query('SELECT 1 FROM unstarted_events WHERE app_id = $1', [app.id])).rowCount === 0 ? true : undefined));

  // A batch that finishes clears its own notes.
  const res = await app.api('POST', `/v1/apps/${app.id}/events/batch`, { events: [{ id: 'live', type: 'message.created', data: message(9) }] });
  expect(res.body.results[0].status).toBe(202);
  expect((await db.query('SELECT 1 FROM unstarted_events WHERE app_id = $1', [app.id])).rowCount).toBe(0);
});
