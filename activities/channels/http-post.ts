// One HTTP POST as a webhook attempt: a hard timeout, no redirects followed (Node's http client
// never follows them), the response read only up to a cap, and private targets refused at connect
// time unless the operator allows them.
import { inPostSpan, traceHeaders } from '../../runtime/spans';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { checkTargetUrl } from '../../domain/address-policy';
import { describeError, storable } from './peer-text';
import { createSafeLookup, PRIVATE_TARGET_REFUSED, type HostLookup } from './safe-lookup';

export interface PostResult {
  statusCode?: number;
  retryAfter?: string;
  latencyMs: number;
  error?: string;
  /**
   * Set when the private-address policy refused the target (its URL, or every address its name
   * resolves to): nothing was sent, and retrying cannot change that.
   */
  refused?: string;
  responseExcerpt?: string;
}

export interface HttpPosterOptions {
  allowPrivateTargets: boolean;
  timeoutMs: number;
  /** Bytes of the response kept for the delivery log; the rest is not read. */
  maxResponseBytes: number;
  userAgent: string;
  /** Name resolution (node:dns lookup unless given); the private-address policy applies to its answers. */
  lookup?: HostLookup;
  /** Certificates (PEM) trusted beside Node's own roots: tests' local CAs. Production uses NODE_EXTRA_CA_CERTS. */
  extraCa?: string;
}

export function createHttpPoster(options: HttpPosterOptions) {
  const lookup = options.allowPrivateTargets ? options.lookup : createSafeLookup(options.lookup);
  // Keep-alive: most events of an app go to the same few receivers; a new TLS handshake per
  // event would cost more than the POST itself.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256, lookup, ...(options.extraCa && { ca: [...rootCertificates, options.extraCa] }) } as https.AgentOptions),
  };

  /**
   * A client span per request. With `propagateTrace` (webhooks) the active trace goes out in
   * `traceparent`, so the receiver's spans join it; providers (Twilio, Slack, …) are not told.
   */
  function post(url: string, headers: Record<string, string>, body: string, postOptions: { propagateTrace?: boolean; appId?: string } = {}): Promise<PostResult> {
    const problem = checkTargetUrl(url, options.allowPrivateTargets);
    if (problem) return Promise.resolve({ latencyMs: 0, error: `target refused: URL ${problem}`, refused: `URL ${problem}` });
    const target = new URL(url);
    return inPostSpan(
      target,
      () => send(target, postOptions.propagateTrace ? { ...headers, ...traceHeaders() } : headers, body),
      (r) => ({ status: r.statusCode, error: r.error }),
    );
  }

  function send(target: URL, headers: Record<string, string>, body: string): Promise<PostResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const transport = target.protocol === 'https:' ? https : http;

    return new Promise<PostResult>((resolve) => {
      let settled = false;
      const finish = (result: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = transport.request(
        target,
        {
          method: 'POST',
          agent: agents[target.protocol as 'http:' | 'https:'],
          headers: {
            'content-type': 'application/json',
            ...headers,
            'content-length': Buffer.byteLength(body),
            'user-agent': options.userAgent,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = (truncated: boolean) => {
            // A receiver's bytes are kept for the log as text PostgreSQL can store: no NUL.
            const text = storable(Buffer.concat(chunks).subarray(0, options.maxResponseBytes).toString('utf8'));
            const retryAfter = res.headers['retry-after'];
            finish({
              statusCode: res.statusCode,
              latencyMs: elapsed(),
              ...(retryAfter && { retryAfter: String(retryAfter) }),
              ...(text && { responseExcerpt: truncated ? `${text}…` : text }),
            });
          };
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            if (size > options.maxResponseBytes) {
              done(true);
              res.destroy();
            }
          });
          res.on('end', () => done(false));
          res.on('error', () => done(true));
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no response within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) =>
        finish({
          latencyMs: elapsed(),
          error: storable(describeError(err)),
          ...(err.code === PRIVATE_TARGET_REFUSED && { refused: err.message }),
        }),
      );
      req.end(body);
    });
  }

  function close() {
    agents['http:'].destroy();
    agents['https:'].destroy();
  }

  return { post, close };
}

export type HttpPoster = ReturnType<typeof createHttpPoster>;
