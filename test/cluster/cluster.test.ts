// The production shape under faults, with the real binaries (`npm run cluster`'s startCluster):
// a Temporal server built from source on PostgreSQL, 2 API processes and 2 workers. Runs only
// with HERALD_CLUSTER_TESTS=1 and the server built (`npm run cluster` once, or .ci/run with a
// warm cache), so `npm test` stays fast. Every accepted event must be delivered, at least once,
// under one webhook-id, whatever is killed.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { Client, Connection } from '@temporalio/client';
import { generateEncryptionKey } from '../../domain/secret-box';
import { cachedClusterBinaries, clusterCacheDir } from '../../bin/cluster/binaries';
import { startCluster, temporalServerPorts, type Cluster } from '../../bin/cluster/start-cluster';
import { apiClient, eventually } from '../support/herald';
import { startReceiver, type Receiver, type Responder } from '../support/receiver';
import { freePort } from '../support/free-port';
import { postgresProcess, type PostgresProcess } from '../support/postgres-process';

const binaries = cachedClusterBinaries(clusterCacheDir());
const wanted = process.env.HERALD_CLUSTER_TESTS === '1';
if (wanted && !binaries) throw new Error('HERALD_CLUSTER_TESTS=1 but the Temporal server is not built: run `npm run cluster` once');
const maybe = wanted ? describe : describe.skip;
jest.setTimeout(300_000);

const ADMIN = `hadm_cluster_${'x'.repeat(24)}`;

/** A frontend port whose whole block of server ports is free now. */
async function freeTemporalPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(
      temporalServerPorts(port).map(
        (p) => new Promise<boolean>((resolve) => {
          const server = createServer().once('error', () => resolve(false));
          server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
        }),
      ),
    );
    if (free.every(Boolean)) return port;
  }
}
let cluster: Cluster;
let dataDir: string;
let postgres: PostgresProcess | undefined;
const receivers: Receiver[] = [];

