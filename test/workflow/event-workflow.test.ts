// The event workflow on the time-skipping test server: a day of retry timers passes in seconds.
// Its activities are the real ones (PostgreSQL, HTTP to a loopback receiver), so what is checked
// is what runs in production, timers included.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from '../../db/pool';
import type { SecretBox } from '../../domain/secret-box';
import { createAppsRepository } from '../../db/apps-repository';
import { createEndpointsRepository, type Endpoint } from '../../db/endpoints-repository';
import { createEventsRepository } from '../../db/events-repository';
import { generateSecret } from '../../domain/signing';
import { hashApiKey, newId } from '../../domain/ids';
import { DEFAULT_RETRY_SCHEDULE } from '../../domain/retry-policy';
import type { HeraldEvent } from '../../domain/event-envelope';
import type { EventWorkflowResult } from '../../workflows/event-workflow';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping';
import { answer, sequence, startReceiver, type Responder } from '../support/receiver';

let server: TimeSkippingWorker;
let env: TestWorkflowEnvironment;
let pool: Pool;
let box: SecretBox;
let taskQueue: string;

beforeAll(async () => {
  server = await startTimeSkippingWorker();
  ({ env, pool, box, taskQueue } = server);
});
afterAll(() => server?.stop());

async function scenario(
  responder: Responder,
  settings: object = {},
  options: { format?: 'mqttchat'; before?: (endpointId: string) => Promise<unknown> } = {},
) {
  const receiver = await startReceiver(responder);
  const appId = newId('app');
  await createAppsRepository(pool).create({ id: appId, name: 'wf', apiKeyHash: hashApiKey(randomUUID()), settings });
  const endpoint = (await createEndpointsRepository(pool, box).create({
    id: newId('ep'), appId, url: receiver.url, events: ['*'], guaranteed: true, secret: generateSecret(), limit: 100, ...(options.format && { format: options.format }),
  })) as Endpoint;
  await options.before?.(endpoint.id);
  const event: HeraldEvent = { appId, id: randomUUID(), type: 'message.sent', data: { messageId: 'm' }, occurredAt: new Date().toISOString() };
  await createEventsRepository(pool, box).insert(event);
  const handle = await env.client.workflow.start('eventWorkflow', { taskQueue, workflowId: `event/${appId}/${event.id}`, args: [event] });
  const result = (await handle.result()) as EventWorkflowResult;
  const history = await handle.fetchHistory();
  const timersSeconds = (history.events ?? [])
    .map((e) => e.timerStartedEventAttributes?.startToFireTimeout?.seconds)
    .filter((s) => s !== undefined && s !== null)
    .map(Number);
  const stored = await createEndpointsRepository(pool, box).get(appId, endpoint.id);
  await receiver.close();
  const health = (await pool.query('SELECT consecutive_failures, failing_since FROM endpoints WHERE id = $1', [endpoint.id])).rows[0];
  const operational = (await pool.query('SELECT type, data FROM events WHERE app_id = $1 AND type LIKE $2 ORDER BY received_at', [appId, 'endpoint.%'])).rows;
  return { result, timersSeconds, receiver, endpoint: stored!, event, health, operational };
}

it('retries a failing endpoint on the Standard Webhooks schedule, three days; the delivery fails, the endpoint stays', async () => {
  const { result, timersSeconds, receiver, endpoint, health } = await scenario(answer(503));
  expect(receiver.requests).toHaveLength(DEFAULT_RETRY_SCHEDULE.length + 1);
  expect(timersSeconds).toHaveLength(DEFAULT_RETRY_SCHEDULE.length);
  timersSeconds.forEach((s, i) => {
    expect(s).toBeGreaterThanOrEqual(Math.floor(DEFAULT_RETRY_SCHEDULE[i] * 0.9) - 1);
    expect(s).toBeLessThanOrEqual(Math.ceil(DEFAULT_RETRY_SCHEDULE[i] * 1.1));
  });
  expect(timersSeconds.reduce((a, b) => a + b, 0) / 86_400).toBeGreaterThan(2.7);
  expect(result.deliveries).toEqual([expect.objectContaining({ verdict: 'failed', attempts: DEFAULT_RETRY_SCHEDULE.length + 1 })]);
  // One message's retries running out is not the endpoint's end: it is failing, not disabled.
  expect(endpoint.status).toBe('enabled');
  expect(health).toMatchObject({ consecutive_failures: DEFAULT_RETRY_SCHEDULE.length + 1, failing_since: expect.any(Date) });
});

