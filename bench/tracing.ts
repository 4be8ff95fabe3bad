// Tracing's cost: two `herald all` processes on the run's Temporal and PostgreSQL, one with traces
// exported (OTLP over HTTP, protobuf, every trace sampled) to a collector stand-in here, one
// without; measured in turns (off, on, off, on) at the same load, so the box's drift falls on both.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHeraldProcess } from './herald-process';
import { measure, messageSender, type Receiver } from './measure';
import { round } from './stats';

/** Counts what an OTLP/HTTP exporter sends, as a collector would take it. */
export async function startCollector() {
  let requests = 0;
  let bytes = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts: () => ({ requests, bytes }), close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function runTracingBench(o: {
  env: Record<string, string>;
  ports: [number, number];
  receiver: Receiver;
  events: number;
  concurrency: number;
  adminToken: string;
  log: (line: string) => void;
}) {
  const collector = await startCollector();
  const off = await startHeraldProcess({ ...o.env, HERALD_TASK_QUEUE: 'bench-tracing-off' }, o.ports[0]);
  const on = await startHeraldProcess(
    {
      ...o.env,
      HERALD_TASK_QUEUE: 'bench-tracing-on',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      // BENCH_TRACING_SAMPLER: another sampler to measure (always_off: the interceptors' cost alone).
      OTEL_TRACES_SAMPLER: process.env.BENCH_TRACING_SAMPLER ?? 'always_on',
      OTEL_SERVICE_NAME: 'herald-bench',
    },
    o.ports[1],
  );
  try {
    const sendOff = await messageSender(off.url, o.adminToken, o.receiver, 'tracing-off', ['*']);
    const sendOn = await messageSender(on.url, o.adminToken, o.receiver, 'tracing-on', ['*']);
    await measure(o.receiver, 100, 8, 1, sendOff);
    await measure(o.receiver, 100, 8, 1, sendOn);
    const rounds: { off: number; on: number }[] = [];
    for (let i = 0; i < 2; i++) {
      const a = await measure(o.receiver, o.events, o.concurrency, 1, sendOff);
      const b = await measure(o.receiver, o.events, o.concurrency, 1, sendOn);
      rounds.push({ off: a.perSecond, on: b.perSecond });
      o.log(`  round ${i + 1}: tracing off ${round(a.perSecond)} events/s (p50 ${a.p50} ms), on ${round(b.perSecond)} events/s (p50 ${b.p50} ms): on ÷ off ${round(b.perSecond / a.perSecond, 2)}`);
    }
    const sum = (k: 'off' | 'on') => rounds.reduce((s, r) => s + r[k], 0);
    const { requests, bytes } = collector.counts();
    o.log(`  on ÷ off over both rounds: ${round(sum('on') / sum('off'), 2)}; the collector took ${requests} exports, ${round(bytes / 1024)} KiB`);
    return { tracingOffEventsPerSecond: round(sum('off') / rounds.length), tracingOnEventsPerSecond: round(sum('on') / rounds.length), tracingOnRatio: round(sum('on') / sum('off'), 2) };
  } finally {
    for (const p of [off, on]) await p.stop();
    await collector.close();
  }
}
