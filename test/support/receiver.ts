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

/** Requests as a peer records them, and a wait for the nth: what every loopback peer here shares. */
export function requestLog<T>(peer: string) {
  const requests: T[] = [];
  let waiters: (() => void)[] = [];
  return {
    requests,
    /** Records one; returns its index. */
    record(request: T): number {
      const n = requests.push(request) - 1;
      const current = waiters;
      waiters = [];
      current.forEach((w) => w());
      return n;
    },
    async waitFor(count: number, timeoutMs = 30_000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${peer} got ${requests.length} of ${count} requests in ${timeoutMs} ms`);
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
  };
}

export async function startReceiver(responder: Responder = answer(200, {}, 'ok')): Promise<Receiver> {
  const log = requestLog<Received>('receiver');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      responder(log.record(received), received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests: log.requests,
    waitFor: log.waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
