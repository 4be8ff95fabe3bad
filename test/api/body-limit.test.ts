// A body over the 256 KiB limit, on a real socket: every kind of client reads the 413 that says
// the limit, however much it was still uploading (the lingering close, api/lingering-close.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildTestApi } from '../support/api';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { registerLingeringClose } from '../../api/lingering-close';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

let pool: Pool;
let api: FastifyInstance;
let base: string;
let eventsUrl: string;
let apiKey: string;

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool);
  base = await api.listen({ host: '127.0.0.1', port: 0 });
  const created = (await api.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'limits' } })).json();
  eventsUrl = `${base}/v1/apps/${created.id}/events`;
  apiKey = created.apiKey;
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

interface RawAnswer {
  status?: number;
  head: string;
  body: string;
  error?: string;
  closedAfterMs: number;
}

/**
 * A client on a bare socket that sends its whole body (or stops after `stopAfter` bytes) and starts
 * reading only after `readAfterMs`, as a busy client does; it reports what it could read.
 */
function rawPost(url: string, headers: Record<string, string>, size: number, options: { chunked?: boolean; readAfterMs?: number; stopAfter?: number } = {}): Promise<RawAnswer> {
  const { port, pathname } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const received: Buffer[] = [];
    let error: string | undefined;
    socket.on('error', (err: NodeJS.ErrnoException) => (error ??= err.code));
    socket.pause();
    const framing = options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) };
    socket.write(`POST ${pathname} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries({ ...headers, ...framing }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    const limit = options.stopAfter ?? size;
    const pump = () => {
      while (written < limit && !socket.destroyed) {
        written += chunk.length;
        let data: Buffer = chunk;
        if (options.chunked) data = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from(written >= limit ? '\r\n0\r\n\r\n' : '\r\n')]);
        if (!socket.write(data)) return void socket.once('drain', pump);
      }
    };
    pump();
    setTimeout(() => {
      socket.on('data', (d: Buffer) => received.push(d));
      socket.resume();
    }, options.readAfterMs ?? 300);
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8');
      const [head, body = ''] = text.split('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      resolve({ status: status ? Number(status) : undefined, head, body, error, closedAfterMs: Date.now() - started });
    });
  });
}

const json = { 'content-type': 'application/json' };
const auth = () => ({ ...json, authorization: `Bearer ${apiKey}` });
const MB = 1024 * 1024;

describe('a body over the limit', () => {
  it.each([
    ['300 KB', 300 * 1024, false],
    ['10 MB', 10 * MB, false],
    ['100 MB', 100 * MB, false],
    ['10 MB, chunked', 10 * MB, true],
  ])('of %s from a client that reads late gets the 413 naming the limit', async (_name, size, chunked) => {
    const answer = await rawPost(eventsUrl, auth(), size, { chunked });
    expect({ status: answer.status, error: answer.error }).toEqual({ status: 413, error: undefined });
    expect(answer.head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('256 KiB (262144 bytes)') });
  });

  it('of 10 MB gets its 413 through Node\'s fetch (undici), every time', async () => {
    const body = JSON.stringify({ type: 'message.created', data: { body: 'x'.repeat(10 * MB) } });
    for (let i = 0; i < 5; i++) {
      const res = await fetch(eventsUrl, { method: 'POST', headers: auth(), body });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    }
  });

  it('of 10 MB gets its 413 through curl', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-body-'));
    try {
      const file = path.join(dir, 'body.json');
      writeFileSync(file, JSON.stringify({ type: 'message.created', data: { body: 'x'.repeat(10 * MB) } }));
      const { stdout } = await promisify(execFile)('curl', ['-s', '-o', '-', '-w', '\n%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-H', `authorization: Bearer ${apiKey}`, '--data-binary', `@${file}`, eventsUrl]);
      const lines = stdout.trim().split('\n');
      expect(lines.at(-1)).toBe('413');
      expect(JSON.parse(lines[0]).error.code).toBe('payload_too_large');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the API answering the next request as before', async () => {
    const res = await fetch(eventsUrl, { method: 'POST', headers: auth(), body: JSON.stringify({ type: 'user.online', data: { userId: 'u1' } }) });
    expect(res.status).toBe(202);
  });
});

/**
 * A client that keeps its side open after the server's FIN (as an uploader does) and keeps
 * sending, `chunk` bytes every `everyMs`, up to `size`: when the server cuts the connection, its
 * next write fails. Reports the answer, how much it had written, and when it was cut.
 */
function keepSending(url: string, size: number, chunk: number, everyMs: number): Promise<{ status?: number; written: number; cutAfterMs?: number }> {
  const { port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true });
    let text = '';
    let written = 0;
    let cutAfterMs: number | undefined;
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('error', () => (cutAfterMs ??= Date.now() - started));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]) || undefined, written, cutAfterMs });
    });
    socket.write(`POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`);
    const block = Buffer.alloc(chunk, 'a');
    const timer = setInterval(() => {
      if (socket.destroyed || written >= size) return;
      written += chunk;
      socket.write(block);
    }, everyMs);
    // Never wait past the test's patience: a server that never cuts fails the assertions below.
    setTimeout(() => socket.destroy(), 8000);
  });
}

describe('the lingering close', () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = Fastify({ bodyLimit: 1024 });
    registerLingeringClose(app, { maxBytes: 2 * MB, maxMs: 1000 });
    app.post('/', async () => ({}));
    url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/`;
  });
  afterAll(() => app.close());

  it('reads no more than its byte bound before cutting the connection', async () => {
    const answer = await keepSending(url, 200 * MB, MB, 1);
    expect(answer.status).toBe(413);
    expect(answer.cutAfterMs).toBeDefined();
    // The bound plus what the kernel's buffers held when it was cut, not the 200 MB.
    expect(answer.written).toBeLessThan(40 * MB);
  });

  it('waits no longer than its time bound for a client that sends slowly', async () => {
    const answer = await keepSending(url, 10 * MB, 1024, 50);
    expect(answer.status).toBe(413);
    expect(answer.cutAfterMs).toBeGreaterThanOrEqual(950);
    expect(answer.cutAfterMs).toBeLessThan(4000);
  });
});
