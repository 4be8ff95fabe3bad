// Event data encrypted in Temporal (HERALD_PAYLOAD_KEY): the history holds ciphertext where the
// event's text and phone number were, its summaries and search attributes stay readable without
// the codec, the codec endpoint gives the Temporal UI and CLI the clear text (admin token, or the
// UI's key; CORS for the UI's origin), and keys rotate under running workflows: one started
// before any key was set, and one started under the old key, both finish under the new one.
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { codecUiKey } from '../../api/routes/codec';
import { payloadKeyId } from '../../runtime/payload-encryption';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { sequence, startReceiver, type Receiver } from '../support/receiver';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const UI_ORIGIN = 'http://127.0.0.1:8233';
const taskQueue = `payload-keys-${randomUUID()}`;
let herald: TestHerald | undefined;
const receivers: Receiver[] = [];

async function start(config: { payloadKey?: string; payloadKeys?: string[] }) {
  await herald?.stop();
  herald = await startTestHerald({ config: { taskQueue, codecCorsOrigins: [UI_ORIGIN], payloadKeys: [], ...config } });
  return herald;
}
afterAll(async () => {
  await herald?.stop();
  for (const r of receivers) await r.close();
});

async function appWithEndpoint(h: TestHerald, responder = sequence(200)) {
  const r = await startReceiver(responder);
  receivers.push(r);
  const created = (await apiClient(h.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'sealed', settings: { retrySchedule: [3] } })).body;
  const api = () => apiClient(herald!.url, created.apiKey);
  await api()('POST', `/v1/apps/${created.id}/endpoints`, { url: r.url, events: ['*'] });
  return { id: created.id as string, apiKey: created.apiKey as string, api, receiver: r };
}

// User ids travel in workflow ids (user/<app>/<user>), which Temporal never encrypts: the secret
// here is what the message says.
const body = 'call me on +15550001111 at noon by the fountain';
const send = (app: { id: string; api: () => ReturnType<typeof apiClient> }, id: string, type = 'message.created') =>
  app.api()('POST', `/v1/apps/${app.id}/events`, { id, type, data: { messageId: id, from: 'ann', to: 'bob', kind: 'text', body } });

const text = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString('utf8');
/** The history as a client without the codec sees it (the Temporal database, `temporal workflow show` without --codec-endpoint). */
async function rawHistory(h: TestHerald, workflowId: string) {
  const client = new Client({ connection: h.connection });
  return { client, handle: client.workflow.getHandle(workflowId), history: await client.workflow.getHandle(workflowId).fetchHistory() };
}

it('keeps what the message says out of the history; summaries and search attributes stay readable', async () => {
  const h = await start({ payloadKey: k1 });
  const app = await appWithEndpoint(h);
  expect((await send(app, 'sealed-1')).status).toBe(202);
  const [got] = await app.receiver.waitFor(1);
  expect(JSON.parse(got.body).data).toMatchObject({ body, to: 'bob' });

  const workflowId = `event/${app.id}/sealed-1`;
  const { handle } = await rawHistory(h, workflowId);
  await eventually(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined));
  const { history } = await rawHistory(h, workflowId);
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
  expect(bytes).not.toContain('fountain');
  expect(bytes).not.toContain('5550001111');

  const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  expect(text(input.metadata!.encoding)).toBe('binary/encrypted');
  expect(text(input.metadata!['encryption-key-id'])).toBe(payloadKeyId(Buffer.from(k1, 'base64')));

  const description = await handle.describe();
  expect(await description.staticSummary()).toBe('message.created · event sealed-1');
  expect(description.typedSearchAttributes.get(defineSearchAttributeKey('HeraldEventType', SearchAttributeType.KEYWORD))).toBe('message.created');
  const summaries = history.events!.map((e) => e.userMetadata?.summary).filter((s) => !!s).map((s) => defaultPayloadConverter.fromPayload<string>(s as never));
  expect(summaries).toContain('route message.created and deliver');

  // Herald's own view of the event reads it through the codec.
  const view = (await app.api()('GET', `/v1/apps/${app.id}/events/sealed-1`)).body;
  expect(view).toMatchObject({ status: 'completed', deliveries: [{ status: 'delivered' }] });
});

