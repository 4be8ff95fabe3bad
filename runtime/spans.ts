// Herald's own spans, on OpenTelemetry's API: an attempt, an outgoing request. Without a tracer
// provider registered (no OTEL_EXPORTER_OTLP_ENDPOINT, runtime/tracing.ts) the API's tracer is a
// no-op and these cost a call each. Attributes carry ids, numbers and hosts: never message text,
// addresses, URL paths or secrets.
import { context, isSpanContextValid, propagation, ProxyTracerProvider, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

const tracer = () => trace.getTracer('herald');

/**
 * Whether a tracer provider is registered (runtime/tracing.ts, or the operator's own). Without
 * one the hot paths (an attempt, a request) skip their span wrappers entirely: each closure made
 * costs more than it looks, since Herald runs through tsx, whose keepNames names every one.
 */
export function spansRecorded(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer('herald') !== undefined;
}

/** Runs `fn` inside a span (the active one for what it calls), ended when it settles; a throw marks it failed. */
export function inSpan<T>(name: string, options: { kind?: SpanKind; attributes?: Attributes }, fn: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} });
  // No tracer provider: nothing to record or to pass on. (A trace sampled out still has a valid
  // context, made active below, so receivers get its traceparent, sampled=0.)
  if (!isSpanContextValid(span.spanContext())) return fn(span);
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await fn(span);
    } catch (err) {
      // The kind of failure, not its message: an SMTP refusal quotes the recipient, a database
      // error may quote a value.
      const e = err as NodeJS.ErrnoException;
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.code ?? e.name ?? 'Error' });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The active trace as a W3C `traceparent` (and `tracestate`) header: a webhook receiver's spans join the producer's trace. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/**
 * An outgoing POST as a client span: the target's host, the answer's status (none, or 4xx/5xx,
 * marks it failed with the transport's own error text, which names hosts and codes, not bodies).
 */
export function inPostSpan<T>(target: URL, send: () => Promise<T>, answerOf: (result: T) => { status?: number; error?: string }): Promise<T> {
  return inSpan('POST', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'POST', ...hostAttributes(target) } }, async (span) => {
    const result = await send();
    const { status, error } = answerOf(result);
    if (status !== undefined) span.setAttribute('http.response.status_code', status);
    if (status === undefined || status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, ...(error && { message: error }) });
    return result;
  });
}

/** The host of a URL, for a span: never its path or query, where tokens live. */
function hostAttributes(url: URL): Attributes {
  return { 'server.address': url.hostname, 'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}

export { SpanKind, SpanStatusCode };
