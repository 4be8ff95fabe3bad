// A delayed e-mail pending in its user's workflow while the worker is killed -9 and another takes
// over: it goes out once, at its time (not at the restart, not twice), to a real SMTP server.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startSmtpPeer, type SmtpPeer } from '../support/channel-peers';
import { workerProcesses } from '../support/processes';

let api: TestHerald;
let smtp: SmtpPeer;
const taskQueue = `held-crash-${randomUUID()}`;
const DELAY_SECONDS = 20;

const workers = workerProcesses(taskQueue);

beforeAll(async () => {
  api = await startTestHerald({ roles: { api: true, worker: false }, config: { taskQueue } });
  smtp = await startSmtpPeer();
});
afterAll(async () => {
  workers.killAll();
  await smtp.close();
  await api.stop();
});

it('sends a delayed e-mail once, at its time, across a worker killed -9', async () => {
  const admin = apiClient(api.url, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'held-crash' })).body;
  const app = apiClient(api.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const mail = (await app('POST', `${base}/channels`, { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'chat@example.com' } })).body;
  expect((await app('POST', `${base}/routes`, { events: ['message.created'], channelId: mail.id, recipient: 'user', delaySeconds: DELAY_SECONDS, template: { text: '{{data.body}}' } })).status).toBe(201);
  expect((await app('PUT', `${base}/users/bob`, { email: 'bob@example.com' })).status).toBe(200);

  const first = workers.start();
  await first.waitForOutput('worker running');
  const posted = Date.now();
  expect((await app('POST', `${base}/events`, { id: 'late', type: 'message.created', data: { messageId: 'm1', from: 'alice', to: 'bob', kind: 'text', body: 'see this later' } })).status).toBe(202);
  await new Client({ connection: api.connection }).workflow.getHandle(`event/${created.id}/late`).result();
  const delivery = async () => (await app('GET', `${base}/events/late`)).body.deliveries.find((d: { channel: string }) => d.channel === 'email');
  expect((await delivery()).status).toBe('held');
  first.process.kill('SIGKILL');
  await first.exited;

  const second = workers.start();
  await second.waitForOutput('worker running');
  // The new worker is up before the send is due: an early send would show.
  expect(Date.now() - posted).toBeLessThan(DELAY_SECONDS * 1000);
  const sent = await eventually(async () => (smtp.messages.some((m) => m.envelopeTo.includes('bob@example.com')) ? Date.now() : undefined), 60_000, 50);
  // At its time: not before the delay (the restart did not send it early).
  expect(sent - posted).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000);
  await eventually(async () => ((await delivery()).status === 'delivered' ? true : undefined));
  // Once: a while past its time there is still one.
  await new Promise((r) => setTimeout(r, 2000));
  expect(smtp.messages.filter((m) => m.envelopeTo.includes('bob@example.com')).map((m) => m.text?.trim())).toEqual(['see this later']);
}, 90_000);
