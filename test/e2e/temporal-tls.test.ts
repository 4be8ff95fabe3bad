// Herald against a Temporal that requires mutual TLS, configured the way Temporal's own clients
// are (TEMPORAL_TLS_* variables): a TLS front requiring a client certificate stands before the
// run's dev server. With the certificate an event is delivered through it; without one, or with a
// certificate the front does not trust, or a file that is not there, `herald all` stops at start
// with a message naming the variable and the cause.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN, apiClient, testEnv } from '../support/herald';
import { freePort } from '../support/free-port';
import { runHerald, type Child } from '../support/processes';
import { startReceiver, type Receiver } from '../support/receiver';
import { makeTestCa } from '../support/tls';
import { startTlsFront, type TlsFront } from '../support/tls-front';

let dir: string;
let front: TlsFront;
let receiver: Receiver;
const children: Child[] = [];
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'herald-mtls-'));
  const ca = makeTestCa('Temporal Test CA');
  const server = ca.issue(['DNS:temporal.test', 'IP:127.0.0.1']);
  const client = ca.issue(['DNS:herald-worker']);
  const stranger = makeTestCa('Some Other CA').issue(['DNS:herald-worker']);
  const write = (name: string, text: string) => {
    files[name] = path.join(dir, name);
    writeFileSync(files[name], text);
  };
  write('ca.pem', ca.cert);
  write('client.pem', client.cert);
  write('client.key', client.key);
  write('stranger.pem', stranger.cert);
  write('stranger.key', stranger.key);
  front = await startTlsFront({ target: testEnv().temporalAddress, key: server.key, cert: server.cert, clientCa: ca.cert });
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
  await front?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function herald(tlsEnv: Record<string, string>, port: number): Promise<Child> {
  const env = testEnv();
  const child = runHerald('all', {
    TEMPORAL_ADDRESS: front.address,
    TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: files['ca.pem'],
    DATABASE_URL: env.databaseUrl,
    HERALD_ENCRYPTION_KEY: env.encryptionKey,
    HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
    HERALD_API_PORT: String(port),
    HERALD_TASK_QUEUE: `mtls-${randomUUID()}`,
    HERALD_ALLOW_PRIVATE_TARGETS: '1',
    ...tlsEnv,
  });
  children.push(child);
  return child;
}

it('connects with the client certificate and delivers an event through the TLS front', async () => {
  const port = await freePort();
  const child = await herald({ TEMPORAL_TLS_CLIENT_CERT_PATH: files['client.pem'], TEMPORAL_TLS_CLIENT_KEY_PATH: files['client.key'] }, port);
  await child.waitForOutput('all running');
  expect(child.output()).toContain(`Temporal at ${front.address}`);
  expect(child.output()).toContain(`client certificate from TEMPORAL_TLS_CLIENT_CERT_PATH=${files['client.pem']}`);

  const url = `http://127.0.0.1:${port}`;
  const admin = apiClient(url, ADMIN_TOKEN);
  const created = (await admin('POST', '/v1/apps', { name: 'mtls' })).body;
  const app = apiClient(url, created.apiKey);
  await app('POST', `/v1/apps/${created.id}/endpoints`, { url: receiver.url, events: ['*'] });
  expect((await app('POST', `/v1/apps/${created.id}/events`, { id: 'through-tls', type: 'message.sent', data: { messageId: 'm1' } })).status).toBe(202);
  const [got] = await receiver.waitFor(1);
  expect(JSON.parse(got.body)).toMatchObject({ id: 'through-tls', type: 'message.sent' });
  expect(front.accepted).toBeGreaterThan(0);

  child.process.kill('SIGTERM');
  expect(await child.exited).toBe(0);
});

it('stops at start, naming the variables, when the front wants a client certificate and none is set', async () => {
  const refusedBefore = front.refused;
  const child = await herald({}, await freePort());
  expect(await child.exited).toBe(1);
  await child.waitForOutput('could not connect').catch(() => undefined);
  const output = child.output();
  expect(output).toContain(`herald: could not connect to Temporal at ${front.address} (TLS, server CA from TEMPORAL_TLS_SERVER_CA_CERT_PATH=`);
  expect(output).toContain('set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH');
  expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
  expect(front.refused).toBeGreaterThan(refusedBefore);
});

it('stops at start when the client certificate is one the front does not trust', async () => {
  const child = await herald({ TEMPORAL_TLS_CLIENT_CERT_PATH: files['stranger.pem'], TEMPORAL_TLS_CLIENT_KEY_PATH: files['stranger.key'] }, await freePort());
  expect(await child.exited).toBe(1);
  const output = child.output();
  expect(output).toContain(`herald: could not connect to Temporal at ${front.address} (TLS, client certificate from TEMPORAL_TLS_CLIENT_CERT_PATH=${files['stranger.pem']}`);
  expect(output).not.toMatch(/\n\s+at /);
});

it('stops at once when a certificate file is missing or is not a certificate', async () => {
  const missing = path.join(dir, 'nowhere.pem');
  const first = await herald({ TEMPORAL_TLS_CLIENT_CERT_PATH: missing, TEMPORAL_TLS_CLIENT_KEY_PATH: files['client.key'] }, await freePort());
  expect(await first.exited).toBe(1);
  expect(first.output()).toContain(`herald: TEMPORAL_TLS_CLIENT_CERT_PATH=${missing}: cannot be read (ENOENT)`);

  const second = await herald({ TEMPORAL_TLS_CLIENT_CERT_PATH: files['client.key'], TEMPORAL_TLS_CLIENT_KEY_PATH: files['client.key'] }, await freePort());
  expect(await second.exited).toBe(1);
  expect(second.output()).toContain(`herald: TEMPORAL_TLS_CLIENT_CERT_PATH=${files['client.key']}: not a PEM certificate`);
});
