// A production process given everything (DATABASE_URL, TEMPORAL_ADDRESS, the admin token and the
// encryption key) keeps nothing on disk: it starts with a data folder it cannot create, as on the
// Helm chart's read-only root filesystem or in the image, where /app belongs to root.
import { existsSync } from 'node:fs';
import { loadConfig } from '../../bin/config';
import { startInfrastructure } from '../../bin/infrastructure';
import { ADMIN_TOKEN, testEnv } from '../support/herald';

it('starts its infrastructure without making the data folder when nothing is kept there', async () => {
  const env = testEnv();
  // Under a regular file: no one, root included, can make this folder.
  const dataDir = '/etc/hostname/herald-data';
  const config = loadConfig({}, { dataDir, databaseUrl: env.databaseUrl, temporalAddress: env.temporalAddress, adminToken: ADMIN_TOKEN, encryptionKey: env.encryptionKey });
  const infra = await startInfrastructure(config, { ui: false });
  try {
    expect(infra).toMatchObject({ databaseUrl: env.databaseUrl, temporalAddress: env.temporalAddress, adminToken: ADMIN_TOKEN, encryptionKey: env.encryptionKey });
    expect(existsSync(dataDir)).toBe(false);
  } finally {
    await infra.stop();
  }
});
