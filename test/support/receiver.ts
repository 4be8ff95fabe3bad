// A real HTTP receiver on loopback that records what it gets and answers as a test scripts it.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** Answers the nth request (0-based); the default answers 200. */
export type Responder = (n: number, request: Received, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  requests: Received[];
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export const answer = (status: number, headers: Record<string, string> = {}, body = '') =>
  ((_n, _r, res) => {
    res.writeHead(status, headers).end(body);
  }) as Responder;

/** Answers with `statuses` in order, then 200 for ever. */
export const sequence = (...statuses: number[]): Responder => (n, _r, res) => {
  res.writeHead(statuses[n] ?? 200).end(statuses[n] ? 'not yet' : 'ok');
};

export async function startReceiver(responder: Responder = answer(200, {}, 'ok')): Promise<Receiver> {
  const requests: Received[] = [];
  let waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const n = requests.push(received) - 1;
      responder(n, received, res);
      const current = waiters;
      waiters = [];
      current.forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`receiver got ${requests.length} of ${count} requests in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
