// HTTP/2 over TLS to push providers: one session per origin, reused for every request (APNs asks
// for exactly that, and FCM's HTTP v1 API and Google's token endpoint speak HTTP/2 too). Sessions
// that end (GOAWAY, a lost connection) are forgotten and the next request opens a new one. Targets
// pass the private-address policy at connect time, as webhooks do. TLS trust is Node's
// (NODE_EXTRA_CA_CERTS adds a CA); `ca` is for tests and private PKI.
import { inPostSpan } from '../../runtime/spans';
import http2 from 'node:http2';
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tunnelTo } from '../channels/egress';
import { checkTargetUrl } from '../../domain/address-policy';
import { createSafeLookup, PRIVATE_TARGET_REFUSED, type HostLookup } from '../channels/safe-lookup';
import { describeError, storable } from '../channels/peer-text';

export interface Http2Answer {
  status?: number;
  headers: Record<string, string>;
  body: string;
  latencyMs: number;
  /** Connection-level failure: nothing (or not all) was answered. */
  error?: string;
  /** The private-address policy refused the target: permanent. */
  refused?: string;
}

export interface Http2TransportOptions {
  allowPrivateTargets: boolean;
  timeoutMs: number;
  lookup?: HostLookup;
  ca?: string | Buffer;
  /** Bytes of an answer kept; providers answer small JSON. */
  maxResponseBytes?: number;
  /** HERALD_EGRESS_PROXY: sessions are opened through this HTTP CONNECT proxy (channels/egress.ts). */
  proxy?: string;
}

export function createHttp2Transport(options: Http2TransportOptions) {
  const sessions = new Map<string, http2.ClientHttp2Session>();
  const lookup = options.allowPrivateTargets ? options.lookup : createSafeLookup(options.lookup);
  const cap = options.maxResponseBytes ?? 16_384;

  /** A session to the origin; through the proxy, its TLS is made inside a tunnel opened first. */
  async function session(origin: string): Promise<http2.ClientHttp2Session> {
    const open = sessions.get(origin);
    if (open && !open.closed && !open.destroyed) return open;
    let connectOptions = { ...(lookup && { lookup }), ...(options.ca && { ca: options.ca }) } as http2.SecureClientSessionOptions;
    if (options.proxy) {
      const { hostname, port } = new URL(origin);
      const name = hostname.replace(/^\[|\]$/g, '');
      const socket = await tunnelTo({ proxy: options.proxy, ...(lookup && { lookup }), timeoutMs: options.timeoutMs }, hostname, Number(port) || 443);
      const secured = tlsConnect({ socket, host: name, ...(!isIP(name) && { servername: name }), ALPNProtocols: ['h2'], ...(options.ca && { ca: options.ca }) });
      connectOptions = { ...connectOptions, createConnection: () => secured };
      // Two requests may have opened a session at once: the first stored wins, the other closes.
      const raced = sessions.get(origin);
      if (raced && !raced.closed && !raced.destroyed) {
        secured.destroy();
        return raced;
      }
    }
    const created = http2.connect(origin, connectOptions);
    const forget = () => sessions.get(origin) === created && sessions.delete(origin);
    created.on('goaway', forget).on('close', forget).on('error', forget);
    // An idle session must not keep the process alive.
    created.unref();
    sessions.set(origin, created);
    return created;
  }

  /** A client span per request (APNs, FCM); no trace header goes to the providers. */
  function request(url: string, headers: Record<string, string>, body: string): Promise<Http2Answer> {
    const problem = checkTargetUrl(url, options.allowPrivateTargets);
    if (problem) return Promise.resolve({ headers: {}, body: '', latencyMs: 0, error: `target refused: URL ${problem}`, refused: `URL ${problem}` });
    const target = new URL(url);
    return inPostSpan(target, () => send(target, headers, body), (a) => ({ status: a.status, error: a.error }));
  }

  async function send(target: URL, headers: Record<string, string>, body: string): Promise<Http2Answer> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let s: http2.ClientHttp2Session | undefined;
    let opening: NodeJS.ErrnoException | undefined;
    try {
      s = await session(target.origin);
    } catch (err) {
      opening = err as NodeJS.ErrnoException;
    }
    return new Promise<Http2Answer>((resolve) => {
      let settled = false;
      const finish = (answer: Http2Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      };
      const fail = (err: NodeJS.ErrnoException) =>
        finish({
          headers: {},
          body: '',
          latencyMs: elapsed(),
          error: storable(describeError(err)),
          ...(err.code === PRIVATE_TARGET_REFUSED && { refused: err.message }),
        });
      if (!s) return fail(opening!);
      // A session error destroys its streams, which then report it below: no listener per request on the session.
      const stream = s.request({ ':method': 'POST', ':path': `${target.pathname}${target.search}`, ...headers, 'content-length': String(Buffer.byteLength(body)) });
      const timer = setTimeout(() => stream.close(http2.constants.NGHTTP2_CANCEL), options.timeoutMs);
      let status: number | undefined;
      let answerHeaders: Record<string, string> = {};
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('response', (h) => {
        status = Number(h[':status']);
        answerHeaders = Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith(':')).map(([k, v]) => [k, String(v)]));
      });
      stream.on('data', (chunk: Buffer) => {
        if (size < cap) chunks.push(chunk);
        size += chunk.length;
      });
      // The answer as read so far: on 'end', or on 'close' when a stream ends without one.
      const answered = () =>
        finish({ status, headers: answerHeaders, body: storable(Buffer.concat(chunks).subarray(0, cap).toString('utf8')), latencyMs: elapsed() });
      stream.on('end', answered);
      stream.on('close', () => {
        if (status === undefined) fail(Object.assign(new Error(`no answer within ${options.timeoutMs} ms or the stream was reset`), { code: 'ETIMEDOUT' }));
        else answered();
      });
      stream.on('error', fail);
      stream.end(body);
    });
  }

  function close(): void {
    for (const s of sessions.values()) s.close();
    sessions.clear();
  }

  return { request, close };
}

export type Http2Transport = ReturnType<typeof createHttp2Transport>;
