// Operational events on the dev server against real receivers: an endpoint failing several times
// in a row, recovering, and being disabled is told, signed, to the app's other endpoints that
// subscribe — never to the endpoint concerned.
import { Client } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { answer, sequence, startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
let client: Client;
const receivers: Receiver[] = [];

beforeAll(async () => {
  herald = await startTestHerald();
  client = new Client({ connection: herald.connection });
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await herald?.stop();
});

async function receiver(responder?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(responder);
  receivers.push(r);
  return r;
}

interface Delivered {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

it('tells the other endpoints when one starts failing, recovers, and is disabled', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'health', settings: { failingAfterAttempts: 2, retrySchedule: [1, 1, 1] } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;

  // Two 503s, then 200: failing after the second, recovered at the third.
  const flaky = await receiver(sequence(503, 503));
  const gone = await receiver(answer(410));
  const monitor = await receiver();
  const flakyEp = (await api('POST', `${base}/endpoints`, { url: flaky.url, events: ['*'], guaranteed: true })).body;
  const goneEp = (await api('POST', `${base}/endpoints`, { url: gone.url, events: ['message.read'] })).body;
  const monitorEp = (await api('POST', `${base}/endpoints`, { url: monitor.url, events: ['endpoint.failing', 'endpoint.recovered', 'endpoint.disabled'] })).body;
  const secret = (await api('GET', `${base}/endpoints/${monitorEp.id}/secret`)).body.secret;

  expect((await api('POST', `${base}/events`, { id: 'm1', type: 'message.sent', data: { messageId: 'm1' } })).status).toBe(202);
  await client.workflow.getHandle(`event/${created.id}/m1`).result();
  // Two workflows of their own said these: they may arrive in either order.
  const said = (await monitor.waitFor(2)).map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as Delivered);
  const [failing, recovered] = ['endpoint.failing', 'endpoint.recovered'].map((type) => said.find((d) => d.type === type)!);
  expect(failing).toEqual(
    expect.objectContaining({
      type: 'endpoint.failing',
      data: expect.objectContaining({ endpointId: flakyEp.id, url: flaky.url, consecutiveFailures: 2, lastError: 'HTTP 503', failingSince: expect.any(String) }),
    }),
  );
  expect(recovered).toEqual(
    expect.objectContaining({ type: 'endpoint.recovered', data: expect.objectContaining({ endpointId: flakyEp.id, consecutiveFailures: 2, failingSince: failing.data.failingSince }) }),
  );
  const flakyNow = (await api('GET', `${base}/endpoints/${flakyEp.id}`)).body;
  expect(flakyNow).toEqual(expect.objectContaining({ consecutiveFailures: 0, status: 'enabled' }));
  expect(flakyNow.failingSince).toBeUndefined();

  // 410: disabled at once, with the reason; the flaky endpoint ('*') hears of it too.
  expect((await api('POST', `${base}/events`, { id: 'm2', type: 'message.read', data: { messageId: 'm1' } })).status).toBe(202);
  await client.workflow.getHandle(`event/${created.id}/m2`).result();
  const disabled = new Webhook(secret).verify((await monitor.waitFor(3))[2].body, monitor.requests[2].headers as Record<string, string>) as Delivered;
  expect(disabled).toEqual(
    expect.objectContaining({ type: 'endpoint.disabled', data: expect.objectContaining({ endpointId: goneEp.id, url: gone.url, reason: expect.stringContaining('HTTP 410') }) }),
  );
  const heard = await flaky.waitFor(5);
  expect(heard.map((r) => JSON.parse(r.body).type)).toEqual(['message.sent', 'message.sent', 'message.sent', 'message.read', 'endpoint.disabled']);

  // The events about the flaky endpoint went only to the monitor: their workflows are done, and
  // neither delivered to the endpoint concerned.
  for (const said of [failing, recovered]) {
    const result = await client.workflow.getHandle(`event/${created.id}/${said.id}`).result();
    expect(result.deliveries.map((d: { endpointId: string }) => d.endpointId)).toEqual([monitorEp.id]);
  }
  expect(flaky.requests.map((r) => JSON.parse(r.body).type)).not.toContain('endpoint.failing');
  // Listed with the app's events, as any other, once its own workflow has run (its delivery to
  // the monitor arrived above, but its round's write may land a moment after).
  const listed = await eventually(async () => {
    const found = (await api('GET', `${base}/events?type=endpoint.disabled`)).body.data as { status: string }[];
    return found.length && found.every((e) => e.status !== 'accepted' && e.status !== 'delivering') ? found : undefined;
  });
  expect(listed).toEqual([expect.objectContaining({ id: disabled.id, status: 'completed' })]);
});

it('says endpoint.disabled when the app disables an endpoint through the API, once', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'manual-disable' })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const monitor = await receiver();
  await api('POST', `${base}/endpoints`, { url: monitor.url, events: ['endpoint.disabled'] });
  const elsewhere = monitor.url.replace('/hook', '/other');
  const target = (await api('POST', `${base}/endpoints`, { url: elsewhere, events: ['message.sent'] })).body;

  expect((await api('POST', `${base}/endpoints/${target.id}/disable`)).body).toMatchObject({ status: 'disabled', disabledReason: 'disabled through the API' });
  const [heard] = await monitor.waitFor(1);
  expect(JSON.parse(heard.body)).toMatchObject({ type: 'endpoint.disabled', data: { endpointId: target.id, url: elsewhere, reason: 'disabled through the API' } });
  // Disabling a disabled endpoint changes nothing and says nothing: the row would be written by the call itself.
  expect((await api('POST', `${base}/endpoints/${target.id}/disable`)).status).toBe(200);
  expect((await api('GET', `${base}/events?type=endpoint.disabled`)).body.data).toHaveLength(1);
});
