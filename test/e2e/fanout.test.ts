// Fan-out to 100 endpoints on real parts (Temporal dev server, PostgreSQL, loopback receivers):
// one slow receiver among them delays neither the others' deliveries, nor their log, nor the
// event's workflow task.
import type { ServerResponse } from 'node:http';
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';

const FANOUT = 100;
let herald: TestHerald;
let fast: Receiver;
let slow: Receiver;
/** The slow receiver's answers, held until the test lets them go. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  herald = await startTestHerald({ config: { webhookTimeoutMs: 30_000 } });
  fast = await startReceiver();
  slow = await startReceiver((_n, _r, res) => held.push(res));
});
afterAll(async () => {
  for (const res of held) if (!res.writableEnded) res.writeHead(200).end();
  await Promise.all([fast.close(), slow.close()]);
  await herald.stop();
});

/** Seconds each workflow task of the event's workflow took, from its history once it has finished. */
async function workflowTaskSeconds(workflowId: string): Promise<number[]> {
  const handle = new Client({ connection: herald.connection }).workflow.getHandle(workflowId);
  // The event reads completed once its last write is made, a moment before its workflow ends.
  await handle.result();
  const history = await handle.fetchHistory();
  const started = new Map<number, number>();
  const took: number[] = [];
  for (const e of history.events ?? []) {
    const at = Number(e.eventTime?.seconds ?? 0) + (e.eventTime?.nanos ?? 0) / 1e9;
    if (e.workflowTaskStartedEventAttributes) started.set(Number(e.eventId), at);
    const done = e.workflowTaskCompletedEventAttributes;
    if (done) took.push(at - (started.get(Number(done.startedEventId)) ?? at));
  }
  return took;
}

it('delivers to 99 endpoints and logs them while the 100th is still answering, and its workflow task is not held', async () => {
  const { body: created } = await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'fan-out' });
  const app = apiClient(herald.url, created.apiKey);
  const ids: string[] = [];
  for (let i = 0; i < FANOUT; i++) {
    const url = i === 42 ? `${slow.url}/42` : `${fast.url}/${i}`;
    const res = await app('POST', `/v1/apps/${created.id}/endpoints`, { url, events: ['*'] });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }

  const posted = Date.now();
  expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'wide', type: 'message.delivered', data: { messageId: 'm1' } })).status).toBe(202);
  await fast.waitFor(FANOUT - 1);
  await slow.waitFor(1);

  // The 99 are logged delivered while the slow receiver still holds its answer; that one reads
  // as sending, and the event as being delivered.
  const view = await eventually(async () => {
    const v = (await app('GET', `/v1/apps/${created.id}/events/wide`)).body;
    return v.deliveries?.filter((d: { status: string }) => d.status === 'delivered').length === FANOUT - 1 ? v : undefined;
  }, 20_000);
  expect(held).toHaveLength(1);
  expect(view.status).toBe('delivering');
  expect(view.deliveries.find((d: { endpointId: string }) => d.endpointId === ids[42])).toMatchObject({ status: 'sending', attempts: 1 });

  // A second event meanwhile reaches the 99 too: the first one's slow receiver holds nothing back.
  expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'next', type: 'message.delivered', data: { messageId: 'm2' } })).status).toBe(202);
  await fast.waitFor(2 * (FANOUT - 1));
  await slow.waitFor(2);

  // Held for at least 3 s in all, then answered: each event completes with all 100 delivered.
  await new Promise((r) => setTimeout(r, Math.max(0, posted + 3000 - Date.now())));
  for (const res of held) res.writeHead(200).end('ok');
  for (const id of ['wide', 'next']) {
    const done = await eventually(async () => {
      const v = (await app('GET', `/v1/apps/${created.id}/events/${id}`)).body;
      return v.status === 'completed' ? v : undefined;
    }, 20_000);
    expect(done.deliveries).toHaveLength(FANOUT);
    expect(done.deliveries.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  }
  expect(fast.requests).toHaveLength(2 * (FANOUT - 1));
  expect(slow.requests).toHaveLength(2);

  // The first round's task let go of the workflow at its budget; the slow answer came to an activity.
  const tasks = await workflowTaskSeconds(`event/${created.id}/wide`);
  expect(tasks.length).toBeGreaterThanOrEqual(2);
  expect(Math.max(...tasks)).toBeLessThan(2.5);
});
