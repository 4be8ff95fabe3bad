// A time-skipping Temporal test server with a worker running Herald's bundled workflows and its
// real activities (PostgreSQL, HTTP), for workflow tests whose timers span hours or days.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { createSecretBox, type SecretBox } from '../../domain/secret-box';
import { createActivities } from '../../activities';
import { createHttpPoster } from '../../activities/channels/http-post';
import { createPushSenders } from '../../activities/push/senders';
import type { HostLookup } from '../../activities/channels/safe-lookup';
import { temporalTestServerExecutable } from '../../bin/temporal-binaries';
import { testEnv } from './herald';
import { memoryLog, type MemoryLog } from './log';

export interface TimeSkippingWorker {
  env: TestWorkflowEnvironment;
  pool: Pool;
  box: SecretBox;
  taskQueue: string;
  /** What the activities logged. */
  logged: MemoryLog;
  stop(): Promise<void>;
}

export async function startTimeSkippingWorker(
  options: { allowPrivateTargets?: boolean; lookup?: HostLookup; push?: { origin: string; ca: string } } = {},
): Promise<TimeSkippingWorker> {
  const pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  const box = createSecretBox(testEnv().encryptionKey);
  const poster = createHttpPoster({
    allowPrivateTargets: options.allowPrivateTargets ?? true,
    lookup: options.lookup,
    timeoutMs: 2000,
    maxResponseBytes: 1024,
    userAgent: 'test',
  });
  const taskQueue = `ts-${randomUUID()}`;
  const push = createPushSenders({
    origins: options.push
      ? { apnsProduction: options.push.origin, apnsSandbox: options.push.origin, fcm: options.push.origin }
      : { apnsProduction: 'https://127.0.0.1:1', apnsSandbox: 'https://127.0.0.1:1', fcm: 'https://127.0.0.1:1' },
    ...(options.push && { ca: options.push.ca }),
    allowPrivateTargets: options.allowPrivateTargets ?? true,
    timeoutMs: 2000,
  });
  const logged = memoryLog();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: temporalTestServerExecutable() } });
  // The activities' client shares the worker's connection, as createHeraldWorker's does (eager starts need it).
  const activitiesClient = new Client({ connection: env.nativeConnection });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: testEnv().bundlePath },
    activities: createActivities({ pool, secretBox: box, poster, push, allowPrivateTargets: options.allowPrivateTargets ?? true, lookup: options.lookup, log: logged.log, temporal: { client: activitiesClient, taskQueue } }),
  });
  const running = worker.run();
  return {
    env,
    pool,
    box,
    taskQueue,
    logged,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      poster.close();
      push.close();
      await pool.end();
    },
  };
}
