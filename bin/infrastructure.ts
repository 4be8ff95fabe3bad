// What Herald runs on: a Temporal frontend and a PostgreSQL database. Where the environment names
// none, the dev set-up starts them here: the Temporal CLI's dev server (with its Web UI, SQLite in
// HERALD_DATA_DIR) and an embedded PostgreSQL (data in HERALD_DATA_DIR), so that a restart loses
// nothing. Also the two secrets dev generates once and keeps there.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { NativeConnection } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributeKeys } from '../domain/search-attributes';
import { generateEncryptionKey } from '../domain/secret-box';
import { temporalCliExecutable } from './temporal-binaries';
import { startEmbeddedPostgres } from './embedded-postgres';
import type { Config } from './config';
import { connectTemporal } from './temporal-target';

export interface Infrastructure {
  temporalAddress: string;
  /** Set when the dev server runs here with its UI. */
  temporalUiUrl?: string;
  connection: NativeConnection;
  databaseUrl: string;
  encryptionKey: string;
  /** HERALD_PAYLOAD_KEY, or the one dev generated into its data dir. */
  payloadKey?: string;
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * The dev server's tuning (../shared/PERFORMANCE.md): WAL with synchronous=normal survives a
 * process crash and doubles throughput over SQLite's defaults; one task-queue partition lets a
 * single worker pick up tasks without polling several partitions.
 *
 * The CLI's dev server rereads the search attributes from its database on every read of them
 * (forceSearchAttributesCacheRefreshOnRead, so that attributes added while it runs work at once):
 * once per start of an event's workflow, which carries HeraldAppId and HeraldEventType. Herald's
 * are registered when the server starts (`searchAttributes` below), so the cache stays on, as it
 * is on a real server by default. Measured here, three runs each, alternating: the start answered
 * ~1 ms sooner (5.0 → 4.0 ms at p50), the server spent 6.4–7.2 ms per event instead of 7.0–7.4,
 * and saturated Herald went from 0.87 / 0.93 / 0.91 to 1.00 / 0.97 / 0.89 × the same run's ceiling
 * (whose workflows carry no search attributes).
 */
export const DEV_SERVER_ARGS = [
  '--sqlite-pragma', 'journal_mode=wal',
  '--sqlite-pragma', 'synchronous=normal',
  '--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1',
  '--dynamic-config-value', 'system.forceSearchAttributesCacheRefreshOnRead=false',
];

/**
 * The dev server, started by the SDK, which gives it 5 s to answer. A busy machine (a full test
 * run beside a CPU-bound process, a slow disk reopening its SQLite file) can take longer: the
 * start is tried again, three times in all, before it fails.
 */
export async function createLocalTemporal(options: Parameters<typeof TestWorkflowEnvironment.createLocal>[0]): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createLocal(options);
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test((err as Error).message)) throw err;
    }
  }
}

/** A secret made once and kept in a file (mode 0600) for later starts. */
export async function keptSecret(file: string, make: () => string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const value = make();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, value + '\n', { mode: 0o600 });
  return value;
}

export async function startInfrastructure(
  config: Config,
  options: {
    ui?: boolean;
    temporalPort?: number;
    log?: (line: string) => void;
    extraServerArgs?: string[];
    /** `herald dev`: make a payload key (kept in the data dir) when HERALD_PAYLOAD_KEY is not set, so event data is encrypted in Temporal from the first run. */
    generatePayloadKey?: boolean;
    /** The Temporal UI's codec endpoint (Herald's /codec/ui/<key>), given the admin token, when the dev server runs here with its UI. */
    uiCodecEndpoint?: (adminToken: string) => string | undefined;
  } = {},
): Promise<Infrastructure> {
  const log = options.log ?? (() => undefined);
  // Made only when something is kept in it (embedded PostgreSQL, the dev server's file, a
  // generated secret): a production process given everything has none, and may run on a
  // read-only root filesystem (deploy/helm/herald).
  const dataDir = path.resolve(config.dataDir);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log(`stop: ${(err as Error).message}`));
  };

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      await mkdir(dataDir, { recursive: true });
      const pg = await startEmbeddedPostgres({ dataDir, port: config.postgresPort, databases: ['herald'], log });
      stops.push(() => pg.stop());
      databaseUrl = pg.urlOf('herald');
    }

    const adminToken =
      config.adminToken ?? (await keptSecret(path.join(dataDir, 'admin-token'), () => `hadm_${randomBytes(24).toString('base64url')}`));
    const uiCodecEndpoint = options.uiCodecEndpoint?.(adminToken);

    let temporalAddress = config.temporalAddress;
    let temporalUiUrl: string | undefined;
    let connection: NativeConnection;
    if (!temporalAddress) {
      const port = options.temporalPort ?? config.temporalPort;
      await mkdir(dataDir, { recursive: true });
      const env = await createLocalTemporal({
        server: {
          executable: temporalCliExecutable(),
          ip: '127.0.0.1',
          port: port || undefined,
          ui: options.ui ?? true,
          uiPort: options.ui === false ? undefined : config.temporalUiPort,
          namespace: config.temporalNamespace,
          dbFilename: path.join(dataDir, 'temporal.db'),
          // Errors only: on Ctrl-C the terminal stops the server with Herald, and its UI's warnings
          // about the frontend it can no longer dial are a stop's noise on a newcomer's screen.
          log: { format: 'pretty', level: 'error' },
          searchAttributes: searchAttributeKeys,
          extraArgs: [
            ...DEV_SERVER_ARGS,
            ...(uiCodecEndpoint && (options.ui ?? true) ? ['--ui-codec-endpoint', uiCodecEndpoint] : []),
            ...(options.extraServerArgs ?? []),
          ],
        },
      });
      stops.push(() => env.teardown());
      temporalAddress = env.address;
      connection = env.nativeConnection;
      if (options.ui ?? true) temporalUiUrl = `http://127.0.0.1:${config.temporalUiPort}`;
      log(`Temporal dev server on ${temporalAddress}, data in ${path.join(dataDir, 'temporal.db')}`);
    } else {
      connection = await connectTemporal(temporalAddress, config.temporalConnection, config.temporalDescription);
      stops.push(() => connection.close());
      log(`Temporal at ${temporalAddress} (namespace ${config.temporalNamespace}, ${config.temporalDescription})`);
    }

    const encryptionKey = config.encryptionKey ?? (await keptSecret(path.join(dataDir, 'encryption.key'), generateEncryptionKey));
    const payloadKey = config.payloadKey ?? (options.generatePayloadKey ? await keptSecret(path.join(dataDir, 'payload.key'), generateEncryptionKey) : undefined);

    return { temporalAddress, temporalUiUrl, connection, databaseUrl, encryptionKey, ...(payloadKey && { payloadKey }), adminToken, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