it('disables an endpoint whose failures have spanned the app\'s disableAfterFailingSeconds across messages, and says so', async () => {
  // Five days and an hour of failures, another message's among them, as the health columns and the
  // attempts' log hold them.
  const failingFor5Days = async (id: string) => {
    await pool.query("UPDATE endpoints SET consecutive_failures = 40, failing_since = now() - interval '5 days 1 hour' WHERE id = $1", [id]);
    await pool.query(
      `INSERT INTO delivery_attempts (app_id, event_id, endpoint_id, attempt, webhook_id, url, status_code, latency_ms, created_at)
       SELECT app_id, 'an-earlier-message', id, 1, 'msg_x', url, 503, 5, now() - interval '4 days' FROM endpoints WHERE id = $1`,
      [id],
    );
  };
  const { result, receiver, endpoint, operational } = await scenario(answer(503), {}, { before: failingFor5Days });
  expect(receiver.requests).toHaveLength(1);
  expect(result.deliveries[0]).toMatchObject({ verdict: 'failed', attempts: 2 });
  expect(endpoint).toMatchObject({ status: 'disabled', disabledReason: expect.stringMatching(/failing without a success since .*: 41 attempts in a row failed; last: HTTP 503/) });
  expect(operational).toEqual([{ type: 'endpoint.disabled', data: expect.objectContaining({ endpointId: endpoint.id, reason: endpoint.disabledReason }) }]);
});

it('does not disable for one message\'s own failures, however long they span', async () => {
  // Failing for five days, but every failure this message's own: no other message failed.
  const { endpoint, receiver } = await scenario(answer(503), { retrySchedule: [60] }, {
    before: (id) => pool.query("UPDATE endpoints SET consecutive_failures = 40, failing_since = now() - interval '5 days 1 hour' WHERE id = $1", [id]),
  });
  expect(receiver.requests).toHaveLength(2);
  expect(endpoint.status).toBe('enabled');
});

it('never counts a burst of 429s toward disabling, and lets Retry-After lengthen the schedule\'s waits, not shorten them', async () => {
  const { timersSeconds, receiver, endpoint, health, result } = await scenario((n, _r, res) => (n < 4 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.writeHead(200).end()), {}, {
    before: (id) => pool.query("UPDATE endpoints SET consecutive_failures = 40, failing_since = now() - interval '6 days' WHERE id = $1", [id]),
  });
  expect(receiver.requests).toHaveLength(5);
  timersSeconds.forEach((s, i) => expect(s).toBeGreaterThanOrEqual(Math.floor(DEFAULT_RETRY_SCHEDULE[i] * 0.9) - 1));
  expect(result.deliveries[0]).toMatchObject({ verdict: 'delivered', attempts: 5 });
  expect(endpoint.status).toBe('enabled');
  // The success after the throttling ends the failing run.
  expect(health).toEqual({ consecutive_failures: 0, failing_since: null });
});

it('waits what Retry-After asks before the next attempt', async () => {
  const { result, timersSeconds, receiver } = await scenario(
    (n, _r, res) => (n === 0 ? res.writeHead(429, { 'retry-after': '3600' }).end() : res.writeHead(204).end()),
  );
  expect(timersSeconds).toEqual([3600]);
  expect(receiver.requests).toHaveLength(2);
  expect(result.deliveries[0]).toMatchObject({ verdict: 'delivered', attempts: 2 });
});

it('retries a 401 like any failure, and disables at once on 401 only in MQTT chat\'s format (its page asks for it)', async () => {
  const standard = await scenario(sequence(401, 403));
  expect(standard.receiver.requests).toHaveLength(3);
  expect(standard.result.deliveries[0]).toMatchObject({ verdict: 'delivered', attempts: 3 });
  expect(standard.endpoint.status).toBe('enabled');

  const { result, timersSeconds, receiver, endpoint } = await scenario(answer(401), {}, { format: 'mqttchat' });
  expect(timersSeconds).toEqual([]);
  expect(receiver.requests).toHaveLength(1);
  expect(result.deliveries[0]).toMatchObject({ verdict: 'disable', attempts: 1 });
  expect(endpoint).toMatchObject({ status: 'disabled', disabledReason: expect.stringMatching(/HTTP 401/) });
});

it('skips a waiting retry when the endpoint was disabled meanwhile', async () => {
  let endpointId = '';
  let appId = '';
  const { result, receiver } = await scenario((n, r, res) => {
    if (n === 0) {
      // Disable the endpoint while its first retry waits, as an operator would: committed before
      // the answer, so the time-skipped timer cannot fire first.
      void pool
        .query("UPDATE endpoints SET status = 'disabled', disabled_reason = 'maintenance' WHERE url = $1 RETURNING id, app_id", [`http://${r.headers.host}/hook`])
        .then((q) => {
          endpointId = q.rows[0]?.id;
          appId = q.rows[0]?.app_id;
          res.writeHead(500).end();
        });
    } else res.writeHead(200).end();
  });
  expect(receiver.requests).toHaveLength(1);
  expect(result.deliveries[0]).toMatchObject({ verdict: 'failed', attempts: 2 });
  const delivery = await pool.query('SELECT status, last_error FROM deliveries WHERE app_id = $1 AND endpoint_id = $2', [appId, endpointId]);
  expect(delivery.rows[0]).toMatchObject({ status: 'skipped', last_error: 'endpoint disabled: maintenance' });
});
