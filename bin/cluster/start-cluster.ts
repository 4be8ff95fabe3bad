// Herald's production shape on one machine, with the real binaries: a Temporal server (built from
// source, bin/cluster/binaries.ts) on PostgreSQL with the `postgresql/v12` schemas, and several
// Herald API and worker processes configured only through the environment, as
// docker-compose.yml configures its services. Each process can be killed and started again,
// which is what the cluster tests do.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTE_NAMES } from '../../domain/event-envelope';
import { startEmbeddedPostgres } from '../embedded-postgres';
import type { ClusterBinaries } from './binaries';

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

export interface ClusterOptions {
  /** Not needed when `temporal` names an existing Temporal. */
  binaries?: ClusterBinaries;
  /**
   * An existing Temporal (Temporal Cloud, a self-hosted mTLS cluster), from Temporal's environment
   * configuration: the cluster starts no server or UI of its own, and Herald's processes inherit the
   * TLS and API-key variables from this process's environment.
   */
  temporal?: { address: string; namespace: string };
  dataDir: string;
  /** An existing PostgreSQL (its user may create databases); else an embedded one on `postgresPort`. */
  databaseUrl?: string;
  postgresPort: number;
  /** The Temporal frontend's gRPC port; the other services' ports follow it. */
  temporalPort: number;
  apiPorts: number[];
  workers: number;
  /** Worker i serves its metrics on metricsPort + i. */
  metricsPort: number;
  /** The Temporal Web UI's port; none when 0. */
  uiPort: number;
  encryptionKey: string;
  adminToken: string;
  allowPrivateTargets: boolean;
  /** Extra environment for Herald's processes (the tests' HERALD_START_SWEEP_SECONDS, say). */
  heraldEnv?: Record<string, string>;
  /** Environment for the Temporal server over TEMPORAL_SERVER_ENV (the bench measures a setting with it). */
  serverEnv?: Record<string, string>;
  log: (line: string) => void;
}

/** A process of the cluster: its output goes to `<dataDir>/logs/<name>.log`. */
export interface Managed {
  name: string;
  child(): ChildProcess | undefined;
  start(): Promise<void>;
  /** Sends the signal and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

export interface Cluster {
  temporalAddress: string;
  namespace: string;
  apiUrls: string[];
  uiUrl?: string;
  databaseUrl: string;
  /** Unset when the cluster runs on an existing Temporal. */
  temporalServer?: Managed;
  apis: Managed[];
  workers: Managed[];
  /**
   * Starts one more Herald process against the cluster, configured as the others are (`all` runs
   * the API and a worker in one process, as the bench does to measure eager starts on this server).
   * It is stopped with the cluster.
   */
  addHerald(role: HeraldRole, name: string, port: number): Promise<Managed>;
  stop(): Promise<void>;
}

/** `herald api`, `herald worker`, or `herald all` (both in one process). */
export type HeraldRole = 'api' | 'worker' | 'all';

/** The UI server's environment: the variables docker-compose.yml gives its temporal-ui service. */
export function uiEnvironment(temporalAddress: string, uiPort: number): Record<string, string> {
  return { TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_PORT: String(uiPort), TEMPORAL_CORS_ORIGINS: `http://localhost:${uiPort}` };
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
}