it('serves the codec protocol to the admin token and to the UI key, with CORS for the UI', async () => {
  const h = herald!;
  const app = await appWithEndpoint(h);
  await send(app, 'sealed-2');
  await app.receiver.waitFor(1);
  const { history } = await rawHistory(h, `event/${app.id}/sealed-2`);
  const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  const asJson = { payloads: [{ metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(input.data!).toString('base64') }] };

  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(h.url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body: JSON.stringify(asJson) });
  const decoded = async (res: Response) => {
    expect(res.status).toBe(200);
    const { payloads } = (await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    return JSON.parse(Buffer.from(payloads[0].data, 'base64').toString('utf8'));
  };

  const byAdmin = await decoded(await post('/codec/decode', { authorization: `Bearer ${ADMIN_TOKEN}` }));
  expect(byAdmin).toMatchObject({ id: 'sealed-2', data: { body, to: 'bob' } });
  expect((await post('/codec/decode')).status).toBe(401);
  expect((await post('/codec/decode', { authorization: `Bearer ${app.apiKey}` })).status).toBe(403);

  const uiPath = `/codec/ui/${codecUiKey(ADMIN_TOKEN)}`;
  const byUi = await post(`${uiPath}/decode`, { origin: UI_ORIGIN });
  expect(byUi.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(await decoded(byUi)).toEqual(byAdmin);
  expect((await post('/codec/ui/not-the-key/decode')).status).toBe(401);
  // Refused on arrival: a large body without the right key is not read first (401, not 413 or 400).
  const large = await fetch(`${h.url}/codec/ui/not-the-key/decode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payloads: [{ data: 'A'.repeat(1_000_000) }] }) });
  expect(large.status).toBe(401);
  const largeAdmin = await fetch(`${h.url}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.apiKey}` }, body: JSON.stringify({ payloads: [{ data: 'A'.repeat(1_000_000) }] }) });
  expect(largeAdmin.status).toBe(403);

  const preflight = await fetch(`${h.url}${uiPath}/decode`, {
    method: 'OPTIONS',
    headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,x-namespace');
  const stranger = await fetch(`${h.url}${uiPath}/decode`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  expect(stranger.status).toBe(403);
  expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

  // encode then decode gives back what went in (the CLI's `--codec-endpoint` encodes signal input).
  const plain = defaultPayloadConverter.toPayload({ hello: 'world' })!;
  const encodeRes = await fetch(`${h.url}/codec/encode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(plain.data!).toString('base64') }] }),
  });
  const encoded = (await encodeRes.json()) as { payloads: { metadata: Record<string, string> }[] };
  expect(Buffer.from(encoded.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  const round = await fetch(`${h.url}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify(encoded) });
  expect(await decoded(round)).toEqual({ hello: 'world' });

  const bad = await fetch(`${h.url}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ payloads: 'no' }) });
  expect(bad.status).toBe(400);

  // The UI's key never reaches Herald's log, though its requests were answered above.
  expect(JSON.stringify(h.logged.entries())).not.toContain(codecUiKey(ADMIN_TOKEN));
});

it('rotates keys under running workflows: one from before any key, one under the old key, both finish under the new', async () => {
  // 1. No key: an event whose first attempt fails waits 3 s for its retry.
  let h = await start({});
  const app = await appWithEndpoint(h, sequence(503, 200, 503, 200));
  await send(app, 'before-keys', 'message.sent');
  await app.receiver.waitFor(1);
  // 2. Key 1, before that retry: the waiting workflow goes on; a new event is sealed with key 1.
  h = await start({ payloadKey: k1 });
  await app.receiver.waitFor(2);
  await send(app, 'under-k1', 'message.sent');
  await app.receiver.waitFor(3);
  const { history: underK1 } = await rawHistory(h, `event/${app.id}/under-k1`);
  expect(text(underK1.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0].metadata!['encryption-key-id'])).toBe(payloadKeyId(Buffer.from(k1, 'base64')));
  // 3. Key 2 with key 1 kept for decrypting: the retry under key 1 is delivered.
  h = await start({ payloadKey: k2, payloadKeys: [k1] });
  await app.receiver.waitFor(4);
  for (const id of ['before-keys', 'under-k1']) {
    const view = await eventually(async () => {
      const v = (await app.api()('GET', `/v1/apps/${app.id}/events/${id}`)).body;
      return v.status === 'completed' ? v : undefined;
    });
    expect(view.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  }
  expect(app.receiver.requests.map((r) => JSON.parse(r.body).id)).toEqual(['before-keys', 'before-keys', 'under-k1', 'under-k1']);
});
