// The delivery controls' costs (issue "delivery controls"), each beside its own baseline in the
// same run: events through POST /events/batch in batches of 50 against single posts and the
// Temporal ceiling; and an app whose endpoint has a rate limit against the same app unlimited,
// with the limit above the load (what the limiter itself costs) and below it (what waiting costs).
import { randomUUID } from 'node:crypto';
import { api, measure, type Receiver } from './measure';
import { pool, round, summarise } from './stats';

type CpuPerEvent = <T>(events: number, run: () => Promise<T>) => Promise<T & { cpu: Record<string, number>; cpuLine: string }>;

const message = (id: string) => ({ id, type: 'message.created', data: { messageId: id, from: 'alice', to: 'bob', kind: 'text', body: 'hello' } });

/** A new app with one endpoint on the receiver at /<name>, with `extra` endpoint fields. */
async function appWithEndpoint(base: string, adminToken: string, receiver: Receiver, name: string, extra: object = {}) {
  const app = (await api('POST', `${base}/v1/apps`, adminToken, { name })).body;
  const ep = await api('POST', `${base}/v1/apps/${app.id}/endpoints`, app.apiKey, { url: receiver.url(`/${name}`), events: ['message.created'], ...extra });
  if (ep.status !== 201) throw new Error(`endpoint refused: ${JSON.stringify(ep.body)}`);
  return app as { id: string; apiKey: string };
}

/** `total` events in batches of `size`, `inFlight` batches at a time: the rate, and post-to-receipt latencies. */
async function measureBatches(receiver: Receiver, base: string, app: { id: string; apiKey: string }, total: number, size: number, inFlight: number) {
  const prefix = randomUUID().slice(0, 8);
  const sent = new Map<string, number>();
  const before = receiver.count;
  const started = performance.now();
  await pool(Math.ceil(total / size), inFlight, async (b) => {
    const events = Array.from({ length: Math.min(size, total - b * size) }, (_, i) => message(`${prefix}-${b * size + i}`));
    const t = performance.now();
    for (const e of events) sent.set(e.id, t);
    const res = await api('POST', `${base}/v1/apps/${app.id}/events/batch`, app.apiKey, { events });
    const refused = res.status === 207 ? (res.body.results as { status: number }[]).filter((r) => r.status !== 202) : [res.body];
    if (refused.length > 0) throw new Error(`batch refused in part: ${res.status} ${JSON.stringify(refused[0])}`);
  });
  await receiver.waitForCount(before + total, 300_000);
  const seconds = (performance.now() - started) / 1000;
  const latencies = [...sent].map(([id, t]) => (receiver.arrivals.get(id) ?? NaN) - t).filter((n) => !Number.isNaN(n));
  return { perSecond: total / seconds, ...summarise(latencies) };
}

