// A server span per API request when tracing is on (runtime/tracing.ts): a producer's W3C
// `traceparent` is continued, so an event's trace starts in the producer and runs through Herald's
// request, the workflow's start, the workflow and its activities, to the receiver. The span is made
// active for the handler (re-entered after the body is read, whose callbacks run outside it).
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export function registerRequestSpans(app: FastifyInstance): void {
  const tracer = trace.getTracer('herald');
  const spans = new WeakMap<FastifyRequest, { span: Span; active: Context }>();
  const end = (request: FastifyRequest, statusCode?: number) => {
    const entry = spans.get(request);
    if (!entry) return;
    spans.delete(request);
    if (statusCode !== undefined) {
      entry.span.setAttribute('http.response.status_code', statusCode);
      if (statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
    } else {
      entry.span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted' });
    }
    entry.span.end();
  };

  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url ?? '(no route)';
    const appId = (request.params as { appId?: unknown } | undefined)?.appId;
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'herald.request.id': request.id,
          ...(typeof appId === 'string' && { 'herald.app.id': appId }),
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    spans.set(request, { span, active });
    context.with(active, done);
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const entry = spans.get(request);
    if (entry) context.with(entry.active, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request);
    done();
  });
}
