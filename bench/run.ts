// `npm run bench`: Herald's end-to-end rate and latency, beside the Temporal ceiling and direct
// HTTP, all measured in this one run on the same machine (see ../shared/PERFORMANCE.md).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../bin/config';
import { startInfrastructure } from '../bin/infrastructure';
import { createLogger } from '../bin/logger';
import { startHerald } from '../bin/start-herald';
import { createCeilingActivities, postJson } from './ceiling/activities';
import { startBenchReceiver } from './receiver';
import { pool, round } from './stats';
import { cpuSeconds, mainThreadCpuSeconds, ownCpuSeconds, pidsMatching } from './proc-cpu';
import { agent, api, lightLoadResults, measure, measurePacedPair, messageSender, pacedResults } from './measure';
import { runClusterBench } from './cluster';
import { runPresenceBench } from './presence';
import { POLICY_EVENTS_PER_USER, runPolicyBench } from './policy';
import { startSmtpPeer } from '../test/support/channel-peers';
import { runPushBench, startPushPeers } from './push';
import { runChannelsBench } from './channels';
import { runParkedUserBench } from './parked-user';
import { runFanoutBench } from './fanout';
import { runControlsBench } from './controls';
import { startHeraldProcess } from './herald-process';
import { startCollector } from './tracing';
import { generateEncryptionKey } from '../domain/secret-box';
import { bundleWorkflows } from '../worker/create-worker';
import { runTracingBench } from './tracing';
import { createInFlightGate } from '../runtime/in-flight-gate';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const LOW_LOAD_EVENTS = Number(process.env.BENCH_LOW_LOAD_EVENTS ?? 200);
const PRESENCE_USERS = Number(process.env.BENCH_PRESENCE_USERS ?? 10_000);
/** The paced light load: one event every this many ms (BENCH_PACED_INTERVAL_MS). */
const PACED_INTERVAL_MS = Number(process.env.BENCH_PACED_INTERVAL_MS ?? 50);
/** Events in each paced run (BENCH_PACED_EVENTS): a p99 of 200 is the second-worst of them, and moved by half from run to run. */
const PACED_EVENTS = Number(process.env.BENCH_PACED_EVENTS ?? 600);
/** The share of the presence scenario's users who then flap (six events each). */
const PRESENCE_FLAPPING_SHARE = 0.1;
const PUSH_USERS = Number(process.env.BENCH_PUSH_USERS ?? 500);
/** Users of the notification-policy scenario (delayed, cancelled and digested e-mails), beside as many through plain presence. */
const POLICY_USERS = Number(process.env.BENCH_POLICY_USERS ?? 2000);
const EMAILS = Number(process.env.BENCH_EMAILS ?? 500);
/** Endpoints of each fan-out scenario (BENCH_FANOUT, comma-separated; at most HERALD_MAX_ENDPOINTS_PER_APP, 100 by default). */
const FANOUTS = (process.env.BENCH_FANOUT ?? '10,100').split(',').filter(Boolean).map(Number);
/** History lengths at which a parked user's signal is measured (BENCH_PARKED_LENGTHS, comma-separated; empty skips). */
const PARKED_LENGTHS = (process.env.BENCH_PARKED_LENGTHS ?? '100,1000,1900').split(',').filter(Boolean).map(Number);
/** Events of each fan-out scenario (BENCH_FANOUT_EVENTS): the same number of deliveries whatever the fan-out, 20 events at least. */
const FANOUT_DELIVERIES = Number(process.env.BENCH_FANOUT_DELIVERIES ?? EVENTS * 25);
const fanoutEvents = (fanout: number) => Number(process.env.BENCH_FANOUT_EVENTS || Math.max(20, Math.min(EVENTS, Math.round(FANOUT_DELIVERIES / fanout))));
/**
 * The production settings the fan-out and single-event figures are also measured with (BENCH_VARIANTS,
 * comma-separated): plain, codec (HERALD_PAYLOAD_KEY: payloads encrypted), traced (codec, and
 * every trace exported to a collector stand-in). Each is a `herald all` process of its own.
 */
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'plain,codec,traced').split(',').filter(Boolean);
/** BENCH_ONLY: the scenarios to run, comma-separated (main: Herald and the ceiling; direct, light, paced, fanout, presence, policy, parked, push, channels, tracing, controls); all when unset. */
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const wanted = (scenario: string) => !ONLY || ONLY.includes(scenario);
/** Svix's processes (SVIX_PIDS, comma-separated: server, PostgreSQL, Redis), for its CPU per delivery. */
const SVIX_PIDS = (process.env.SVIX_PIDS ?? '').split(',').filter(Boolean).map(Number);
/** Events per turn of the tracing scenario, off and on (BENCH_TRACING_EVENTS; 0 skips it). */
const TRACING_EVENTS = Number(process.env.BENCH_TRACING_EVENTS ?? Math.round(EVENTS / 2));
async function main() {
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  if (process.argv.includes('--cluster')) {
    await runClusterBench({ events: EVENTS, concurrency: CONCURRENCY, lowLoadEvents: LOW_LOAD_EVENTS, pacedEvents: PACED_EVENTS, pacedIntervalMs: PACED_INTERVAL_MS, log: (line) => console.log(line) });
    return;
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'herald-bench-'));
  const config = loadConfig(process.env, {
    dataDir,
    allowPrivateTargets: true,
    apiPort: 0,
    temporalPort: 0,
    postgresPort: 5400 + Math.floor(Math.random() * 500),
    databaseUrl: undefined,
    temporalAddress: undefined,
    adminToken: 'bench-admin-token-0123456789',
    taskQueue: 'herald',
  });
  const log = (line: string) => console.log(line);
  log(`bench: ${EVENTS} events, ${CONCURRENCY} producers; data in ${dataDir}`);
  // Local APNs and FCM for the push scenario; Herald trusts their certificate as it would a CA in NODE_EXTRA_CA_CERTS.
  const peers = await startPushPeers();
  Object.assign(config, { apnsProductionOrigin: peers.apns.origin, apnsSandboxOrigin: peers.apns.origin, fcmOrigin: peers.fcm.origin });
  // BENCH_DEV_SERVER_ARGS: more dev-server flags, to measure a setting against the same run's ceiling.
  const extraServerArgs = process.env.BENCH_DEV_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  if (extraServerArgs.length > 0) log(`dev server also runs with: ${extraServerArgs.join(' ')}`);
  const infra = await startInfrastructure(config, { ui: false, extraServerArgs });
  const herald = await startHerald({ config, ...infra, roles: { api: true, worker: true }, log: createLogger('warn'), extraCa: peers.cert.cert });
  const receiver = await startBenchReceiver();
  const results: Record<string, number> = {};

  try {
    const admin = config.adminToken!;
    const base = herald.apiUrl!;
    // The foundation's path: message.created to one endpoint (no message.offline listener, so no
    // user workflow; the presence scenario below measures that path).
    const postEvent = await messageSender(base, admin, receiver, 'bench', ['message.created']);

    // The Temporal ceiling's worker, on the same server and connection, its own task queue.
    const ceilingQueue = 'bench-ceiling';
    // The ceiling's client bounds its workflows in flight as Herald's API does, so both keep
    // eager dispatch and the ratio measures Herald's own cost.
    const ceilingGate = createInFlightGate(config.maxEventsInFlight);
    const client = new Client({ connection: infra.connection });
    const ceilingWorker = await Worker.create({
      connection: infra.connection,
      taskQueue: ceilingQueue,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./ceiling/workflows'), logger: new DefaultLogger('WARN') }),
      activities: createCeilingActivities(agent, (_url, body) => ceilingGate.done(`ceiling/${JSON.parse(body).id}`), { client, taskQueue: ceilingQueue }),
      // Herald's cache size, for the presence scenario's entity workflows.
      maxCachedWorkflows: config.workflowCacheSize,
    });
    const ceilingRun = ceilingWorker.run();
    /** Starts one of the ceiling's workflows for item `id`, bounded in flight and eagerly, as Herald's API starts an event's. */
    const startCeilingWorkflow = async (type: string, id: string, args: unknown[]) => {
      await ceilingGate.enter(`ceiling/${id}`);
      await client.workflow.start(type, { taskQueue: ceilingQueue, workflowId: `ceiling/${id}`, args, requestEagerStart: true });
    };
    const startCeiling = (id: string) =>
      startCeilingWorkflow('ceilingWorkflow', id, [receiver.url('/ceiling'), JSON.stringify({ id, type: 'message.created', timestamp: new Date().toISOString(), data: {} })]);
    const direct = async (id: string) => {
      await postJson(agent, receiver.url('/direct'), JSON.stringify({ id, type: 'message.created', data: {} }));
    };

    // CPU per event by part: the dev server, PostgreSQL, and this process (Herald's API and
    // worker in Herald's runs, the ceiling's worker in the ceiling's; the producers and the
    // receiver in both).
    const parts: Record<'server' | 'postgres' | 'process' | 'mainThread', () => number> = {
      server: () => cpuSeconds(pidsMatching(path.join(dataDir, 'temporal.db'))),
      postgres: () => cpuSeconds(pidsMatching(path.join(dataDir, 'postgres'))),
      process: ownCpuSeconds,
      mainThread: mainThreadCpuSeconds,
    };
    const cpuPerEvent = async <T>(events: number, run: () => Promise<T>) => {
      const before = (Object.keys(parts) as (keyof typeof parts)[]).map((k) => [k, parts[k]()] as const);
      const result = await run();
      const cpu = Object.fromEntries(before.map(([k, was]) => [k, round(((parts[k]() - was) * 1000) / events)])) as Record<keyof typeof parts, number>;
      return { ...result, cpu, cpuLine: `CPU ms per event: server ${cpu.server}, PostgreSQL ${cpu.postgres}, this process ${cpu.process} (its main thread ${cpu.mainThread})` };
    };

    /** What a `herald all` process of its own needs to run on this run's Temporal and PostgreSQL. */
    const heraldProcessEnv = {
      TEMPORAL_ADDRESS: infra.temporalAddress,
      DATABASE_URL: infra.databaseUrl,
      HERALD_ENCRYPTION_KEY: infra.encryptionKey,
      HERALD_ADMIN_TOKEN: admin,
      HERALD_ALLOW_PRIVATE_TARGETS: '1',
      HERALD_LOG_LEVEL: 'warn',
      HERALD_METRICS_PORT: '0',
    };

    log('warming up');
    await measure(receiver, 100, 8, 1, postEvent);
    await measure(receiver, 100, 8, 1, startCeiling);

    let single = {};
    let main: Awaited<ReturnType<typeof measure>> | undefined;
    let ceiling: Awaited<ReturnType<typeof measure>> | undefined;
    if (wanted('main')) {
      log(`herald: ${EVENTS} events at ${CONCURRENCY} producers`);
      const measured = await cpuPerEvent(EVENTS, () => measure(receiver, EVENTS, CONCURRENCY, 1, postEvent));
      log(`  ${round(measured.perSecond)} events/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms; ${measured.cpuLine}`);

      log(`temporal ceiling: ${EVENTS} workflows at ${CONCURRENCY} producers`);
      const measuredCeiling = await cpuPerEvent(EVENTS, () => measure(receiver, EVENTS, CONCURRENCY, 1, startCeiling));
      log(`  ${round(measuredCeiling.perSecond)} workflows/s, p50 ${measuredCeiling.p50} ms, p99 ${measuredCeiling.p99} ms; ${measuredCeiling.cpuLine}`);
      log(`  herald ÷ ceiling: ${round(measured.perSecond / measuredCeiling.perSecond, 2)}`);
      [main, ceiling] = [measured, measuredCeiling];
      single = {
        eventsPerSecond: round(measured.perSecond),
        p50Ms: measured.p50,
        p99Ms: measured.p99,
        temporalCeilingEventsPerSecond: round(measuredCeiling.perSecond),
        ratioToCeiling: round(measured.perSecond / measuredCeiling.perSecond, 2),
        cpuMsPerEventServer: measured.cpu.server,
        cpuMsPerEventPostgres: measured.cpu.postgres,
        cpuMsPerEventProcess: measured.cpu.process,
        cpuMsPerEventMainThread: measured.cpu.mainThread,
        ceilingCpuMsPerEventServer: measuredCeiling.cpu.server,
        ceilingCpuMsPerEventPostgres: measuredCeiling.cpu.postgres,
        ceilingCpuMsPerEventProcess: measuredCeiling.cpu.process,
        ceilingCpuMsPerEventMainThread: measuredCeiling.cpu.mainThread,
        ceilingP50Ms: measuredCeiling.p50,
        ceilingP99Ms: measuredCeiling.p99,
      };
    }

    if (wanted('direct')) {
      log(`direct HTTP: ${EVENTS} POSTs at ${CONCURRENCY} producers`);
      const directResult = await measure(receiver, EVENTS, CONCURRENCY, 1, direct);
      log(`  ${round(directResult.perSecond)} POSTs/s`);
      Object.assign(single, { directEventsPerSecond: round(directResult.perSecond) });
    }

    if (wanted('light')) {
      log(`herald at light load: ${LOW_LOAD_EVENTS} events at 2 producers`);
      const light = await measure(receiver, LOW_LOAD_EVENTS, 2, 1, postEvent);
      log(`  p50 ${light.p50} ms, p99 ${light.p99} ms (API answered in ${light.answerP50} ms at p50)`);

      log(`temporal ceiling at light load: ${LOW_LOAD_EVENTS} workflows at 2 producers`);
      const lightCeiling = await measure(receiver, LOW_LOAD_EVENTS, 2, 1, startCeiling);
      log(`  p50 ${lightCeiling.p50} ms, p99 ${lightCeiling.p99} ms (start answered in ${lightCeiling.answerP50} ms at p50)`);
      Object.assign(single, { ...lightLoadResults({ light, lightCeiling }), lightLoadApiAnswerP50Ms: light.answerP50 });
    }

    if (wanted('paced')) {
      // Truly light: one event every PACED_INTERVAL_MS. At 2 producers back to back this box's two
      // cores are already busy (each event costs tens of ms of CPU across the processes). Herald and
      // the ceiling take turns in one stream, so that both meet the same hiccups of the box.
      log(`paced, herald and the temporal ceiling taking turns: ${PACED_EVENTS} events each, one every ${PACED_INTERVAL_MS} ms in all`);
      const [paced, pacedCeiling] = await measurePacedPair(receiver, PACED_EVENTS, PACED_INTERVAL_MS, postEvent, startCeiling);
      log(`  herald  p50 ${paced.p50} ms, p99 ${paced.p99} ms (API answered in ${paced.answerP50} ms at p50)`);
      log(`  ceiling p50 ${pacedCeiling.p50} ms, p99 ${pacedCeiling.p99} ms (start answered in ${pacedCeiling.answerP50} ms at p50)`);
      Object.assign(single, pacedResults({ paced, pacedCeiling }));
    }

    const fanouts: Record<string, number> = {};
    if (wanted('fanout')) {
      const svix = process.env.SVIX_URL ? { url: process.env.SVIX_URL, token: process.env.SVIX_TOKEN ?? '', pids: SVIX_PIDS } : undefined;
      const collector = await startCollector();
      const variantEnv: Record<string, Record<string, string>> = {
        plain: {},
        codec: { HERALD_PAYLOAD_KEY: generateEncryptionKey() },
        traced: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_SERVICE_NAME: 'herald-bench' },
      };
      variantEnv.traced = { ...variantEnv.codec, ...variantEnv.traced };
      try {
        for (const variant of VARIANTS) {
          if (!variantEnv[variant]) throw new Error(`BENCH_VARIANTS: no variant ${variant} (plain, codec, traced)`);
          log(`herald all as a process of its own, ${variant}${variant === 'plain' ? '' : ` (${Object.keys(variantEnv[variant]).join(', ')})`}`);
          const hp = await startHeraldProcess(
            { ...heraldProcessEnv, HERALD_TASK_QUEUE: `bench-${variant}`, ...variantEnv[variant] },
            20000 + Math.floor(Math.random() * 40000),
          );
          try {
            // CPU by process: the Temporal server, PostgreSQL, Herald's process, and the bench's own (producers and receiver).
            const cpuParts = { server: parts.server, postgres: parts.postgres, herald: hp.cpu, bench: parts.process };
            const key = variant === 'plain' ? '' : variant;
            const name = (field: string) => (key ? `${key}${field[0].toUpperCase()}${field.slice(1)}` : field);
            {
              const send = await messageSender(hp.url, admin, receiver, `bench-single-${variant}`, ['message.created']);
              await measure(receiver, 100, 8, 1, send);
              log(`  single events: ${EVENTS} at ${CONCURRENCY} producers`);
              const single = await measure(receiver, EVENTS, CONCURRENCY, 1, send);
              log(`    ${round(single.perSecond)} events/s, p50 ${single.p50} ms, p99 ${single.p99} ms`);
              fanouts[name('processEventsPerSecond')] = round(single.perSecond);
            }
            for (const fanout of FANOUTS) {
              const events = fanoutEvents(fanout);
              const withSvix = variant === 'plain' && svix ? { svix: { ...svix, messages: events } } : {};
              const r = await runFanoutBench({ base: hp.url, adminToken: admin, receiver, fanout, events, concurrency: CONCURRENCY, cpuParts, slowTasks: hp.slowTasks, log, ...withSvix });
              const field = (f: string) => name(`fanout${fanout}${f}`);
              Object.assign(fanouts, {
                [field('DeliveriesPerSecond')]: r.herald.deliveriesPerSecond,
                [field('CpuMsPerDeliveryServer')]: r.herald.cpuMsPerDelivery.server,
                [field('CpuMsPerDeliveryPostgres')]: r.herald.cpuMsPerDelivery.postgres,
                [field('CpuMsPerDeliveryHerald')]: r.herald.cpuMsPerDelivery.herald,
                [field('CpuMsPerDeliveryAll')]: r.herald.cpuMsPerDeliveryAll,
                [field('SlowWorkflowTasks')]: r.herald.slowWorkflowTasks,
                ...(r.svix && {
                  [field('SvixDeliveriesPerSecond')]: r.svix.deliveriesPerSecond,
                  [field('RatioToSvix')]: r.svix.ratio,
                  ...(r.svix.cpuMsPerDelivery !== undefined && { [field('SvixCpuMsPerDelivery')]: r.svix.cpuMsPerDelivery }),
                }),
              });
              // The fields earlier runs printed: the first fan-out of the list (10 by default), plain.
              if (variant === 'plain' && fanout === FANOUTS[0]) {
                Object.assign(fanouts, {
                  fanoutDeliveriesPerSecond: r.herald.deliveriesPerSecond,
                  fanout,
                  ...(main && { fanoutRatio: round(r.herald.deliveriesPerSecond / main.perSecond, 2) }),
                  ...(r.svix && { svixFanout: fanout, svixFanoutDeliveriesPerSecond: r.svix.deliveriesPerSecond, fanoutRatioToSvix: r.svix.ratio }),
                });
              }
            }
          } finally {
            await hp.stop();
          }
        }
        // What each production setting costs, beside the plain process measured in this run.
        for (const variant of VARIANTS.filter((v) => v !== 'plain')) {
          const ratios = [
            ...(fanouts.processEventsPerSecond ? [['single events', fanouts[`${variant}ProcessEventsPerSecond`] / fanouts.processEventsPerSecond]] : []),
            ...FANOUTS.filter(() => VARIANTS.includes('plain')).map((f) => [`fan-out ${f}`, fanouts[`${variant}Fanout${f}DeliveriesPerSecond`] / fanouts[`fanout${f}DeliveriesPerSecond`]]),
          ] as [string, number][];
          if (ratios.length > 0) log(`${variant} ÷ plain: ${ratios.map(([what, r]) => `${what} ${round(r, 2)}`).join(', ')}`);
          for (const [what, r] of ratios) fanouts[`${variant}RatioToPlain${what === 'single events' ? 'SingleEvents' : `Fanout${what.slice('fan-out '.length)}`}`] = round(r, 2);
        }
      } finally {
        await collector.close();
      }
    }

    let presence = {};
    if (PRESENCE_USERS > 0 && wanted('presence')) {
      const presenceApp = (await api('POST', `${base}/v1/apps`, admin, { name: 'bench-presence', settings: { offlineSuppressionSeconds: 300 } })).body;
      await api('POST', `${base}/v1/apps/${presenceApp.id}/endpoints`, presenceApp.apiKey, { url: receiver.url('/presence'), events: ['*'] });
      const presenceEvents = PRESENCE_USERS * 2 + Math.round(PRESENCE_USERS * PRESENCE_FLAPPING_SHARE) * 6;
      // The same scenario for Herald and for its ceiling below; only how an event is sent differs.
      const scenario = { client, users: PRESENCE_USERS, flappingShare: PRESENCE_FLAPPING_SHARE, concurrency: CONCURRENCY, log };
      const measured = await cpuPerEvent(presenceEvents, () => runPresenceBench({
        ...scenario,
        post: async (id, type, data) => {
          const res = await api('POST', `${base}/v1/apps/${presenceApp.id}/events`, presenceApp.apiKey, { id, type, data });
          if (res.status !== 202) throw new Error(`event refused: ${res.status} ${JSON.stringify(res.body)}`);
        },
      }));
      log(`  presence, both parts: ${measured.cpuLine}`);

      // The same scenario through the shape's own ceiling (ceilingPresenceWorkflow): what two
      // workflows per event, with nothing else in them, get from this box in this run.
      log('presence ceiling: the same scenario, a minimal workflow per event signalling a minimal entity workflow per user');
      const shape = await cpuPerEvent(presenceEvents, () => runPresenceBench({
        ...scenario,
        workflowTypes: { event: 'ceilingPresenceWorkflow', entity: 'ceilingEntityWorkflow' },
        post: (id, type, data) =>
          startCeilingWorkflow('ceilingPresenceWorkflow', id, [
            receiver.url('/presence-ceiling'),
            JSON.stringify({ id, type, timestamp: new Date().toISOString(), data }),
            `ceiling-user/${String(data.userId ?? data.to)}`,
          ]),
      }));
      log(`  presence ceiling, both parts: ${shape.cpuLine}`);
      const ratio = (herald: number, ceilingRate: number) => round(herald / ceilingRate, 2);
      log(
        `  herald ÷ presence ceiling: ${ratio(measured.presenceRegisterEventsPerSecond, shape.presenceRegisterEventsPerSecond)} online/offline, ` +
          `${ratio(measured.presenceFlapEventsPerSecond, shape.presenceFlapEventsPerSecond)} flapping; ` +
          (ceiling ? `presence ceiling ÷ temporal ceiling: ${ratio(shape.presenceRegisterEventsPerSecond, ceiling.perSecond)}, ${ratio(shape.presenceFlapEventsPerSecond, ceiling.perSecond)}` : ''),
      );
      const { cpu, cpuLine: _line, ...rest } = measured;
      presence = {
        ...rest,
        presenceCpuMsPerEventServer: cpu.server,
        presenceCpuMsPerEventPostgres: cpu.postgres,
        presenceCpuMsPerEventProcess: cpu.process,
        presenceCeilingRegisterEventsPerSecond: shape.presenceRegisterEventsPerSecond,
        presenceCeilingFlapEventsPerSecond: shape.presenceFlapEventsPerSecond,
        presenceCeilingCpuMsPerEventServer: shape.cpu.server,
        presenceCeilingCpuMsPerEventProcess: shape.cpu.process,
        presenceRegisterRatioToPresenceCeiling: ratio(measured.presenceRegisterEventsPerSecond, shape.presenceRegisterEventsPerSecond),
        presenceFlapRatioToPresenceCeiling: ratio(measured.presenceFlapEventsPerSecond, shape.presenceFlapEventsPerSecond),
        ...(ceiling && {
          presenceRegisterRatioToCeiling: ratio(measured.presenceRegisterEventsPerSecond, ceiling.perSecond),
          presenceFlapRatioToCeiling: ratio(measured.presenceFlapEventsPerSecond, ceiling.perSecond),
        }),
      };
    }
    let controls = {};
    if (wanted('controls')) {
      controls = await runControlsBench({ base, adminToken: admin, receiver, events: EVENTS, concurrency: CONCURRENCY, startCeiling, cpuPerEvent, log });
    }

    ceilingWorker.shutdown();
    await ceilingRun;

    let policy = {};
    if (POLICY_USERS > 0 && wanted('policy')) {
      log(`notification policy: ${POLICY_USERS} offline users, two messages each and a read of the first; e-mail delayed 2 s unless read, and a digest of 3 s`);
      const smtp = await startSmtpPeer();
      try {
        const appWith = async (name: string) => {
          const app = (await api('POST', `${base}/v1/apps`, admin, { name, settings: { offlineSuppressionSeconds: 300 } })).body;
          await api('POST', `${base}/v1/apps/${app.id}/endpoints`, app.apiKey, { url: receiver.url(`/${name}`), events: ['*'] });
          const post = async (id: string, type: string, data: Record<string, unknown>) => {
            const res = await api('POST', `${base}/v1/apps/${app.id}/events`, app.apiKey, { id, type, data });
            if (res.status !== 202) throw new Error(`event refused: ${res.status} ${JSON.stringify(res.body)}`);
          };
          return { app, post };
        };
        const plain = await appWith('bench-policy-plain');
        const held = await appWith('bench-policy');
        const mail = (await api('POST', `${base}/v1/apps/${held.app.id}/channels`, held.app.apiKey, { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'bench@example.com' } })).body;
        for (const rule of [{ delaySeconds: 2, cancelOn: ['message.read'] }, { digestSeconds: 3 }]) {
          const res = await api('POST', `${base}/v1/apps/${held.app.id}/routes`, held.app.apiKey, { events: ['message.created'], channelId: mail.id, recipient: 'user', template: { text: '{{digest.items}}' }, ...rule });
          if (res.status !== 201) throw new Error(`policy route refused: ${res.status} ${JSON.stringify(res.body)}`);
        }
        // Each user's address: the held sends read it when they go.
        await pool(POLICY_USERS, CONCURRENCY, async (i) => {
          await api('PUT', `${base}/v1/apps/${held.app.id}/users/policy-u${i}`, held.app.apiKey, { email: `policy-u${i}@example.com` });
        });
        const events = POLICY_USERS * POLICY_EVENTS_PER_USER;
        const scenario = { client, users: POLICY_USERS, concurrency: CONCURRENCY, log };
        const plainRun = await cpuPerEvent(events, () => runPolicyBench({ ...scenario, label: 'plain presence', post: plain.post }));
        log(`  plain presence: ${plainRun.cpuLine}`);
        const heldRun = await cpuPerEvent(events, () =>
          runPolicyBench({ ...scenario, label: 'with the policy', post: held.post, mails: () => smtp.messages.length, expectedMails: 2 * POLICY_USERS, userId: (i) => `policy-u${i}` }),
        );
        log(`  with the policy: ${heldRun.cpuLine}`);
        log(`  policy ÷ plain presence: ${round(heldRun.eventsPerSecond / plainRun.eventsPerSecond, 2)} events/s`);
        policy = {
          policyUsers: POLICY_USERS,
          policyEventsPerSecond: heldRun.eventsPerSecond,
          policySendsSeconds: heldRun.sendsSeconds,
          policyCpuMsPerEventServer: heldRun.cpu.server,
          policyCpuMsPerEventPostgres: heldRun.cpu.postgres,
          policyCpuMsPerEventProcess: heldRun.cpu.process,
          policyPlainEventsPerSecond: plainRun.eventsPerSecond,
          policyPlainCpuMsPerEventServer: plainRun.cpu.server,
          policyPlainCpuMsPerEventPostgres: plainRun.cpu.postgres,
          policyPlainCpuMsPerEventProcess: plainRun.cpu.process,
          policyRatioToPlain: round(heldRun.eventsPerSecond / plainRun.eventsPerSecond, 2),
        };
      } finally {
        await smtp.close();
      }
    }

    let parked = {};
    if (PARKED_LENGTHS.length > 0 && wanted('parked')) {
      log(`parked user: the cost of a signal to a user workflow that left the cache, by history length`);
      const parkedApp = (await api('POST', `${base}/v1/apps`, admin, { name: 'bench-parked' })).body;
      parked = await runParkedUserBench({ client, taskQueue: config.taskQueue, appId: parkedApp.id, workflowBundle: await bundleWorkflows(), lengths: PARKED_LENGTHS, maxHistoryEvents: Number(process.env.BENCH_PARKED_MAX_HISTORY) || undefined, log });
    }

    let push = {};
    if (PUSH_USERS > 0 && wanted('push')) {
      const pushApp = (await api('POST', `${base}/v1/apps`, admin, { name: 'bench-push', settings: { offlineSuppressionSeconds: 300 } })).body;
      await api('POST', `${base}/v1/apps/${pushApp.id}/endpoints`, pushApp.apiKey, { url: receiver.url('/push'), events: ['message.offline'] });
      push = await runPushBench({
        client,
        users: PUSH_USERS,
        concurrency: CONCURRENCY,
        peers,
        cert: peers.cert,
        log,
        post: async (path, body) => {
          const res = await api('POST', `${base}/v1/apps/${pushApp.id}${path}`, pushApp.apiKey, body);
          if (res.status >= 300) throw new Error(`push set-up refused: ${path} ${res.status} ${JSON.stringify(res.body)}`);
        },
      });
    }

    let channels = {};
    if (EMAILS > 0 && wanted('channels')) {
      const mailApp = (await api('POST', `${base}/v1/apps`, admin, { name: 'bench-channels' })).body;
      channels = await runChannelsBench({
        emails: EMAILS,
        concurrency: CONCURRENCY,
        log,
        post: async (path, body) => {
          const res = await api('POST', `${base}/v1/apps/${mailApp.id}${path}`, mailApp.apiKey, body);
          if (res.status >= 300) throw new Error(`channels: ${path} refused: ${res.status} ${JSON.stringify(res.body)}`);
          return res.body;
        },
      });
    }

    let tracing = {};
    if (TRACING_EVENTS > 0 && wanted('tracing')) {
      log(`tracing: herald all with traces exported (every trace sampled) against one without, ${TRACING_EVENTS} events a turn at ${CONCURRENCY} producers`);
      tracing = await runTracingBench({
        env: heraldProcessEnv,
        ports: [20000 + Math.floor(Math.random() * 20000), 40000 + Math.floor(Math.random() * 20000)],
        receiver,
        events: TRACING_EVENTS,
        concurrency: CONCURRENCY,
        adminToken: admin,
        log,
      });
    }

    Object.assign(results, {
      ...single,
      ...fanouts,
      ...presence,
      ...policy,
      ...parked,
      ...push,
      ...channels,
      ...tracing,
      ...controls,
      events: EVENTS,
      concurrency: CONCURRENCY,
    });
  } finally {
    await herald.stop();
    await infra.stop();
    await receiver.close();
    await peers.close();
    agent.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
