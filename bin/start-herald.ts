// Starts Herald's own processes on top of the infrastructure: the worker, the API, or both in
// one process (as `herald dev` does, so that workflow starts are dispatched eagerly to the worker
// sharing the client's connection, saving a round trip per event).
import type { FastifyInstance } from 'fastify';
import { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker/lib/worker-options';
import { createPool, type Pool } from '../db/pool';
import { migrate } from '../db/migrate';
import { resealUnboundSecrets } from '../db/reseal-secrets';
import { createSecretBox } from '../domain/secret-box';
import { createHttpPoster } from '../activities/channels/http-post';
import { createPushSenders } from '../activities/push/senders';
import { buildApp } from '../api/app';
import { createEventStarter } from '../runtime/event-starter';
import { createRecoveryStarter } from '../api/recovery-starter';
import { createOrderedWaker } from '../api/ordered-waker';
import { createPresenceReader } from '../api/presence-reader';
import { createContactReader } from '../api/contact-reader';
import { createStartSweeper } from '../api/start-sweeper';
import { createMetrics, serveMetrics } from '../runtime/metrics';
import { ensureRetentionSchedule } from '../worker/retention-schedule';
import { createBinAwarePoster } from '../activities/channels/bin-aware-poster';
import { createBinsRepository } from '../db/bins-repository';
import { daysToExpiry } from '../domain/push-credentials';
import { createUnstartedEventsRepository } from '../db/unstarted-events-repository';
import { createInFlightGate } from '../runtime/in-flight-gate';
import { createEncryptionCodec, parsePayloadKeys } from '../runtime/payload-encryption';
import { bundleWorkflows, createHeraldWorker } from '../worker/create-worker';
import { registerSearchAttributes } from '../worker/search-attributes';
import type { Tracing } from '../runtime/tracing';
import type { Config } from './config';
import type { Logger } from './logger';


/** Where a worker-only process serves /metrics when HERALD_METRICS_PORT is not set. */
const WORKER_METRICS_PORT = 9464;
export interface HeraldRoles {
  api: boolean;
  worker: boolean;
}

export interface RunningHerald {
  pool: Pool;
  app?: FastifyInstance;
  apiUrl?: string;
  worker?: Worker;
  /** Settles when the worker stops (rejects if it failed). */
  workerDone?: Promise<void>;
  /** A worker-only process's metrics (beside an API they are at its /metrics). */
  metricsUrl?: string;
  stop(): Promise<void>;
}

export async function startHerald(options: {
  config: Config;
  connection: NativeConnection;
  databaseUrl: string;
  encryptionKey: string;
  adminToken: string;
  roles: HeraldRoles;
  workflowBundle?: WorkflowBundleOption;
  log: Logger;
  /** OpenTelemetry tracing (runtime/tracing.ts), when an OTLP endpoint is configured. */
  tracing?: Tracing;
  /** A CA to trust beside Node's, for every outgoing TLS connection (tests' local APNs, FCM, HTTPS receivers, SMTP); production uses NODE_EXTRA_CA_CERTS. */
  extraCa?: string;
}): Promise<RunningHerald> {
  const { config, connection, roles, log } = options;
  // Event data encrypted in Temporal when a payload key is set: the same codec on every client and
  // worker of this process (without a key, one that says so when it meets an encrypted payload).
  const payloadCodec = createEncryptionCodec(config.payloadKey ? parsePayloadKeys(config.payloadKey, config.payloadKeys) : undefined);
  const dataConverter = { payloadCodecs: [payloadCodec] };
  const plugins = options.tracing ? [options.tracing.plugin] : undefined;
  const newClient = () => new Client({ connection, namespace: config.temporalNamespace, dataConverter, ...(plugins && { plugins }) });
  const pool = createPool(options.databaseUrl, { max: 20, log });
  await migrate(pool);
  await registerSearchAttributes(connection, config.temporalNamespace, log);
  const secretBox = createSecretBox(options.encryptionKey);
  await resealUnboundSecrets(pool, secretBox, log);
  const running: RunningHerald = { pool, stop: async () => undefined };
  // API and worker in one process: bound the starts in flight so they keep eager dispatch.
  const gate = roles.api && roles.worker ? createInFlightGate(config.maxEventsInFlight, undefined, config.maxDeliveriesInFlight) : undefined;
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  const metrics = createMetrics({
    ...(gate && { eventsInFlight: () => gate.size }),
    ...(roles.api && {
      credentialDaysToExpiry: async () => {
        const { rows } = await pool.query<{ id: string; platform: string; expires_at: Date }>('SELECT id, platform, expires_at FROM push_credentials WHERE expires_at IS NOT NULL');
        return rows.map((r) => ({ credentialId: r.id, platform: r.platform, days: daysToExpiry(r.expires_at, new Date()) }));
      },
    }),
  });

  // Only the worker delivers; an API-only process needs no HTTP agents.
  const poster = roles.worker
    ? createBinAwarePoster(createHttpPoster({
        allowPrivateTargets: config.allowPrivateTargets,
        timeoutMs: config.webhookTimeoutMs,
        maxResponseBytes: config.maxResponseBytes,
        userAgent: 'Herald-Webhooks/0.1 (+https://www.standardwebhooks.com)',
        ...(options.extraCa && { extraCa: options.extraCa }),
        ...(config.egressProxy && { proxy: config.egressProxy }),
      }), createBinsRepository(pool))
    : undefined;

  const push = roles.worker
    ? createPushSenders({
        origins: { apnsProduction: config.apnsProductionOrigin, apnsSandbox: config.apnsSandboxOrigin, fcm: config.fcmOrigin },
        allowPrivateTargets: config.allowPrivateTargets,
        timeoutMs: config.webhookTimeoutMs,
        ca: options.extraCa,
        ...(config.egressProxy && { proxy: config.egressProxy }),
      })
    : undefined;

  if (roles.worker && poster && push) {
    const workflowBundle = options.workflowBundle ?? (await bundleWorkflows(plugins));
    running.worker = await createHeraldWorker({
      connection,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      maxCachedWorkflows: config.workflowCacheSize,
      workflowBundle,
      pool,
      secretBox,
      poster,
      push,
      allowPrivateTargets: config.allowPrivateTargets,
      ...(config.publicUrl && { publicUrl: config.publicUrl }),
      ...(options.extraCa && { extraCa: options.extraCa }),
      ...(config.egressProxy && { egressProxy: config.egressProxy }),
      log,
      metrics,
      onFirstRound: gate?.done,
      onRouted: gate?.weigh,
      roundBudgetMs: config.roundBudgetMs,
      webhookTimeoutMs: config.webhookTimeoutMs,
      payloadCodec,
      ...(plugins && { plugins }),
    });
    running.workerDone = running.worker.run();
    await ensureRetentionSchedule(newClient(), config.taskQueue).catch((err) =>
      log.error({ err }, 'could not create the retention schedule; it is tried again at the next start'),
    );
  }
  // Metrics without a token on their own port (HERALD_METRICS_PORT, loopback unless
  // HERALD_METRICS_HOST), where a scraper reaches them and tenants do not; on the API port they
  // need the admin token. A worker on its own has no API port: it serves them on 9464 unless told.
  const metricsPort = config.metricsPort ?? (roles.api ? undefined : WORKER_METRICS_PORT);
  if (metricsPort !== undefined) {
    try {
      metricsServer = await serveMetrics(metrics.registry, config.metricsHost, metricsPort);
      running.metricsUrl = metricsServer.url;
    } catch (err) {
      // Deliveries matter more than their counters: Herald runs on, and says why.
      log.error({ err, port: metricsPort }, 'metrics not served (HERALD_METRICS_PORT)');
    }
  }

  let sweeper: ReturnType<typeof createStartSweeper> | undefined;
  let tester: ReturnType<typeof createHttpPoster> | undefined;
  if (roles.api) {
    const client = newClient();
    const starter = createEventStarter(client, { taskQueue: config.taskQueue, eagerStart: roles.worker, gate });
    // The simulator's probes go out from the API under the same policy and limits as deliveries.
    tester = createHttpPoster({
      allowPrivateTargets: config.allowPrivateTargets,
      timeoutMs: config.webhookTimeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      userAgent: 'Herald-Webhooks/0.1 (+https://www.standardwebhooks.com) test',
      ...(config.egressProxy && { proxy: config.egressProxy }),
    });
    const unstarted = createUnstartedEventsRepository(pool);
    sweeper = createStartSweeper({ unstarted, starter, log, everyMs: config.startSweepSeconds * 1000 });
    running.app = await buildApp({
      pool,
      secretBox,
      adminToken: options.adminToken,
      allowPrivateTargets: config.allowPrivateTargets,
      maxEndpointsPerApp: config.maxEndpointsPerApp,
      limits: {
        channelsPerApp: config.maxChannelsPerApp,
        routesPerApp: config.maxRoutesPerApp,
        pushCredentialsPerApp: config.maxPushCredentialsPerApp,
        devicesPerUser: config.maxDevicesPerUser,
        binsPerApp: config.maxBinsPerApp,
      },
      rateLimits: { eventsPerSecond: config.eventsPerSecondPerKey, probesPerMinute: config.probesPerMinutePerKey, binRequestsPerSecond: config.binRequestsPerSecond },
      timeouts: { requestMs: config.requestTimeoutMs, idleMs: config.idleTimeoutMs },
      secretRotationGraceSeconds: config.secretRotationGraceSeconds,
      recoveryStarter: createRecoveryStarter(client, { taskQueue: config.taskQueue }),
      wakeOrdered: createOrderedWaker(client),
      starter,
      unstarted,
      tester,
      metrics,
      ...(config.publicUrl && { publicUrl: config.publicUrl }),
      presence: createPresenceReader(client),
      contacts: createContactReader(client),
      temporalHealth: () => connection.workflowService.getSystemInfo({}),
      ...(config.payloadKey && { payloadCodec }),
      codecCorsOrigins: config.codecCorsOrigins,
      consoleFrameAncestors: config.consoleFrameAncestors,
      tracing: options.tracing !== undefined,
      log,
    });
    running.apiUrl = await running.app.listen({ host: config.apiHost, port: config.apiPort });
    sweeper.start();
  }

  running.stop = async () => {
    await sweeper?.stop();
    await running.app?.close();
    if (running.worker) {
      if (running.worker.getState() === 'RUNNING') running.worker.shutdown();
      await running.workerDone?.catch(() => undefined);
    }
    await metricsServer?.close();
    poster?.close();
    tester?.close();
    push?.close();
    await pool.end();
  };
  return running;
}
