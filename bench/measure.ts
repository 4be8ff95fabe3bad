// What every scenario of the benchmark shares: a keep-alive HTTP client for Herald's API, and
// the measurement of a rate and of send-to-receipt latencies against the loopback receiver.
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { startBenchReceiver } from './receiver';
import { pool, summarise } from './stats';

export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function api(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method,
      agent,
      headers: { authorization: `Bearer ${token}`, ...(payload && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export type Receiver = Awaited<ReturnType<typeof startBenchReceiver>>;

/**
 * A new app on the Herald at `base` with one endpoint on the receiver (at `/<name>`, for `events`),
 * and a sender of message.created events to it, each refused event an error.
 */
export async function messageSender(base: string, adminToken: string, receiver: Receiver, name: string, events: string[]): Promise<(id: string) => Promise<void>> {
  const app = (await api('POST', `${base}/v1/apps`, adminToken, { name })).body;
  await api('POST', `${base}/v1/apps/${app.id}/endpoints`, app.apiKey, { url: receiver.url(`/${name}`), events });
  return async (id: string) => {
    const res = await api('POST', `${base}/v1/apps/${app.id}/events`, app.apiKey, { id, type: 'message.created', data: { messageId: id, from: 'alice', to: 'bob', kind: 'text', body: 'hello' } });
    if (res.status !== 202) throw new Error(`event refused: ${res.status} ${JSON.stringify(res.body)}`);
  };
}

/** Sends `total` items with `concurrency` producers; returns the rate and send-to-receipt latencies. */
export async function measure(
  receiver: Receiver,
  total: number,
  concurrency: number,
  expectedRequestsPerItem: number,
  send: (id: string) => Promise<void>,
  /** Paced: item i is sent no sooner than i × intervalMs after the start (a steady light load). */
  intervalMs = 0,
) {
  const [result] = await sendAndTime(receiver, total, concurrency, expectedRequestsPerItem, [send], intervalMs);
  return result;
}

/**
 * Paced, two senders taking turns in one stream (a, b, a, b …, one item every intervalMs, `each`
 * items each): the box's background hiccups (a checkpoint, a collection, a neighbour) fall on
 * both alike, where two paced runs one after the other met different ones and their p99s, the
 * few worst of hundreds, moved by half from run to run.
 */
export async function measurePacedPair(receiver: Receiver, each: number, intervalMs: number, a: (id: string) => Promise<void>, b: (id: string) => Promise<void>) {
  const [first, second] = await sendAndTime(receiver, each * 2, 4, 1, [a, b], intervalMs);
  return [first, second] as const;
}

/** Item i goes through sender i mod senders.length; one result per sender, over its own items. */
async function sendAndTime(
  receiver: Receiver,
  total: number,
  concurrency: number,
  expectedRequestsPerItem: number,
  senders: ((id: string) => Promise<void>)[],
  intervalMs: number,
) {
  const prefix = randomUUID().slice(0, 8);
  const sent = senders.map(() => new Map<string, number>());
  const answered: number[][] = senders.map(() => []);
  const before = receiver.count;
  const started = performance.now();
  await pool(total, concurrency, async (i) => {
    const id = `${prefix}-${i}`;
    const which = i % senders.length;
    const wait = started + i * intervalMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    sent[which].set(id, t);
    await senders[which](id);
    answered[which].push(performance.now() - t);
  });
  await receiver.waitForCount(before + total * expectedRequestsPerItem, 300_000);
  const seconds = (performance.now() - started) / 1000;
  return sent.map((mine, which) => {
    const latencies = [...mine].map(([id, t]) => (receiver.arrivals.get(id) ?? NaN) - t).filter((n) => !Number.isNaN(n));
    return {
      perSecond: (mine.size * expectedRequestsPerItem) / seconds,
      itemsPerSecond: mine.size / seconds,
      ...summarise(latencies),
      /** Send to the API's (or client's) answer: what a producer waits for. */
      answerP50: summarise(answered[which]).p50,
    };
  });
}


type Latencies = { p50: number; p99: number };

/** The latency fields both benchmarks print: the ceiling's under load, and both at light load and paced. */
export function latencyResults(r: { ceiling: Latencies; light: Latencies; lightCeiling: Latencies; paced: Latencies; pacedCeiling: Latencies }) {
  return { ceilingP50Ms: r.ceiling.p50, ceilingP99Ms: r.ceiling.p99, ...lightLoadResults(r), ...pacedResults(r) };
}

export function lightLoadResults(r: { light: Latencies; lightCeiling: Latencies }) {
  return {
    lightLoadP50Ms: r.light.p50,
    lightLoadP99Ms: r.light.p99,
    ceilingLightLoadP50Ms: r.lightCeiling.p50,
    ceilingLightLoadP99Ms: r.lightCeiling.p99,
  };
}

export function pacedResults(r: { paced: Latencies; pacedCeiling: Latencies }) {
  return {
    pacedP50Ms: r.paced.p50,
    pacedP99Ms: r.paced.p99,
    ceilingPacedP50Ms: r.pacedCeiling.p50,
    ceilingPacedP99Ms: r.pacedCeiling.p99,
  };
}
