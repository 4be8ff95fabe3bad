// OpenTelemetry traces, configured by the standard OTEL_* variables: OTEL_EXPORTER_OTLP_ENDPOINT
// (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) turns them on, OTEL_EXPORTER_OTLP_PROTOCOL picks
// http/protobuf (the specification's default), http/json or grpc, OTEL_SERVICE_NAME names the
// service ("herald" otherwise), OTEL_TRACES_SAMPLER samples (parentbased_always_on otherwise), and
// the exporters read their own variables (headers, timeouts, compression). With no endpoint set
// nothing is registered: the API's tracers are no-ops and Temporal's interceptors are not installed.
//
// A trace runs from the API's request (a producer's `traceparent` is continued) through Temporal's
// OpenTelemetry plugin (client, workflow and activity interceptors; workflow spans leave the sandbox
// through a sink) to Herald's own spans for each attempt and outgoing request (runtime/spans.ts),
// and on to the receiver in the webhook's `traceparent`.
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { envDetectorSync, Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

export interface Tracing {
  /** Temporal's OpenTelemetry plugin, for Herald's clients, worker and workflow bundle. */
  plugin: OpenTelemetryPlugin;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

export class TracingConfigError extends Error {}

/** Undefined when tracing is off (no endpoint, or OTEL_TRACES_EXPORTER=none). */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_TRACES_EXPORTER === 'none' || env.OTEL_SDK_DISABLED === 'true') return undefined;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    const variable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
    throw new TracingConfigError(`${variable}=${protocol}: one of ${PROTOCOLS.join(', ')}`);
  }
  const exporter: SpanExporter = protocol === 'http/json' ? new HttpJsonExporter() : protocol === 'grpc' ? new GrpcExporter() : new HttpProtobufExporter();
  const resource = Resource.default().merge(new Resource({ 'service.name': 'herald' })).merge(envDetectorSync.detect());
  const processor: SpanProcessor = new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  // Active spans follow async calls (AsyncLocalStorage). W3C trace context only: a producer's
  // baggage is not carried on to receivers, who may not be the producer's to tell.
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  return {
    plugin: new OpenTelemetryPlugin({ resource, spanProcessor: processor }),
    shutdown: () => provider.shutdown(),
  };
}
