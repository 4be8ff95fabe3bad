// The worker: bundle the workflow code once, run it and the activities on task queue "herald".
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkerPlugin, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker/lib/worker-options';
import { Client, type ClientPlugin } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { createActivities, type ActivityDeps } from '../activities';

export const workflowsPath = require.resolve('../workflows');

/**
 * Bundling takes seconds; do it once per process (or per test run) and share the result. Plugins
 * that add workflow interceptors (tracing's) put their modules in the bundle.
 */
export function bundleWorkflows(plugins: WorkerPlugin[] = []): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, ...(plugins.length > 0 && { plugins }) });
}

export interface WorkerOptions extends Omit<ActivityDeps, 'temporal'> {
  connection: NativeConnection;
  namespace: string;
  workflowBundle: WorkflowBundleOption;
  taskQueue: string;
  /** Workflows kept in the worker's sticky cache (HERALD_WORKFLOW_CACHE_SIZE). */
  maxCachedWorkflows?: number;
  /** Encrypts what the worker writes to Temporal (HERALD_PAYLOAD_KEY); the activities' own client uses it too. */
  payloadCodec?: PayloadCodec;
  /** Tracing's plugin (runtime/tracing.ts), for the worker and the activities' client; the bundle must have been made with it. */
  plugins?: (WorkerPlugin & ClientPlugin)[];
}

export async function createHeraldWorker(options: WorkerOptions): Promise<Worker> {
  const dataConverter = options.payloadCodec ? { payloadCodecs: [options.payloadCodec] } : undefined;
  return Worker.create({
    connection: options.connection,
    ...(dataConverter && { dataConverter }),
    ...(options.plugins && { plugins: options.plugins }),
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle,
    activities: createActivities({
      ...options,
      temporal: { client: new Client({ connection: options.connection, namespace: options.namespace, ...(dataConverter && { dataConverter }), ...(options.plugins && { plugins: options.plugins }) }), taskQueue: options.taskQueue },
    }),
    // Event workflows are short and entity workflows mostly parked: a small cache keeps the busy
    // ones; the rest leave it and live on the server (each cached one costs ~1 MiB of V8 memory).
    maxCachedWorkflows: options.maxCachedWorkflows ?? 250,
    maxConcurrentLocalActivityExecutions: 200,
    maxConcurrentWorkflowTaskExecutions: 100,
  });
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
  log: () => undefined,
};
