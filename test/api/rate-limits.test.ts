// What stops one client from making Herald send without end, or holding its connections: a rate
// per key on events, on replays and tests, a rate per request bin (its URL needs no token), and
// timeouts on requests that arrive too slowly and connections that idle.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildTestApi } from '../support/api';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

let pool: Pool;
let api: FastifyInstance;

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool, { rateLimits: { eventsPerSecond: 2, probesPerMinute: 6, binRequestsPerSecond: 1 }, timeouts: { requestMs: 1500, idleMs: 4000 } });
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

async function newApp() {
  const { id, apiKey } = (await api.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'rates' } })).json();
  return { id, call: (method: 'GET' | 'POST', path: string, payload?: object) => api.inject({ method, url: `/v1/apps/${id}${path}`, headers: { authorization: `Bearer ${apiKey}` }, ...(payload && { payload }) }) };
}

const event = (n: number) => ({ id: `rate-${n}`, type: 'user.online', data: { userId: 'u' } });

it('answers events past the key\'s rate with 429 and Retry-After, and leaves other keys their own', async () => {
  const [a, b] = [await newApp(), await newApp()];
  const answers = [];
  for (let n = 0; n < 5; n++) answers.push(await a.call('POST', '/events', event(n)));
  // A burst of twice the rate, then refused.
  expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 429]);
  const refused = answers[4];
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(refused.json().error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/too many events for this key: try again in \d+ s \(HERALD_EVENTS_PER_SECOND_PER_KEY\)/) });
  // Nothing was stored for the refused one.
  expect((await a.call('GET', '/events/rate-4')).statusCode).toBe(404);
  expect((await b.call('POST', '/events', event(0))).statusCode).toBe(202);
  // The bucket refills at the rate.
  await new Promise((r) => setTimeout(r, Number(refused.headers['retry-after']) * 1000));
  expect((await a.call('POST', '/events', event(5))).statusCode).toBe(202);
});

it('limits replays and endpoint tests together, per key', async () => {
  const a = await newApp();
  const endpoint = (await a.call('POST', '/endpoints', { url: 'https://example.com/hook', events: ['*'] })).json();
  await a.call('POST', '/events', event(0));
  expect((await a.call('POST', '/events/rate-0/replay', {})).statusCode).toBe(202);
  const refused = await a.call('POST', `/endpoints/${endpoint.id}/test`, { type: 'user.online' });
  expect(refused.statusCode).toBe(429);
  expect(refused.json().error.message).toMatch(/replays and tests for this key.*HERALD_PROBES_PER_MINUTE_PER_KEY/);
});

it('limits the requests to one request bin, leaving other bins theirs', async () => {
  const a = await newApp();
  const [one, two] = [(await a.call('POST', '/bins')).json(), (await a.call('POST', '/bins')).json()];
  const hit = (bin: { id: string }) => api.inject({ method: 'POST', url: `/bins/${bin.id}`, payload: 'x' });
  expect([(await hit(one)).statusCode, (await hit(one)).statusCode, (await hit(one)).statusCode]).toEqual([200, 200, 429]);
  expect((await hit(two)).statusCode).toBe(200);
  const recorded = (await a.call('GET', `/bins/${one.id}/requests`)).json().data;
  expect(recorded).toHaveLength(2);
});

describe('on a real socket', () => {
  let port: number;
  beforeAll(async () => {
    port = Number(new URL(await api.listen({ host: '127.0.0.1', port: 0 })).port);
  });

  /** Opens a connection, sends `text`, and reports when the server closed it and what it said. */
  const hold = (text: string) =>
    new Promise<{ closedAfterMs: number; answer: string }>((resolve) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, answer }));
      setTimeout(() => socket.destroy(), 15_000);
    });

  it('closes a request whose headers do not arrive whole in time (a slow client holding a connection)', async () => {
    const { closedAfterMs, answer } = await hold(`POST /v1/apps HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${ADMIN_TOKEN}\r\n`);
    expect(closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(closedAfterMs).toBeLessThan(8000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes, after its answer, a refused request whose body never comes', async () => {
    const { closedAfterMs, answer } = await hold('POST /v1/apps HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"na');
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(closedAfterMs).toBeLessThan(8000);
  });

  it('closes a connection that idles', async () => {
    const { closedAfterMs } = await hold('');
    expect(closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(closedAfterMs).toBeLessThan(4500);
    expect(closedAfterMs).toBeLessThan(8000);
  });
});
