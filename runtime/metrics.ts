// Prometheus metrics (prom-client), one registry per process: the API counts what it accepts,
// the worker what it delivers. `GET /metrics` on the API serves its process's; a worker-only
// process serves its own on HERALD_METRICS_PORT. Names follow Prometheus's conventions
// (herald_*_total counters, *_seconds histograms).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  eventsReceived: Counter<'type'>;
  /** Every attempt's outcome, by channel: delivered, retry, failed, disable, rejected, … */
  attempts: Counter<'channel' | 'outcome'>;
  attemptSeconds: Histogram<'channel'>;
  retries: Counter<'channel'>;
  endpointsDisabled: Counter;
}

export function createMetrics(options: { eventsInFlight?: () => number; credentialDaysToExpiry?: () => Promise<{ credentialId: string; platform: string; days: number }[]> } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'herald_' });
  const metrics: Metrics = {
    registry,
    eventsReceived: new Counter({ name: 'herald_events_received_total', help: 'Events accepted by the API, by type', labelNames: ['type'], registers: [registry] }),
    attempts: new Counter({ name: 'herald_delivery_attempts_total', help: 'Delivery attempts made, by channel and outcome', labelNames: ['channel', 'outcome'], registers: [registry] }),
    attemptSeconds: new Histogram({
      name: 'herald_delivery_attempt_seconds',
      help: 'How long a delivery attempt took (the receiver or provider answering), by channel',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    retries: new Counter({ name: 'herald_delivery_retries_total', help: 'Attempts that were retries (attempt 2 and later), by channel', labelNames: ['channel'], registers: [registry] }),
    endpointsDisabled: new Counter({ name: 'herald_endpoints_disabled_total', help: 'Endpoints Herald disabled (a 401/403/410, retries run out, a refused target)', registers: [registry] }),
  };
  if (options.eventsInFlight) {
    const read = options.eventsInFlight;
    new Gauge({ name: 'herald_events_in_flight', help: "Event workflows started by this API process whose first round has not finished", registers: [registry], collect() { this.set(read()); } });
  }
  if (options.credentialDaysToExpiry) {
    const read = options.credentialDaysToExpiry;
    new Gauge({
      name: 'herald_push_credential_days_to_expiry',
      help: 'Days until each push credential with an expiry date expires',
      labelNames: ['credential', 'platform'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of await read()) this.set({ credential: c.credentialId, platform: c.platform }, c.days);
      },
    });
  }
  return metrics;
}

/** For a worker-only process: its metrics on their own port. */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/metrics`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