function managed(
  name: string,
  logDir: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (output: string) => boolean | Promise<boolean>,
): Managed {
  let child: ChildProcess | undefined;
  let output = '';
  return {
    name,
    child: () => child,
    output: () => output,
    start() {
      output = '';
      const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
      child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const current = child;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not start in 120 s; see ${path.join(logDir, `${name}.log`)}:\n${output.slice(-2000)}`)), 120_000);
        let done = false;
        const check = async () => {
          if (!done && (await ready(output))) {
            done = true;
            clearTimeout(timer);
            clearInterval(poll);
            resolve();
          }
        };
        // Ready when it says so, or when it answers (a probe in `ready`): checked on output and every 300 ms.
        const poll = setInterval(() => void check(), 300);
        const onData = (chunk: Buffer) => {
          log.write(chunk);
          output = (output + chunk.toString()).slice(-200_000);
          void check();
        };
        current.stdout!.on('data', onData);
        current.stderr!.on('data', onData);
        current.on('exit', (code, signal) => {
          clearTimeout(timer);
          clearInterval(poll);
          log.end();
          reject(new Error(`${name} exited (${code ?? signal}) while starting:\n${output.slice(-2000)}`));
        });
      });
    },
    async kill(signal = 'SIGTERM') {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill(signal);
      await exited;
    },
  };
}

/**
 * Every port the Temporal server listens on, given its frontend's: gRPC and membership per
 * service, and HTTP. The server stores membership ports as a smallint: all must stay under 32768.
 */
export function temporalServerPorts(port: number): number[] {
  const ports = [port, port + 1, port + 2, port + 6, port + 10, port - 300, port - 299, port - 298, port - 294];
  if (ports.some((p) => p < 1024 || p > 32_767)) throw new Error(`the Temporal port ${port} is out of range: it must be between 1324 and 32757`);
  return ports;
}

/** The server's configuration: PostgreSQL for history and visibility, ports from `port` on (see temporalServerPorts). */
function serverConfig(db: { host: string; port: number; user: string; password: string }, port: number, dynamicConfigFile: string): string {
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${db.host}:${db.port}"
        connectProtocol: "tcp"
        user: ${JSON.stringify(db.user)}
        password: ${JSON.stringify(db.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, http?: number) => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  return `# Written by npm run cluster (bin/cluster/start-cluster.ts).
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${NUM_HISTORY_SHARDS}
  datastores:
    postgres-default:${store('temporal', 10)}
    postgres-visibility:${store('temporal_visibility', 2)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
  frontend:${service(port, port - 300, port + 10)}
  history:${service(port + 1, port - 299)}
  matching:${service(port + 2, port - 298)}
  worker:${service(port + 6, port - 294)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${port}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: ${JSON.stringify(dynamicConfigFile)}
  pollInterval: "10s"
`;
}

/** History shards: fixed for the life of a cluster's database (NUM_HISTORY_SHARDS in docker-compose.yml). */
export const NUM_HISTORY_SHARDS = 4;

/** The Temporal server's own environment: GOGC=400 trades memory for less collection (PERFORMANCE.md). */
export const TEMPORAL_SERVER_ENV = { GOGC: '400' };

/**
 * Dynamic configuration: the settings measured to pay on this machine kind and safe for data
 * (../shared/PERFORMANCE.md). One node: one task-queue partition.
 */
export const CLUSTER_DYNAMIC_CONFIG = `matching.numTaskqueueReadPartitions:
  - value: 1
matching.numTaskqueueWritePartitions:
  - value: 1
`;

async function ensureSchemas(binaries: ClusterBinaries, db: { host: string; port: number; user: string; password: string }, adminUrl: string, log: (line: string) => void) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const database of ['temporal', 'temporal_visibility']) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
    }
  } finally {
    await admin.end();
  }
  const common = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--pw', db.password];
  for (const [database, schema] of [['temporal', 'temporal'], ['temporal_visibility', 'visibility']] as const) {
    const client = new pg.Client({ connectionString: adminUrl.replace(/\/[^/?]*(\?|$)/, `/${database}$1`) });
    await client.connect();
    const found = await client.query("SELECT to_regclass('public.schema_version') IS NOT NULL AS present").finally(() => client.end());
    if (!found.rows[0].present) await execFileAsync(binaries.sqlTool, [...common, '--db', database, 'setup-schema', '-v', '0.0']);
    await execFileAsync(binaries.sqlTool, [...common, '--db', database, 'update-schema', '-d', path.join(binaries.schemaDir, schema, 'versioned')]);
    log(`schema ${schema} up to date in database ${database}`);
  }
}

/** Registers the namespace and Herald's search attributes; waits until the namespace answers. */
async function ensureNamespace(address: string, namespace: string, log: (line: string) => void) {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') })
      .catch((err: { code?: number }) => {
        if (err.code !== 6) throw err; // ALREADY_EXISTS
      });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(Object.values(SEARCH_ATTRIBUTE_NAMES).map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
        });
        break;
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === 6) break; // the attributes exist already
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 1000)); // the namespace is not known to every service yet
      }
    }
    log(`namespace ${namespace} with search attributes ${Object.values(SEARCH_ATTRIBUTE_NAMES).join(', ')}`);
  } finally {
    await connection.close();
  }
}

async function frontendAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.getSystemInfo({}).finally(() => connection.close());
    return true;
  } catch {
    return false;
  }
}

/**
 * The whole environment of one Herald process of the cluster: every variable here is one that
 * docker-compose.yml sets for the same service (test/unit/compose-in-step.test.ts holds them together).
 */
export function heraldEnvironment(
  role: HeraldRole,
  c: { temporalAddress: string; namespace: string; databaseUrl: string; encryptionKey: string; adminToken: string; allowPrivateTargets: boolean },
  port: number,
): Record<string, string> {
  const common = {
    TEMPORAL_ADDRESS: c.temporalAddress,
    TEMPORAL_NAMESPACE: c.namespace,
    DATABASE_URL: c.databaseUrl,
    HERALD_ENCRYPTION_KEY: c.encryptionKey,
    HERALD_ADMIN_TOKEN: c.adminToken,
    HERALD_ALLOW_PRIVATE_TARGETS: c.allowPrivateTargets ? '1' : '0',
  };
  // A process with an API serves the worker's metrics on the API's /metrics.
  return role === 'worker' ? { ...common, HERALD_METRICS_PORT: String(port) } : { ...common, HERALD_API_HOST: '127.0.0.1', HERALD_API_PORT: String(port) };
}

/** The services the cluster runs, by their names in docker-compose.yml. */
export const CLUSTER_SERVICES = ['postgresql', 'temporal-setup', 'temporal', 'temporal-ui', 'herald-api', 'herald-worker'] as const;

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const logDir = path.join(o.dataDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((err) => o.log(`stop: ${(err as Error).message}`));
  };
  try {
    // PostgreSQL: the one named, or an embedded one.
    let adminUrl = o.databaseUrl;
    if (!adminUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: o.dataDir, port: o.postgresPort, databases: ['herald'], log: o.log });
      stops.push(() => embedded.stop());
      adminUrl = embedded.urlOf('herald');
    }
    let temporalAddress: string;
    let namespace: string;
    let temporalServer: Managed | undefined;
    const binaries = o.binaries;
    if (o.temporal) {
      ({ address: temporalAddress, namespace } = o.temporal);
      o.log(`Temporal at ${temporalAddress}, namespace ${namespace} (from Temporal's environment configuration)`);
    } else {
      if (!binaries) throw new Error('startCluster: no Temporal named and no binaries to start one');
      ({ temporalAddress, namespace, temporalServer } = await startTemporalServer(binaries, adminUrl, logDir, o, stops));
    }

    // Herald: configured only through the environment, as in docker-compose.yml.
    const shared = { temporalAddress, namespace, databaseUrl: adminUrl, encryptionKey: o.encryptionKey, adminToken: o.adminToken, allowPrivateTargets: o.allowPrivateTargets };
    // On the cluster's own server, Temporal's client variables of this shell (a TLS certificate
    // for some other Temporal, say) are not Herald's to use: only the address and namespace set here.
    const inherited = o.temporal ? process.env : Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
    const herald = (role: HeraldRole, name: string, env: Record<string, string>) =>
      managed(name, logDir, process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'herald.ts'), role], { ...inherited, ...env, ...o.heraldEnv }, (out) =>
        out.includes(`${role} running`),
      );
    const apis = o.apiPorts.map((port, i) => herald('api', `herald-api-${i + 1}`, heraldEnvironment('api', shared, port)));
    const workers = Array.from({ length: o.workers }, (_, i) => herald('worker', `herald-worker-${i + 1}`, heraldEnvironment('worker', shared, o.metricsPort + i)));
    // The first API process migrates the database; the others wait for it.
    await apis[0].start();
    stops.push(() => apis[0].kill());
    await Promise.all([...apis.slice(1), ...workers].map(async (p) => {
      await p.start();
      stops.push(() => p.kill());
    }));
    let uiUrl: string | undefined;
    if (o.uiPort && binaries && !o.temporal) {
      uiUrl = `http://127.0.0.1:${o.uiPort}`;
      const ui = managed('temporal-ui', logDir, binaries.uiServer, ['--root', binaries.uiRoot, '--env', 'docker', 'start'], { ...process.env, ...uiEnvironment(temporalAddress, o.uiPort) }, () => answers(uiUrl!));
      await ui.start();
      stops.push(() => ui.kill());
    }
    const addHerald = async (role: HeraldRole, name: string, port: number) => {
      const p = herald(role, name, heraldEnvironment(role, shared, port));
      await p.start();
      stops.push(() => p.kill());
      return p;
    };
    return { temporalAddress, namespace, apiUrls: o.apiPorts.map((p) => `http://127.0.0.1:${p}`), uiUrl, databaseUrl: adminUrl, temporalServer, apis, workers, addHerald, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Temporal's server built from source, on the same PostgreSQL, with its schemas and namespace. */
async function startTemporalServer(binaries: ClusterBinaries, adminUrl: string, logDir: string, o: ClusterOptions, stops: (() => Promise<void>)[]) {
  const url = new URL(adminUrl);
  const db = { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  await ensureSchemas(binaries, db, adminUrl, o.log);

  const configDir = path.join(o.dataDir, 'temporal');
  await mkdir(configDir, { recursive: true });
  const dynamicConfigFile = path.join(configDir, 'dynamic-config.yaml');
  await writeFile(dynamicConfigFile, CLUSTER_DYNAMIC_CONFIG);
  const configFile = path.join(configDir, 'config.yaml');
  await writeFile(configFile, serverConfig(db, o.temporalPort, dynamicConfigFile), { mode: 0o600 });
  temporalServerPorts(o.temporalPort); // refuses a port the server could not use
  const temporalAddress = `127.0.0.1:${o.temporalPort}`;
  const temporalServer = managed('temporal-server', logDir, binaries.server, ['--config-file', configFile, '--allow-no-auth', 'start'], { ...process.env, ...TEMPORAL_SERVER_ENV, ...o.serverEnv }, () =>
    frontendAnswers(temporalAddress),
  );
  await temporalServer.start();
  stops.push(() => temporalServer.kill());
  const namespace = 'default';
  await ensureNamespace(temporalAddress, namespace, o.log);
  o.log(`Temporal server ${temporalAddress}, namespace ${namespace}, logs in ${logDir}`);

  return { temporalAddress, namespace, temporalServer };
}
