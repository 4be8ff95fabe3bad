// Starts the real parts the suites share, once per run: the Temporal dev server (the official CLI
// binary, SQLite in a temporary folder, no UI) and an embedded PostgreSQL; bundles the workflow
// code once. Test files find them through the environment variables set here.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bin/config';
import { startInfrastructure, type Infrastructure } from '../../bin/infrastructure';
import { bundleWorkflows } from '../../worker/create-worker';
import { freePort } from './free-port';

export default async function globalSetup(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'herald-test-'));
  const config = loadConfig(
    {},
    { dataDir, postgresPort: await freePort(), temporalPort: await freePort(), adminToken: 'test-admin-token-0123456789' },
  );
  const [infra, bundle] = await Promise.all([startInfrastructure(config, { ui: false }), bundleWorkflows()]);
  const bundlePath = path.join(dataDir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  (globalThis as { heraldInfra?: Infrastructure }).heraldInfra = infra;
  Object.assign(process.env, {
    HERALD_TEST_DATA_DIR: dataDir,
    HERALD_TEST_TEMPORAL_ADDRESS: infra.temporalAddress,
    HERALD_TEST_DATABASE_URL: infra.databaseUrl,
    HERALD_TEST_ENCRYPTION_KEY: infra.encryptionKey,
    HERALD_TEST_BUNDLE: bundlePath,
  });
}
