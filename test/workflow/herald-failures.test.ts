// Herald's own failures, classified: what cannot succeed fails the delivery with a reason and
// holds nothing up; what may pass is retried a bounded number of times; a round whose write fails
// is recorded later and never sent twice. On the time-skipping server with the real activities,
// PostgreSQL and loopback receivers; failures are PostgreSQL's own, raised by a trigger.
import { randomUUID } from 'node:crypto';
import { createAppsRepository } from '../../db/apps-repository';
import { createEndpointsRepository, type Endpoint } from '../../db/endpoints-repository';
import { createEventsRepository } from '../../db/events-repository';
import { createSecretBox, generateEncryptionKey } from '../../domain/secret-box';
import { generateSecret } from '../../domain/signing';
import { hashApiKey, newId } from '../../domain/ids';
import type { HeraldEvent } from '../../domain/event-envelope';
import type { EventWorkflowResult } from '../../workflows/event-workflow';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping';
import { startReceiver, type Receiver } from '../support/receiver';
import { makeCertificate, startApnsPeer } from '../support/push-peers';
import { createPushCredentialsRepository } from '../../db/push-credentials-repository';
import { createDevicesRepository } from '../../db/devices-repository';
import { generateKeyPairSync } from 'node:crypto';

let server: TimeSkippingWorker;
let strict: TimeSkippingWorker;
let pushing: TimeSkippingWorker;
let apns: Awaited<ReturnType<typeof startApnsPeer>>;
const cert = makeCertificate();
const apnsKey = { keyId: 'ABCDE12345', teamId: 'TEAM123456', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
const receivers: Receiver[] = [];

beforeAll(async () => {
  server = await startTimeSkippingWorker();
  // Private targets refused, and a resolver under the test's control (as a rebinding DNS would answer).
  strict = await startTimeSkippingWorker({
    allowPrivateTargets: false,
    lookup: (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]),
  });
  apns = await startApnsPeer(cert, apnsKey);
  pushing = await startTimeSkippingWorker({ push: { origin: apns.origin, ca: cert.cert } });
  await server.pool.query(`
    CREATE SEQUENCE IF NOT EXISTS test_transient_write_failures;
    CREATE SEQUENCE IF NOT EXISTS test_push_write_failures;
    CREATE OR REPLACE FUNCTION test_fail_writes() RETURNS trigger AS $$
    BEGIN
      IF NEW.event_id LIKE 'transient-%' AND nextval('test_transient_write_failures') <= 2 THEN
        RAISE EXCEPTION 'injected: could not serialize access' USING ERRCODE = '40001';
      END IF;
      IF NEW.event_id LIKE 'pushfail-%' AND nextval('test_push_write_failures') <= 1 THEN
        RAISE EXCEPTION 'injected: could not serialize access' USING ERRCODE = '40001';
      END IF;
      IF NEW.event_id LIKE 'permanent-%' THEN
        RAISE EXCEPTION 'injected: invalid parameter value' USING ERRCODE = '22023';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    DROP TRIGGER IF EXISTS test_fail_writes ON delivery_attempts;
    CREATE TRIGGER test_fail_writes BEFORE INSERT ON delivery_attempts FOR EACH ROW EXECUTE FUNCTION test_fail_writes();
  `);
});
afterAll(async () => {
  await server?.pool.query('DROP TRIGGER IF EXISTS test_fail_writes ON delivery_attempts; DROP FUNCTION IF EXISTS test_fail_writes();');
  for (const r of receivers) await r.close();
  await strict?.stop();
  await pushing?.stop();
  await apns?.close();
  await server?.stop();
});

async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function newApp(on: TimeSkippingWorker, settings: object = { retrySchedule: [60, 60] }) {
  const appId = newId('app');
  await createAppsRepository(on.pool).create({ id: appId, name: 'failures', apiKeyHash: hashApiKey(randomUUID()), settings });
  return appId;
}

