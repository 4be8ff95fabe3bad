// One HTTP POST as a webhook attempt: a hard timeout, no redirects followed (undici's request
// never follows them), the response read only up to a cap, and private targets refused at connect
// time unless the operator allows them.
import { inPostSpan, spansRecorded, traceHeaders } from '../../runtime/spans';
import { createHash } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import { checkTargetUrl } from '../../domain/address-policy';
import { BoundedMap } from '../../domain/bounded-map';
import { describeError, storable } from './peer-text';
import { createSafeLookup, PRIVATE_TARGET_REFUSED, type HostLookup } from './safe-lookup';
import { egressConnector, trustedCas } from './egress';
import type { ClientTls } from '../../domain/endpoint-controls';

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
  /** HERALD_EGRESS_PROXY: every connection goes through this HTTP CONNECT proxy (egress.ts). */
  proxy?: string;
}

export interface PostOptions {
  /** Webhooks: the active trace goes out in `traceparent`. */
  propagateTrace?: boolean;
  appId?: string;
  /** Another method than POST (a transformation's). */
  method?: string;
  /** A client certificate for mutual TLS (an endpoint's `tls`). */
  tls?: ClientTls;
  /** Bytes of the answer kept, when more than the log's cap are needed (an OAuth token's). */
  maxResponseBytes?: number;
}

export function createHttpPoster(options: HttpPosterOptions) {
  const lookup = options.allowPrivateTargets ? options.lookup : createSafeLookup(options.lookup);
  // An app's events go to the same few URLs again and again: each is checked and parsed once.
  const targets = new BoundedMap<string, URL | string>(10_000);
  function targetOf(url: string): URL | string {
    let target = targets.get(url);
    if (target === undefined) {
      target = checkTargetUrl(url, options.allowPrivateTargets) ?? new URL(url);
      targets.set(url, target);
    }
    return target;
  }

  // undici, not node:http: at a fan-out of 100 the client's own cost per request is a large part
  // of a delivery's (bench/fanout.ts), and undici's is about a third of node:http's. Keep-alive
  // pools per origin: most events of an app go to the same few receivers, and a new TLS
  // handshake per event would cost more than the POST itself. Redirects are never followed.
  const egress = { ...(options.proxy && { proxy: options.proxy }), ...(lookup && { lookup }), timeoutMs: options.timeoutMs };
  const agentOf = (connect: Agent.Options['connect']) => new Agent({ connections: 256, keepAliveTimeout: 30_000, connect });
  const dispatcher = agentOf(egressConnector(egress, { ca: trustedCas(undefined, options.extraCa) }));
  // An endpoint with a client certificate has a pool of its own: a connection made with one
  // endpoint's certificate is never reused for another's request to the same origin.
  const withClientCert = new BoundedMap<string, Agent>(1_000);
  function dispatcherFor(tls: ClientTls | undefined): Dispatcher {
    if (!tls) return dispatcher;
    const key = createHash('sha256').update(tls.certificate).update('\0').update(tls.privateKey).update('\0').update(tls.ca ?? '').digest('base64url');
    let agent = withClientCert.get(key);
    if (!agent) {
      agent = agentOf(egressConnector(egress, { ca: trustedCas(tls.ca, options.extraCa), cert: tls.certificate, key: tls.privateKey }));
      withClientCert.set(key, agent);
    }
    return agent;
  }

  /**
   * A client span per request. With `propagateTrace` (webhooks) the active trace goes out in
   * `traceparent`, so the receiver's spans join it; providers (Twilio, Slack, …) are not told.
   */
  function post(url: string, headers: Record<string, string>, body: string, postOptions: PostOptions = {}): Promise<PostResult> {
    const target = targetOf(url);
    if (typeof target === 'string') return Promise.resolve({ latencyMs: 0, error: `target refused: URL ${target}`, refused: `URL ${target}` });
    if (!spansRecorded()) return send(target, headers, body, postOptions);
    return inPostSpan(
      target,
      () => send(target, postOptions.propagateTrace ? { ...headers, ...traceHeaders() } : headers, body, postOptions),
      (r) => ({ status: r.statusCode, error: r.error }),
    );
  }

  /**
   * undici's lowest-level request (dispatch, with a handler): no stream and one promise per
   * request, where its `request` made a readable stream, an async iterator and an AbortController.
   * The handler is a class: Herald runs through tsx, whose keepNames names every closure made,
   * and a request made eight.
   */
  function send(target: URL, headers: Record<string, string>, body: string, postOptions: PostOptions): Promise<PostResult> {
    return new Promise<PostResult>((resolve) => {
      const exchange = new Exchange(resolve, options.timeoutMs, postOptions.maxResponseBytes ?? options.maxResponseBytes);
      const method = (postOptions.method ?? 'POST') as Dispatcher.HttpMethod;
      dispatcherFor(postOptions.tls).dispatch(
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method,
          headers: { 'content-type': 'application/json', ...headers, 'user-agent': options.userAgent },
          // A transformation may turn a webhook into a GET: it carries no body.
          ...(method !== 'GET' && method !== 'HEAD' && { body }),
        },
        exchange,
      );
    });
  }

  function close() {
    for (const agent of [dispatcher, ...withClientCert.values()]) agent.destroy().catch(() => undefined);
  }

  return { post, close };
}

export type HttpPoster = ReturnType<typeof createHttpPoster>;

/** One POST's answer as undici hands it over, under one deadline from the queue for a connection to the last byte read. */
class Exchange implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private statusCode: number | undefined;
  private retryAfter: string | undefined;
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly resolve: (result: PostResult) => void,
    private readonly timeoutMs: number,
    private readonly maxResponseBytes: number,
  ) {
    this.timer = setTimeout(timedOut, timeoutMs, this);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new Error('given up'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.statusCode = statusCode;
    const retryAfter = headers['retry-after'];
    if (retryAfter !== undefined) this.retryAfter = String(retryAfter);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Enough for the log: the rest is not read.
    if (this.size > this.maxResponseBytes) {
      this.answered(true);
      controller.abort(new Error('response cut at HERALD_MAX_RESPONSE_BYTES'));
    }
  }

  onResponseEnd(): void {
    this.answered(false);
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    // undici wraps some transport errors (a TLS or socket failure) in its own; the log wants the first cause.
    this.fail((err.cause instanceof Error ? err.cause : err) as NodeJS.ErrnoException);
  }

  fail(err: NodeJS.ErrnoException): void {
    this.finish({ latencyMs: this.elapsed(), error: storable(describeError(err)), ...(err.code === PRIVATE_TARGET_REFUSED && { refused: err.message }) });
  }

  timedOut(): void {
    const err = new Error(`no response within ${this.timeoutMs} ms`);
    this.fail(err);
    this.controller?.abort(err);
  }

  private answered(truncated: boolean): void {
    // A receiver's bytes are kept for the log as text PostgreSQL can store: no NUL.
    const text = this.size === 0 ? '' : storable(Buffer.concat(this.chunks).subarray(0, this.maxResponseBytes).toString('utf8'));
    this.finish({ statusCode: this.statusCode, latencyMs: this.elapsed(), ...(this.retryAfter && { retryAfter: this.retryAfter }), ...(text && { responseExcerpt: truncated ? `${text}…` : text }) });
  }

  private finish(result: PostResult): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(result);
  }

  private elapsed(): number {
    return Math.round(performance.now() - this.started);
  }
}

function timedOut(exchange: Exchange): void {
  exchange.timedOut();
}