maybe('the cluster', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'herald-cluster-'));
    await chmod(dataDir, 0o755);
    postgres = postgresProcess(dataDir, await freePort());
    const databaseUrl = await postgres.start();
    const apiPort = await freePort();
    cluster = await startCluster({
      binaries: binaries!,
      dataDir,
      databaseUrl,
      postgresPort: 0,
      temporalPort: await freeTemporalPort(),
      apiPorts: [apiPort, await freePort()],
      workers: 2,
      metricsPort: await freePort(),
      uiPort: 0,
      encryptionKey: generateEncryptionKey(),
      adminToken: ADMIN,
      allowPrivateTargets: true,
      heraldEnv: { HERALD_START_SWEEP_SECONDS: '1' },
      log: () => undefined,
    });
  }, 600_000);
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await cluster?.stop();
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function newApp(responder?: Responder, settings: object = {}) {
    const receiver = await startReceiver(responder);
    receivers.push(receiver);
    const created = (await apiClient(cluster.apiUrls[0], ADMIN)('POST', '/v1/apps', { name: 'cluster', settings })).body;
    const apis = cluster.apiUrls.map((url) => apiClient(url, created.apiKey));
    const endpoint = (await apis[1]('POST', `/v1/apps/${created.id}/endpoints`, { url: receiver.url, events: ['*'], guaranteed: true })).body;
    const secret = (await apis[0]('GET', `/v1/apps/${created.id}/endpoints/${endpoint.id}/secret`)).body.secret as string;
    return { appId: created.id as string, apiKey: created.apiKey as string, apis, receiver, secret };
  }

  /** Each accepted id arrived, signed, and every copy of one event carried the same webhook-id. */
  function expectDelivered(receiver: Receiver, secret: string, accepted: string[]) {
    const byEvent = new Map<string, Set<string>>();
    for (const r of receiver.requests) {
      if (r.headers['webhook-id'] === undefined) continue;
      const body = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { id: string };
      byEvent.set(body.id, (byEvent.get(body.id) ?? new Set()).add(String(r.headers['webhook-id'])));
    }
    for (const id of accepted) expect({ id, webhookIds: byEvent.get(id)?.size }).toEqual({ id, webhookIds: 1 });
  }

  it('spreads events over both API processes and delivers them all', async () => {
    const app = await newApp();
    const ids = Array.from({ length: 40 }, (_, i) => `spread-${i}`);
    await Promise.all(ids.map(async (id, i) => expect((await app.apis[i % 2]('POST', `/v1/apps/${app.appId}/events`, { id, type: 'message.sent', data: { messageId: id } })).status).toBe(202)));
    await eventually(async () => (new Set(app.receiver.requests.map((r) => JSON.parse(r.body).id)).size >= 40 ? true : undefined), 60_000);
    expectDelivered(app.receiver, app.secret, ids);
    for (const url of cluster.apiUrls) {
      const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      expect(metrics).toMatch(/herald_events_received_total\{type="message.sent"\} (1\d|20)\b/);
    }
  });

  it('runs the API and a worker in one process (herald all), whose events start eagerly on its own worker', async () => {
    const app = await newApp();
    const port = await freePort();
    const all = await cluster.addHerald('all', 'herald-all-test', port);
    const connection = await Connection.connect({ address: cluster.temporalAddress });
    try {
      const post = apiClient(`http://127.0.0.1:${port}`, app.apiKey);
      const ids = Array.from({ length: 10 }, (_, i) => `all-${i}`);
      const workflowIds: string[] = [];
      for (const id of ids) {
        const res = await post('POST', `/v1/apps/${app.appId}/events`, { id, type: 'message.sent', data: { messageId: id } });
        expect(res.status).toBe(202);
        workflowIds.push(res.body.workflowId);
      }
      await eventually(async () => (new Set(app.receiver.requests.map((r) => JSON.parse(r.body).id)).size >= ids.length ? true : undefined), 60_000);
      expectDelivered(app.receiver, app.secret, ids);
      // The cluster's two workers poll the same task queue: had the first tasks gone through it,
      // about two in three would have run there. Each ran in the process that took the event.
      const client = new Client({ connection, namespace: cluster.namespace });
      const firstTaskRanIn = await Promise.all(workflowIds.map(async (workflowId) => {
        const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
        return events!.find((e) => e.workflowTaskStartedEventAttributes)!.workflowTaskStartedEventAttributes!.identity;
      }));
      expect(firstTaskRanIn).toEqual(workflowIds.map(() => expect.stringMatching(new RegExp(`^${all.child()!.pid}@`))));
    } finally {
      await connection.close();
      await all.kill('SIGTERM');
    }
  });

  it('loses nothing when a worker is killed -9 in the middle of deliveries', async () => {
    // Slow answers: deliveries are under way on both workers when one dies.
    const app = await newApp((_n, _r, res) => void setTimeout(() => res.writeHead(200).end('ok'), 500));
    const ids = Array.from({ length: 30 }, (_, i) => `worker-kill-${i}`);
    await Promise.all(ids.map(async (id, i) => expect((await app.apis[i % 2]('POST', `/v1/apps/${app.appId}/events`, { id, type: 'message.sent', data: { messageId: id } })).status).toBe(202)));
    await app.receiver.waitFor(5, 60_000);
    await cluster.workers[0].kill('SIGKILL');
    await eventually(async () => (new Set(app.receiver.requests.map((r) => JSON.parse(r.body).id)).size >= 30 ? true : undefined), 120_000);
    expectDelivered(app.receiver, app.secret, ids);
    await cluster.workers[0].start();
  });

  it('loses nothing accepted when an API process is killed -9 in the middle of ingest', async () => {
    const app = await newApp();
    const accepted: string[] = [];
    let n = 0;
    let killed = false;
    const producers = Array.from({ length: 8 }, async () => {
      while (n < 200) {
        const id = `api-kill-${n++}`;
        const res = await app.apis[0]('POST', `/v1/apps/${app.appId}/events`, { id, type: 'message.sent', data: { messageId: id } }).catch(() => undefined);
        if (res?.status === 202) accepted.push(id);
        if (!res && killed) return;
      }
    });
    await eventually(async () => (accepted.length >= 20 ? true : undefined), 60_000);
    killed = true;
    await cluster.apis[0].kill('SIGKILL');
    await Promise.all(producers);
    await eventually(async () => (accepted.every((id) => app.receiver.requests.some((r) => JSON.parse(r.body).id === id)) ? true : undefined), 120_000);
    expectDelivered(app.receiver, app.secret, accepted);
    await cluster.apis[0].start();
  });

  it('loses nothing when the Temporal server itself restarts in the middle of a retry', async () => {
    const app = await newApp((n, _r, res) => res.writeHead(n === 0 ? 503 : 200).end(), { retrySchedule: [8] });
    expect((await app.apis[0]('POST', `/v1/apps/${app.appId}/events`, { id: 'through-restart', type: 'message.sent', data: { messageId: 'm' } })).status).toBe(202);
    await app.receiver.waitFor(1, 60_000);
    await cluster.temporalServer!.kill('SIGKILL');
    await cluster.temporalServer!.start().catch(() => undefined);
    await app.receiver.waitFor(2, 120_000);
    expectDelivered(app.receiver, app.secret, ['through-restart']);
  });

  it('answers 503 on /healthz while PostgreSQL is down, and recovers without a restart of its own', async () => {
    const app = await newApp();
    await postgres?.stop();
    try {
      await eventually(async () => ((await fetch(`${cluster.apiUrls[1]}/healthz`)).status === 503 ? true : undefined), 30_000);
    } finally {
      await postgres!.start();
    }
    await eventually(async () => ((await fetch(`${cluster.apiUrls[1]}/healthz`)).status === 200 ? true : undefined), 60_000);
    expect((await app.apis[1]('POST', `/v1/apps/${app.appId}/events`, { id: 'after-pg', type: 'message.sent', data: { messageId: 'm' } })).status).toBe(202);
    await app.receiver.waitFor(1, 60_000);
    expectDelivered(app.receiver, app.secret, ['after-pg']);
  });
});