async function newEndpoint(on: TimeSkippingWorker, appId: string, url: string, box = on.box) {
  return (await createEndpointsRepository(on.pool, box).create({
    id: newId('ep'), appId, url, events: ['*'], guaranteed: true, secret: generateSecret(), limit: 100,
  })) as Endpoint;
}

async function run(on: TimeSkippingWorker, appId: string, eventId: string) {
  const event: HeraldEvent = { appId, id: eventId, type: 'message.sent', data: { messageId: 'm' }, occurredAt: new Date().toISOString() };
  await createEventsRepository(on.pool, on.box).insert(event);
  const handle = await on.env.client.workflow.start('eventWorkflow', { taskQueue: on.taskQueue, workflowId: `event/${appId}/${eventId}`, args: [event] });
  const result = (await handle.result()) as EventWorkflowResult;
  const history = await handle.fetchHistory();
  return { result, timers: (history.events ?? []).filter((e) => e.timerStartedEventAttributes).length };
}

async function delivery(on: TimeSkippingWorker, appId: string, eventId: string, endpointId: string) {
  const { rows } = await on.pool.query('SELECT status, attempts, last_error FROM deliveries WHERE app_id = $1 AND event_id = $2 AND endpoint_id = $3', [appId, eventId, endpointId]);
  return rows[0];
}

it('fails a delivery whose secret no longer opens, unsent and with the reason, and delivers the others', async () => {
  const appId = await newApp(server);
  const [lost, fine] = [await receiver(), await receiver()];
  // Sealed under a key this worker does not have, as after a changed HERALD_ENCRYPTION_KEY.
  const sealedElsewhere = await newEndpoint(server, appId, lost.url, createSecretBox(generateEncryptionKey()));
  const good = await newEndpoint(server, appId, fine.url);
  const { result, timers } = await run(server, appId, `secret-${randomUUID()}`);
  const byId = new Map(result.deliveries.map((d) => [d.endpointId, d]));
  expect(byId.get(sealedElsewhere.id)).toMatchObject({ verdict: 'failed', attempts: 1 });
  expect(byId.get(good.id)).toMatchObject({ verdict: 'delivered', attempts: 1 });
  expect(timers).toBe(0);
  expect(lost.requests).toHaveLength(0);
  expect(fine.requests).toHaveLength(1);
  const eventId = (await server.pool.query('SELECT event_id FROM deliveries WHERE endpoint_id = $1', [sealedElsewhere.id])).rows[0].event_id;
  expect(await delivery(server, appId, eventId, sealedElsewhere.id)).toMatchObject({
    status: 'failed',
    last_error: expect.stringMatching(/signing secret does not open with this HERALD_ENCRYPTION_KEY/),
  });
  expect(server.logged.entries()).toContainEqual(expect.objectContaining({ level: 50, msg: 'signing secret unreadable', endpointId: sealedElsewhere.id }));
});

it('records a round whose write failed later, without sending it again', async () => {
  const appId = await newApp(server);
  const r = await receiver();
  const ep = await newEndpoint(server, appId, r.url);
  const eventId = `transient-${randomUUID()}`;
  const { result } = await run(server, appId, eventId);
  expect(result.deliveries).toEqual([expect.objectContaining({ verdict: 'delivered', attempts: 1 })]);
  expect(r.requests).toHaveLength(1);
  expect(await delivery(server, appId, eventId, ep.id)).toMatchObject({ status: 'delivered', attempts: 1 });
  const logged = await server.pool.query('SELECT count(*)::int AS n FROM delivery_attempts WHERE app_id = $1 AND event_id = $2', [appId, eventId]);
  expect(logged.rows[0].n).toBe(1);
  expect(server.logged.entries()).toContainEqual(expect.objectContaining({ level: 50, eventId, err: expect.objectContaining({ message: expect.stringMatching(/could not serialize/) }) }));
});