export async function runControlsBench(o: {
  base: string;
  adminToken: string;
  receiver: Receiver;
  events: number;
  concurrency: number;
  startCeiling: (id: string) => Promise<void>;
  cpuPerEvent: CpuPerEvent;
  log: (line: string) => void;
}) {
  const { base, adminToken, receiver, events, concurrency, log } = o;
  const results: Record<string, number> = {};
  const sender = (app: { id: string; apiKey: string }) => async (id: string) => {
    const res = await api('POST', `${base}/v1/apps/${app.id}/events`, app.apiKey, message(id));
    if (res.status !== 202) throw new Error(`event refused: ${res.status} ${JSON.stringify(res.body)}`);
  };

  // Bulk ingest: the same events, singly, in batches of 50, and the ceiling, back to back.
  const bulk = await appWithEndpoint(base, adminToken, receiver, 'bench-batch');
  await measureBatches(receiver, base, bulk, 200, 50, 2);
  log(`bulk ingest: ${events} events singly at ${concurrency} producers, in batches of 50 (2 in flight), and the ceiling`);
  const singles = await o.cpuPerEvent(events, () => measure(receiver, events, concurrency, 1, sender(bulk)));
  log(`  singles  ${round(singles.perSecond)} events/s, p50 ${singles.p50} ms, p99 ${singles.p99} ms; ${singles.cpuLine}`);
  const batches = await o.cpuPerEvent(events, () => measureBatches(receiver, base, bulk, events, 50, 2));
  log(`  batches  ${round(batches.perSecond)} events/s, p50 ${batches.p50} ms, p99 ${batches.p99} ms; ${batches.cpuLine}`);
  const ceiling = await o.cpuPerEvent(events, () => measure(receiver, events, concurrency, 1, o.startCeiling));
  log(`  ceiling  ${round(ceiling.perSecond)} workflows/s; ${ceiling.cpuLine}`);
  log(`  batches ÷ ceiling ${round(batches.perSecond / ceiling.perSecond, 2)}, singles ÷ ceiling ${round(singles.perSecond / ceiling.perSecond, 2)}, batches ÷ singles ${round(batches.perSecond / singles.perSecond, 2)}`);
  Object.assign(results, {
    batchEventsPerSecond: round(batches.perSecond),
    batchSingleEventsPerSecond: round(singles.perSecond),
    batchCeilingEventsPerSecond: round(ceiling.perSecond),
    batchRatioToCeiling: round(batches.perSecond / ceiling.perSecond, 2),
    batchRatioToSingles: round(batches.perSecond / singles.perSecond, 2),
    batchP50Ms: batches.p50,
    batchCpuMsPerEventProcess: batches.cpu.process,
    batchSingleCpuMsPerEventProcess: singles.cpu.process,
  });

  // Rate limits: an endpoint limited above the load (the limiter's own cost: a slot statement per
  // round), one limited below it (deliveries wait on workflow timers), and the unlimited one.
  const unlimited = await appWithEndpoint(base, adminToken, receiver, 'bench-unlimited');
  const loose = await appWithEndpoint(base, adminToken, receiver, 'bench-limit-loose', { rateLimit: 10_000 });
  // Well below what the producers offer (about 100 events/s on this machine kind), so that the limit binds.
  const tightRate = 40;
  const tight = await appWithEndpoint(base, adminToken, receiver, 'bench-limit-tight', { rateLimit: tightRate });
  const tightEvents = Math.min(events, tightRate * 10);
  log(`rate limits: ${events} events at ${concurrency} producers, unlimited and limited to 10,000/s; then ${tightEvents} limited to ${tightRate}/s`);
  const free = await o.cpuPerEvent(events, () => measure(receiver, events, concurrency, 1, sender(unlimited)));
  log(`  unlimited        ${round(free.perSecond)} events/s, p50 ${free.p50} ms; ${free.cpuLine}`);
  const limited = await o.cpuPerEvent(events, () => measure(receiver, events, concurrency, 1, sender(loose)));
  log(`  10,000/s limit   ${round(limited.perSecond)} events/s, p50 ${limited.p50} ms; ${limited.cpuLine}`);
  const waiting = await o.cpuPerEvent(tightEvents, () => measure(receiver, tightEvents, concurrency, 1, sender(tight)));
  log(`  ${tightRate}/s limit      ${round(waiting.perSecond)} deliveries/s (the limit), p50 ${waiting.p50} ms; ${waiting.cpuLine}`);
  log(`  limited ÷ unlimited ${round(limited.perSecond / free.perSecond, 2)}; CPU ms per event in Herald's process ${limited.cpu.process} against ${free.cpu.process}, waiting ${waiting.cpu.process}`);
  Object.assign(results, {
    rateLimitUnlimitedEventsPerSecond: round(free.perSecond),
    rateLimitLooseEventsPerSecond: round(limited.perSecond),
    rateLimitRatioToUnlimited: round(limited.perSecond / free.perSecond, 2),
    rateLimitTightDeliveriesPerSecond: round(waiting.perSecond),
    rateLimitTightRate: tightRate,
    rateLimitUnlimitedCpuMsPerEventProcess: free.cpu.process,
    rateLimitLooseCpuMsPerEventProcess: limited.cpu.process,
    rateLimitTightCpuMsPerEventProcess: waiting.cpu.process,
    rateLimitUnlimitedCpuMsPerEventPostgres: free.cpu.postgres,
    rateLimitLooseCpuMsPerEventPostgres: limited.cpu.postgres,
    rateLimitTightCpuMsPerEventServer: waiting.cpu.server,
    rateLimitUnlimitedCpuMsPerEventServer: free.cpu.server,
  });
  return results;
}
