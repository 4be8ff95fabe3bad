// A loopback receiver that notes when each event id arrives (first arrival only).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startBenchReceiver() {
  const arrivals = new Map<string, number>();
  let count = 0;
  let waiter: { target: number; resolve: () => void } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      res.writeHead(200).end();
      count++;
      try {
        const id = JSON.parse(Buffer.concat(chunks).toString()).id as string;
        if (!arrivals.has(id)) arrivals.set(id, now);
      } catch {
        /* not ours */
      }
      if (waiter && count >= waiter.target) {
        waiter.resolve();
        waiter = undefined;
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    arrivals,
    get count() {
      return count;
    },
    /** Resolves once `target` requests in all have arrived. */
    waitForCount(target: number, timeoutMs: number) {
      if (count >= target) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${count} of ${target} requests arrived in ${timeoutMs} ms`)), timeoutMs);
        waiter = {
          target,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