it('gives up recording a round PostgreSQL refuses for good, at once, and still sends it only once', async () => {
  const appId = await newApp(server);
  const r = await receiver();
  const ep = await newEndpoint(server, appId, r.url);
  const eventId = `permanent-${randomUUID()}`;
  const { result } = await run(server, appId, eventId);
  expect(result.deliveries).toEqual([expect.objectContaining({ endpointId: ep.id, verdict: 'delivered' })]);
  expect(r.requests).toHaveLength(1);
  expect(await delivery(server, appId, eventId, ep.id)).toBeUndefined();
});

it('disables at once a guaranteed endpoint the private-address policy refuses, by IP or by what its name resolves to', async () => {
  const appId = await newApp(strict);
  const r = await receiver();
  const literal = await newEndpoint(strict, appId, r.url);
  const named = await newEndpoint(strict, appId, r.url.replace('127.0.0.1', 'hooks.example.test'));
  const { result, timers } = await run(strict, appId, `private-${randomUUID()}`);
  expect(timers).toBe(0);
  expect(r.requests).toHaveLength(0);
  for (const ep of [literal, named]) {
    expect(result.deliveries.find((d) => d.endpointId === ep.id)).toMatchObject({ verdict: 'disable', attempts: 1 });
    const stored = await createEndpointsRepository(strict.pool, strict.box).get(appId, ep.id);
    expect(stored).toMatchObject({ status: 'disabled', disabledReason: expect.stringMatching(/private-address policy/) });
  }
});

it('logs a receiver answer holding a NUL and disables on its 410, rather than losing the round', async () => {
  const appId = await newApp(server);
  const r = await startReceiver((_n, _request, res) => void res.writeHead(410, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0x67, 0x00, 0x6f, 0x6e, 0x65])));
  receivers.push(r);
  const ep = await newEndpoint(server, appId, r.url);
  const eventId = `nul-answer-${randomUUID()}`;
  const { result } = await run(server, appId, eventId);
  expect(result.deliveries).toEqual([expect.objectContaining({ verdict: 'disable', attempts: 1 })]);
  const attempt = await server.pool.query('SELECT status_code, response_excerpt FROM delivery_attempts WHERE app_id = $1 AND event_id = $2', [appId, eventId]);
  expect(attempt.rows).toEqual([{ status_code: 410, response_excerpt: 'g\uFFFDone' }]);
  expect(await createEndpointsRepository(server.pool, server.box).get(appId, ep.id)).toMatchObject({ status: 'disabled' });
});

it('records a round of pushes whose write failed later, without pushing again', async () => {
  const appId = await newApp(pushing, {});
  await createPushCredentialsRepository(pushing.pool, pushing.box).create({
    id: newId('pc'), appId, platform: 'apns', name: 'ios', environment: 'production', details: { keyId: apnsKey.keyId, teamId: apnsKey.teamId, topic: 'com.example.chat' }, secret: apnsKey.privateKey, active: true,
  }, 20);
  const token = 'ab12'.repeat(16);
  await createDevicesRepository(pushing.pool).register({ appId, userId: 'fay', platform: 'apns', token, environment: 'production', voip: false }, 20);
  const eventId = `pushfail-${randomUUID()}`;
  const notice: HeraldEvent = { appId, id: eventId, type: 'message.offline', data: { userId: 'fay', heldBack: 0, cause: 'message.created' }, occurredAt: new Date().toISOString() };
  const handle = await pushing.env.client.workflow.start('eventWorkflow', { taskQueue: pushing.taskQueue, workflowId: `event/${appId}/${eventId}`, args: [notice] });
  await handle.result();
  expect(apns.requests.filter((r) => r.path === `/3/device/${token}`)).toHaveLength(1);
  const { rows } = await pushing.pool.query('SELECT channel, status, attempts FROM deliveries WHERE app_id = $1 AND event_id = $2', [appId, eventId]);
  expect(rows).toEqual([{ channel: 'push', status: 'delivered', attempts: 1 }]);
  expect(pushing.logged.entries().map((l) => l.msg)).toContain('could not record a round of pushes; the workflow will record it');
});
