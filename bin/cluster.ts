// `npm run cluster`: Herald's production shape on this machine with the real binaries — a
// Temporal server built from source on PostgreSQL, 2 API processes and 2 workers configured only
// through the environment (as docker-compose.yml does). Ctrl-C stops everything; data stays in
// HERALD_CLUSTER_DATA_DIR (default .herald/cluster) for the next start.
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { generateEncryptionKey } from '../domain/secret-box';
import { keptSecret } from './infrastructure';
import { TEMPORAL_SERVER_VERSION, clusterCacheDir, ensureClusterBinaries } from './cluster/binaries';
import { startCluster } from './cluster/start-cluster';
import { TemporalConfigError, connectTemporal, loadTemporalTarget } from './temporal-target';

const root = path.resolve(__dirname, '..');
const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

async function main(): Promise<void> {
  const log = (line: string) => console.log(`cluster: ${line}`);
  const dataDir = path.resolve(env.HERALD_CLUSTER_DATA_DIR ?? path.join(root, '.herald', 'cluster'));
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  // A Temporal named the way Temporal's clients name one (TEMPORAL_ADDRESS or a profile, with its
  // TLS or API key) is used as it is; otherwise the cluster builds and runs its own server.
  const temporal = loadTemporalTarget(env);
  if (temporal.address) await connectTemporal(temporal.address, temporal.connection, temporal.description).then((c) => c.close());
  const binaries = temporal.address ? undefined : await ensureClusterBinaries(clusterCacheDir(), log);
  const apiPort = number('HERALD_CLUSTER_API_PORT', 3000);
  const cluster = await startCluster({
    binaries,
    ...(temporal.address && { temporal: { address: temporal.address, namespace: temporal.namespace ?? 'default' } }),
    dataDir,
    databaseUrl: env.DATABASE_URL,
    postgresPort: number('HERALD_CLUSTER_POSTGRES_PORT', 5433),
    temporalPort: number('HERALD_CLUSTER_TEMPORAL_PORT', 7233),
    apiPorts: [apiPort, apiPort + 1],
    workers: number('HERALD_CLUSTER_WORKERS', 2),
    metricsPort: number('HERALD_CLUSTER_METRICS_PORT', 9464),
    uiPort: number('HERALD_CLUSTER_UI_PORT', 8233),
    encryptionKey: env.HERALD_ENCRYPTION_KEY ?? (await keptSecret(path.join(dataDir, 'encryption.key'), generateEncryptionKey)),
    adminToken: env.HERALD_ADMIN_TOKEN ?? (await keptSecret(path.join(dataDir, 'admin-token'), () => `hadm_${randomBytes(24).toString('base64url')}`)),
    allowPrivateTargets: env.HERALD_ALLOW_PRIVATE_TARGETS === '1',
    log,
  });
  console.log(`
  Herald cluster is running.
    APIs           ${cluster.apiUrls.join('  ')}
    Workers        ${cluster.workers.length}
    Temporal       ${cluster.temporalAddress} (namespace ${cluster.namespace}; ${temporal.address ? temporal.description : `server ${TEMPORAL_SERVER_VERSION} built from source`})
    Temporal UI    ${cluster.uiUrl ?? 'off'}
    PostgreSQL     ${cluster.databaseUrl.replace(/:[^:@/]*@/, ':***@')}
    Logs           ${path.join(dataDir, 'logs')}
  Ctrl-C stops everything.
`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof TemporalConfigError ? `cluster: ${err.message}` : err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
