#!/usr/bin/env node
// The `herald` command: dev | api | worker | all | migrate.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from './config';
import { startInfrastructure } from './infrastructure';
import { startHerald, type HeraldRoles } from './start-herald';
import { supervise } from './supervise';
import { createLogger } from './logger';
import { createPool } from '../db/pool';
import { codecUiKey } from '../api/routes/codec';
import { startTracing } from '../runtime/tracing';
import { migrate } from '../db/migrate';

const USAGE = `usage: herald <command>
  dev      Temporal dev server + UI, embedded PostgreSQL, worker and API in one process tree
  api      the HTTP API (needs a Temporal, DATABASE_URL, HERALD_ADMIN_TOKEN, HERALD_ENCRYPTION_KEY)
  worker   the Temporal worker (needs a Temporal, DATABASE_URL, HERALD_ENCRYPTION_KEY)
  all      the API and a worker in one process (needs what api needs): each event's first task
           goes straight to this process's worker (eager start), for the lowest latency
  migrate  apply database migrations (needs DATABASE_URL)
  codec-url  the codec endpoint to give the Temporal UI (needs HERALD_ADMIN_TOKEN; HERALD_PUBLIC_URL for its origin)
A Temporal is TEMPORAL_ADDRESS (with TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_* as needed)
or a TOML profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE), as for Temporal's own CLI.`;

function requireEnv(names: string[]): void {
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length > 0) throw new Error(`set ${missing.join(', ')} (this command starts no infrastructure of its own)`);
}

async function main(command: string | undefined): Promise<void> {
  const roles: Record<string, HeraldRoles> = {
    dev: { api: true, worker: true },
    api: { api: true, worker: false },
    worker: { api: false, worker: true },
    all: { api: true, worker: true },
  };
  if (command === 'migrate') {
    requireEnv(['DATABASE_URL']);
    const pool = createPool(loadConfig().databaseUrl!);
    const applied = await migrate(pool);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    await pool.end();
    return;
  }
  if (command === 'codec-url') {
    requireEnv(['HERALD_ADMIN_TOKEN']);
    const config = loadConfig();
    const origin = config.publicUrl ?? `http://${config.apiHost}:${config.apiPort}`;
    console.log(`${origin}/codec/ui/${codecUiKey(config.adminToken!)}`);
    return;
  }
  if (!command || !roles[command]) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  if (command === 'api' || command === 'all') requireEnv(['DATABASE_URL', 'HERALD_ADMIN_TOKEN', 'HERALD_ENCRYPTION_KEY']);
  if (command === 'worker') requireEnv(['DATABASE_URL', 'HERALD_ENCRYPTION_KEY']);

  // A signal during start-up (PostgreSQL and Temporal may take seconds) is held until the parts
  // are up, then stops them in order; without this it would kill the process and orphan them.
  let earlySignal: NodeJS.Signals | undefined;
  const holdSignal = (signal: NodeJS.Signals) => (earlySignal ??= signal);
  process.on('SIGINT', holdSignal).on('SIGTERM', holdSignal);

  // Herald stops its parts itself, in order (API first, then the worker drains); the SDK must not
  // race it on the same signals.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger(process.env.HERALD_TEMPORAL_LOG_LEVEL === 'INFO' ? 'INFO' : 'WARN') });

  // Dev targets receivers on this machine; production refuses private addresses by default. Dev's
  // console shows warnings and errors (every 5xx, every failed attempt) unless told otherwise.
  const devDefaults = command === 'dev' ? {
    ...(!process.env.HERALD_ALLOW_PRIVATE_TARGETS && { allowPrivateTargets: true }),
    ...(!process.env.HERALD_LOG_LEVEL && { logLevel: 'warn' as const }),
  } : {};
  const config = loadConfig(process.env, devDefaults);
  if (command !== 'dev' && !config.temporalAddress) {
    throw new Error('set TEMPORAL_ADDRESS, or TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE naming a profile with an address (this command starts no Temporal of its own)');
  }
  const log = (line: string) => console.log(`herald: ${line}`);
  // Traces when an OTLP endpoint is set (OTEL_* variables); nothing at all otherwise.
  const tracing = startTracing(process.env);

  // Dev encrypts event data in Temporal from the first run (a key kept in the data dir) and points
  // its Temporal UI at Herald's codec endpoint, so the UI shows it decoded and the database does not.
  const dev = command === 'dev';
  const apiOrigin = `http://${config.apiHost.includes(':') ? `[${config.apiHost}]` : config.apiHost}:${config.apiPort}`;
  const infra = await startInfrastructure(config, {
    log,
    generatePayloadKey: dev,
    ...(dev && config.apiPort > 0 && { uiCodecEndpoint: (adminToken: string) => `${apiOrigin}/codec/ui/${codecUiKey(adminToken)}` }),
  });
  const runConfig = {
    ...config,
    ...(infra.payloadKey && { payloadKey: infra.payloadKey }),
    ...(dev && config.codecCorsOrigins.length === 0 && { codecCorsOrigins: [`http://127.0.0.1:${config.temporalUiPort}`, `http://localhost:${config.temporalUiPort}`] }),
  };
  let herald;
  try {
    herald = await startHerald({ config: runConfig, ...infra, roles: roles[command], log: createLogger(config.logLevel), ...(tracing && { tracing }) });
  } catch (err) {
    await infra.stop();
    throw err;
  }

  if (command === 'dev') {
    console.log(`
  Herald is running.
    API            ${herald.apiUrl}
    Temporal UI    ${infra.temporalUiUrl}${runConfig.payloadKey ? '   (event data encrypted in Temporal; this UI decodes it through Herald\'s /codec)' : ''}
    Temporal       ${infra.temporalAddress} (namespace ${config.temporalNamespace})
    PostgreSQL     ${infra.databaseUrl.replace(/:[^:@/]*@/, ':***@')}
    Admin token    ${infra.adminToken}
    Console        ${herald.apiUrl}/console   (sign in with the admin token)
    API reference  ${herald.apiUrl}/docs
    Data           ${config.dataDir}

  Try:  curl -s -X POST ${herald.apiUrl}/v1/apps -H "authorization: Bearer ${infra.adminToken}" \\
          -H 'content-type: application/json' -d '{"name":"my app"}'
  Ctrl-C stops everything.
`);
  } else {
    log(`${command} running${herald.apiUrl ? ` on ${herald.apiUrl}` : ''}${herald.metricsUrl ? `, metrics on ${herald.metricsUrl}` : ''}`);
  }

  process.off('SIGINT', holdSignal).off('SIGTERM', holdSignal);
  const supervisor = supervise(
    { stop: async () => { await herald.stop(); await infra.stop(); await tracing?.shutdown(); }, workerDone: herald.workerDone },
    {
      log,
      error: (line, err) => (err === undefined ? console.error(line) : console.error(line, err)),
      // Output to a pipe is written asynchronously: exiting at once could lose the last lines
      // ("herald: stopped"). Exit once both streams have flushed what they hold.
      exit: (code) => {
        process.exitCode = code;
        process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
      },
      onSignal: (signal, handler) => process.on(signal, handler),
    },
  );
  if (earlySignal) await supervisor.stop(earlySignal, 0);
}

main(process.argv[2]).catch((err) => {
  console.error(`herald: ${(err as Error).message}`);
  process.exit(1);
});
