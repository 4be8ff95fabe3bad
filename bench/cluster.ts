// `npm run bench -- --cluster`: Herald on the real Temporal server (`npm run cluster`'s shape,
// its binaries built once), with 1 worker and then 2, beside that server's minimal-workflow
// ceiling in the same run; and the CPU each part spends per event, read from /proc, so that what
// more cores would carry can be worked out on paper.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { cachedClusterBinaries, clusterCacheDir } from '../bin/cluster/binaries';
import { startCluster } from '../bin/cluster/start-cluster';
import { generateEncryptionKey } from '../domain/secret-box';
import { createInFlightGate } from '../runtime/in-flight-gate';
import { createCeilingActivities } from './ceiling/activities';
import { startBenchReceiver } from './receiver';
import { agent, api, latencyResults, measure, measurePacedPair } from './measure';
import { round } from './stats';
import { cpuSeconds, ownCpuSeconds, pidsMatching } from './proc-cpu';

export async function runClusterBench(options: { events: number; concurrency: number; lowLoadEvents: number; pacedEvents: number; pacedIntervalMs: number; log: (line: string) => void }) {
  const { events, concurrency, log } = options;
  const binaries = cachedClusterBinaries(clusterCacheDir());
  if (!binaries) throw new Error('the Temporal server is not built: run `npm run cluster` once (it builds and caches it)');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'herald-bench-cluster-'));
  const temporalPort = 20_000 + Math.floor(Math.random() * 12_000);
  const admin = 'bench-admin-token-0123456789';
  log(`bench --cluster: ${events} events, ${concurrency} producers; the real Temporal server on PostgreSQL; data in ${dataDir}`);
  const cluster = await startCluster({
    binaries,
    dataDir,
    postgresPort: 25_000 + Math.floor(Math.random() * 1000),
    temporalPort,
    apiPorts: [26_000 + Math.floor(Math.random() * 1000), 27_000 + Math.floor(Math.random() * 1000)],
    workers: 2,
    metricsPort: 28_000 + Math.floor(Math.random() * 1000),
    uiPort: 0,
    encryptionKey: generateEncryptionKey(),
    adminToken: admin,
    allowPrivateTargets: true,
    // BENCH_CLUSTER_SERVER_ENV ("GOGC=100 …"): the server's environment over the cluster's own, to measure a setting.
    serverEnv: Object.fromEntries((process.env.BENCH_CLUSTER_SERVER_ENV ?? '').split(' ').filter(Boolean).map((kv) => kv.split('=', 2) as [string, string])),
    log,
  });
  const receiver = await startBenchReceiver();
  const results: Record<string, number> = {};
  try {
    const base = cluster.apiUrls[0];
    const app = (await api('POST', `${base}/v1/apps`, admin, { name: 'bench-cluster' })).body;
    await api('POST', `${base}/v1/apps/${app.id}/endpoints`, app.apiKey, { url: receiver.url(), events: ['message.created'] });
    /** A producer spreading its events over these API processes, as a balancer would. */
    const postingTo = (urls: string[]) => {
      let next = 0;
      return async (id: string) => {
        const url = urls[next++ % urls.length];
        const res = await api('POST', `${url}/v1/apps/${app.id}/events`, app.apiKey, { id, type: 'message.created', data: { messageId: id, from: 'alice', to: 'bob', kind: 'text', body: 'hello' } });
        if (res.status !== 202) throw new Error(`event refused: ${res.status} ${JSON.stringify(res.body)}`);
      };
    };
    const postEvent = postingTo(cluster.apiUrls);
    const serverPid = () => [cluster.temporalServer!.child()!.pid!];
    const apiPids = () => cluster.apis.map((a) => a.child()!.pid!);
    const workerPids = () => cluster.workers.map((w) => w.child()?.pid).filter((p): p is number => p !== undefined && p > 0);

    /** A measured run with the CPU each part used per event. */
    async function run(label: string, send: (id: string) => Promise<void>, total: number, producers: number, extraCpu: () => number = () => 0, intervalMs = 0, extraName = 'ceiling worker') {
      const parts = { server: serverPid, api: apiPids, worker: workerPids, postgres: () => pidsMatching(path.join(dataDir, 'postgres')) };
      const before = Object.fromEntries(Object.entries(parts).map(([k, pids]) => [k, cpuSeconds(pids())]));
      const extraBefore = extraCpu();
      const m = await measure(receiver, total, producers, 1, send, intervalMs);
      const cpu = Object.fromEntries(Object.entries(parts).map(([k, pids]) => [k, round(((cpuSeconds(pids()) - before[k]) * 1000) / total)]));
      const extra = round(((extraCpu() - extraBefore) * 1000) / total);
      log(`  ${label}: ${round(m.perSecond)} events/s, p50 ${m.p50} ms, p99 ${m.p99} ms (answered in ${m.answerP50} ms at p50); CPU ms per event: server ${cpu.server}, API ${cpu.api}, worker ${cpu.worker}, PostgreSQL ${cpu.postgres}${extra ? `, ${extraName} ${extra}` : ''}`);
      return { ...m, cpu, extra };
    }

    // The minimal workflow on the same server: one workflow, one local activity POSTing once.
    const connection = await NativeConnection.connect({ address: cluster.temporalAddress });
    const ceilingGate = createInFlightGate(32);
    const ceilingWorker = await Worker.create({
      connection,
      namespace: cluster.namespace,
      taskQueue: 'bench-ceiling',
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./ceiling/workflows'), logger: new DefaultLogger('WARN') }),
      activities: createCeilingActivities(agent, (_url, body) => ceilingGate.done(`ceiling/${JSON.parse(body).id}`)),
    });
    const ceilingRun = ceilingWorker.run();
    const client = new Client({ connection, namespace: cluster.namespace });
    const startCeiling = async (id: string) => {
      const body = JSON.stringify({ id, type: 'message.created', timestamp: new Date().toISOString(), data: {} });
      await ceilingGate.enter(`ceiling/${id}`);
      await client.workflow.start('ceilingWorkflow', { taskQueue: 'bench-ceiling', workflowId: `ceiling/${id}`, args: [receiver.url('/ceiling'), body], requestEagerStart: true });
    };
    log('warming up');
    await measure(receiver, 100, 8, 1, postEvent);
    await measure(receiver, 100, 8, 1, startCeiling);

    log('herald, 1 worker');
    await cluster.workers[1].kill('SIGTERM');
    const one = await run('1 worker', postEvent, events, concurrency);
    log('herald, 2 workers');
    await cluster.workers[1].start();
    const two = await run('2 workers', postEvent, events, concurrency);
    log('temporal ceiling (1 worker, in the bench process)');
    const ceiling = await run('ceiling', startCeiling, events, concurrency, ownCpuSeconds);
    log('light load: 2 producers');
    const light = await run('herald, light load', postEvent, options.lowLoadEvents, 2);
    const lightCeiling = await run('ceiling, light load', startCeiling, options.lowLoadEvents, 2, ownCpuSeconds);
    log(`paced: one event every ${options.pacedIntervalMs} ms`);
    const paced = await run('herald, paced', postEvent, options.pacedEvents, 4, () => 0, options.pacedIntervalMs);
    const pacedCeiling = await run('ceiling, paced', startCeiling, options.pacedEvents, 4, ownCpuSeconds, options.pacedIntervalMs);

    // The API-only processes above cannot start a workflow eagerly: its first task goes through
    // the server's task queue to a worker. `herald all` runs a worker beside the API, so the first
    // task comes back with the start. The same light loads, through one such process added.
    log('herald all (API and worker in one process), added beside the others');
    const allPort = 29_000 + Math.floor(Math.random() * 1000);
    const all = await cluster.addHerald('all', 'herald-all-1', allPort);
    const postToAll = postingTo([`http://127.0.0.1:${allPort}`]);
    await measure(receiver, 50, 2, 1, postToAll);
    const allCpu = () => cpuSeconds([all.child()!.pid!]);
    const lightAll = await run('herald all, light load', postToAll, options.lowLoadEvents, 2, allCpu, 0, 'herald all');
    const pacedAll = await run('herald all, paced', postToAll, options.pacedEvents, 4, allCpu, options.pacedIntervalMs, 'herald all');
    // The same paced load with the ceiling taking turns in one stream: both meet the same hiccups.
    const [pairAll, pairCeiling] = await measurePacedPair(receiver, options.pacedEvents, options.pacedIntervalMs, postToAll, startCeiling);
    log(`  herald all and the ceiling taking turns, paced: herald all p50 ${pairAll.p50} ms, p99 ${pairAll.p99} ms; ceiling p50 ${pairCeiling.p50} ms, p99 ${pairCeiling.p99} ms`);

    // The other shape for production: two `herald all` processes alone (the worker-only ones
    // stopped), each bounding its starts in flight, saturated as above.
    log('2 herald all processes alone (the API-only ones idle, the workers stopped), saturated');
    const allPort2 = 30_000 + Math.floor(Math.random() * 1000);
    const all2 = await cluster.addHerald('all', 'herald-all-2', allPort2);
    for (const w of cluster.workers) await w.kill('SIGTERM');
    const postToAlls = postingTo([allPort, allPort2].map((p) => `http://127.0.0.1:${p}`));
    await measure(receiver, 100, 8, 1, postToAlls);
    const twoAll = await run('2 herald all', postToAlls, events, concurrency, () => cpuSeconds([all.child()!.pid!, all2.child()!.pid!]), 0, 'herald all');
    await all.kill('SIGTERM');
    await all2.kill('SIGTERM');
    ceilingWorker.shutdown();
    await ceilingRun;
    await connection.close();

    Object.assign(results, {
      oneWorkerEventsPerSecond: round(one.perSecond),
      twoWorkersEventsPerSecond: round(two.perSecond),
      ceilingEventsPerSecond: round(ceiling.perSecond),
      ratioOneWorkerToCeiling: round(one.perSecond / ceiling.perSecond, 2),
      ratioTwoWorkersToCeiling: round(two.perSecond / ceiling.perSecond, 2),
      oneWorkerP50Ms: one.p50,
      oneWorkerP99Ms: one.p99,
      twoWorkersP50Ms: two.p50,
      twoWorkersP99Ms: two.p99,
      ...latencyResults({ ceiling, light, lightCeiling, paced, pacedCeiling }),
      allLightLoadP50Ms: lightAll.p50,
      allLightLoadP99Ms: lightAll.p99,
      allPacedP50Ms: pacedAll.p50,
      allPacedP99Ms: pacedAll.p99,
      allPacedTakingTurnsP50Ms: pairAll.p50,
      allPacedTakingTurnsP99Ms: pairAll.p99,
      ceilingPacedTakingTurnsP50Ms: pairCeiling.p50,
      ceilingPacedTakingTurnsP99Ms: pairCeiling.p99,
      twoAllEventsPerSecond: round(twoAll.perSecond),
      ratioTwoAllToCeiling: round(twoAll.perSecond / ceiling.perSecond, 2),
      twoAllP50Ms: twoAll.p50,
      twoAllP99Ms: twoAll.p99,
      cpuMsPerEventServer: two.cpu.server,
      cpuMsPerEventApi: two.cpu.api,
      cpuMsPerEventWorker: two.cpu.worker,
      cpuMsPerEventPostgres: two.cpu.postgres,
      ceilingCpuMsPerEventServer: ceiling.cpu.server,
      ceilingCpuMsPerEventWorker: ceiling.extra,
      ceilingCpuMsPerEventPostgres: ceiling.cpu.postgres,
    });
    console.log(JSON.stringify({ ...results, events, concurrency }));
  } finally {
    await receiver.close();
    await cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}
