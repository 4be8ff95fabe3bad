// Traces end to end, exported over OTLP/HTTP (JSON) to a receiver on loopback: a producer's
// traceparent on POST …/events is continued through the API's request, the workflow's start, the
// workflow, its activities and each webhook attempt, and the webhook Herald sends carries a
// traceparent of the same trace, so the receiver's spans join it. Attempt spans carry the endpoint,
// the status, the attempt number and the wait before it; no span holds the message's text.
import { randomBytes, randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, apiClient, eventually, testEnv } from '../support/herald';
import { freePort } from '../support/free-port';
import { runHerald, type Child } from '../support/processes';
import { sequence, startReceiver, type Receiver } from '../support/receiver';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';

let otlp: OtlpReceiver;
let receiver: Receiver;
let herald: Child;
let url: string;

beforeAll(async () => {
  otlp = await startOtlpReceiver();
  receiver = await startReceiver(sequence(503, 200));
  const port = await freePort();
  const env = testEnv();
  herald = runHerald('all', {
    TEMPORAL_ADDRESS: env.temporalAddress,
    DATABASE_URL: env.databaseUrl,
    HERALD_ENCRYPTION_KEY: env.encryptionKey,
    HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
    HERALD_API_PORT: String(port),
    HERALD_TASK_QUEUE: `traced-${randomUUID()}`,
    HERALD_ALLOW_PRIVATE_TARGETS: '1',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'herald-under-test',
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  await herald.waitForOutput('all running');
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  if (herald.process.exitCode === null) {
    herald.process.kill('SIGTERM');
    await herald.exited;
  }
  await receiver.close();
  await otlp.close();
});

it('continues the producer\'s trace through the workflow to the receiver', async () => {
  const admin = apiClient(url, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'traced', settings: { retrySchedule: [1] } })).body;
  const app = apiClient(url, created.apiKey);
  const endpoint = (await app('POST', `/v1/apps/${created.id}/endpoints`, { url: receiver.url, events: ['*'] })).body;

  const traceId = randomBytes(16).toString('hex');
  const producerSpan = randomBytes(8).toString('hex');
  const secretText = `the words nobody may read ${randomUUID()}`;
  const res = await fetch(`${url}/v1/apps/${created.id}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${created.apiKey}`, 'content-type': 'application/json', traceparent: `00-${traceId}-${producerSpan}-01` },
    body: JSON.stringify({ id: 'traced-1', type: 'message.sent', data: { messageId: 'm1', note: secretText } }),
  });
  expect(res.status).toBe(202);

  // Both attempts (503, then 200 after the 1 s retry) carry a traceparent of the producer's trace.
  const got = await receiver.waitFor(2);
  const parents = got.map((r) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(r.headers.traceparent)));
  expect(parents.map((m) => m?.[1])).toEqual([traceId, traceId]);

  const trace = await eventually(async () => {
    const spans = otlp.spans.filter((s) => s.traceId === traceId);
    const attempts = spans.filter((s) => s.name === 'webhook attempt');
    return attempts.length === 2 && spans.some((s) => s.name === 'RunWorkflow:eventWorkflow') ? spans : undefined;
  }, 30_000);
  const named = (name: string) => trace.filter((s) => s.name === name);
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const ancestry = (s: ReceivedSpan): string[] => (s.parentSpanId && byId.get(s.parentSpanId) ? [byId.get(s.parentSpanId)!.name, ...ancestry(byId.get(s.parentSpanId)!)] : []);

  // The API's request continues the producer's span.
  const [request] = named('POST /v1/apps/:appId/events');
  expect(request.parentSpanId).toBe(producerSpan);
  expect(request.attributes).toMatchObject({ 'http.response.status_code': 202, 'herald.app.id': created.id });
  expect(request.resource['service.name']).toBe('herald-under-test');

  // The workflow's start, the workflow and its activities follow from it.
  expect(ancestry(named('StartWorkflow:eventWorkflow')[0])).toContain('POST /v1/apps/:appId/events');
  expect(ancestry(named('RunWorkflow:eventWorkflow')[0])).toContain('StartWorkflow:eventWorkflow');

  // Each attempt: endpoint, attempt number, status, the wait before it; under an activity of the workflow.
  const attempts = named('webhook attempt').sort((a, b) => Number(a.attributes['herald.attempt']) - Number(b.attributes['herald.attempt']));
  expect(attempts.map((a) => a.attributes)).toEqual([
    expect.objectContaining({ 'herald.endpoint.id': endpoint.id, 'herald.attempt': 1, 'http.response.status_code': 503, 'herald.wait_before_ms': 0, 'herald.verdict': 'retry' }),
    expect.objectContaining({ 'herald.endpoint.id': endpoint.id, 'herald.attempt': 2, 'http.response.status_code': 200, 'herald.verdict': 'delivered' }),
  ]);
  expect(Number(attempts[1].attributes['herald.wait_before_ms'])).toBeGreaterThanOrEqual(1000);
  for (const a of attempts) expect(ancestry(a)).toEqual(expect.arrayContaining(['RunWorkflow:eventWorkflow']));

  // The webhook's traceparent names the POST span under each attempt: the receiver's spans hang there.
  for (const [i, m] of parents.entries()) {
    const post = byId.get(m![2])!;
    expect(post).toMatchObject({ name: 'POST', kind: 3 /* CLIENT */ });
    expect(post.parentSpanId).toBe(attempts[i].spanId);
    expect(post.attributes).toMatchObject({ 'server.address': '127.0.0.1', 'http.response.status_code': i === 0 ? 503 : 200 });
  }

  // Nothing of the message's text, the endpoint's secret or its path in any span.
  const everything = otlp.raw.join('\n');
  expect(everything).not.toContain(secretText);
  expect(everything).not.toContain(endpoint.secret.slice('whsec_'.length));
  expect(everything).not.toContain('/hook');
});
