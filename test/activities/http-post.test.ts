// The webhook POST against real HTTP servers on loopback.
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHttpPoster } from '../../activities/channels/http-post';
import type { HostLookup } from '../../activities/channels/safe-lookup';
import { answer, startReceiver, type Receiver } from '../support/receiver';
import { makeTestCa } from '../support/tls';

const options = { allowPrivateTargets: true, timeoutMs: 1000, maxResponseBytes: 64, userAgent: 'Herald-test' };
const poster = createHttpPoster(options);
const receivers: Receiver[] = [];
afterAll(async () => {
  poster.close();
  await Promise.all(receivers.map((r) => r.close()));
});
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

it('posts the body and headers given, as JSON, and reads the answer', async () => {
  const r = await receiver(answer(201, { 'x-a': 'b' }, 'thanks'));
  const result = await poster.post(r.url, { 'webhook-id': 'msg_1' }, '{"a":1}');
  expect(result).toMatchObject({ statusCode: 201, responseExcerpt: 'thanks' });
  expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  expect(r.requests[0]).toMatchObject({ body: '{"a":1}' });
  expect(r.requests[0].headers).toMatchObject({ 'webhook-id': 'msg_1', 'content-type': 'application/json', 'user-agent': 'Herald-test' });
});

it('does not follow redirects', async () => {
  const target = await receiver();
  const r = await receiver(answer(307, { location: target.url }));
  const result = await poster.post(r.url, {}, '{}');
  expect(result.statusCode).toBe(307);
  expect(target.requests).toHaveLength(0);
});

it('keeps only the first bytes of a large response', async () => {
  const r = await receiver(answer(200, {}, 'x'.repeat(1_000_000)));
  const result = await poster.post(r.url, {}, '{}');
  expect(result.statusCode).toBe(200);
  expect(result.responseExcerpt).toBe('x'.repeat(64) + '…');
});

it('gives up on a receiver that does not answer in time', async () => {
  const r = await receiver(() => undefined);
  const result = await poster.post(r.url, {}, '{}');
  expect(result.statusCode).toBeUndefined();
  expect(result.error).toMatch(/no response within 1000 ms/);
});

it('reports a refused connection as an error', async () => {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const result = await poster.post(`http://127.0.0.1:${port}/x`, {}, '{}');
  expect(result.error).toMatch(/ECONNREFUSED/);
});

describe('with private targets refused', () => {
  const strict = createHttpPoster({ ...options, allowPrivateTargets: false });
  afterAll(() => strict.close());

  it('refuses a private IP literal without connecting', async () => {
    const r = await receiver();
    const result = await strict.post(r.url, {}, '{}');
    expect(result.error).toMatch(/target refused: URL targets a private or reserved address \(127\.0\.0\.1\)/);
    expect(r.requests).toHaveLength(0);
  });

  it('refuses a host name whose DNS answer is private when it connects, through the real poster', async () => {
    const r = await receiver();
    // A resolver that answers as a rebinding attacker's DNS would: a public-looking name, a private address.
    const lookup: HostLookup = (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
    const poster = createHttpPoster({ ...options, allowPrivateTargets: false, lookup });
    try {
      const result = await poster.post(r.url.replace('127.0.0.1', 'hooks.example.test'), {}, '{}');
      expect(result.refused).toMatch(/hooks\.example\.test resolves only to private or reserved addresses$/);
      // Which internal address the name had is not the tenant's to read in the delivery log.
      expect(result.refused).not.toContain('127.0.0.1');
      expect(result.statusCode).toBeUndefined();
      expect(r.requests).toHaveLength(0);
    } finally {
      poster.close();
    }
  });
});

describe('to an HTTPS receiver', () => {
  const ca = makeTestCa();
  const stranger = makeTestCa('Unknown CA');

  /** An HTTPS receiver with this certificate, answering 200 and counting what it received. */
  async function httpsReceiver(cert: { key: string; cert: string }) {
    let received = 0;
    const server = createHttpsServer(cert, (req, res) => {
      received++;
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { port, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  // The receiver is named (its certificate is checked against the name), resolving to loopback.
  const toLoopback: HostLookup = (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
  const trusting = createHttpPoster({ ...options, lookup: toLoopback, extraCa: ca.cert });
  afterAll(() => trusting.close());

  it('delivers when the certificate names the host and chains to a trusted CA', async () => {
    const r = await httpsReceiver(ca.issue(['DNS:hooks.example.test']));
    try {
      expect(await trusting.post(`https://hooks.example.test:${r.port}/in`, {}, '{}')).toMatchObject({ statusCode: 200, responseExcerpt: 'ok' });
      expect(r.received()).toBe(1);
    } finally {
      await r.close();
    }
  });

  it('fails the attempt, sending nothing, for a certificate of another name or from an unknown CA', async () => {
    for (const cert of [ca.issue(['DNS:other.example.test']), stranger.issue(['DNS:hooks.example.test'])]) {
      const r = await httpsReceiver(cert);
      try {
        const result = await trusting.post(`https://hooks.example.test:${r.port}/in`, {}, '{}');
        expect(result.statusCode).toBeUndefined();
        expect(result.error).toMatch(/certificate|altnames|issuer/i);
        expect(r.received()).toBe(0);
      } finally {
        await r.close();
      }
    }
  });
});
