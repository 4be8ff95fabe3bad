import { rm } from 'node:fs/promises';
import type { Infrastructure } from '../../bin/infrastructure';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { heraldInfra?: Infrastructure }).heraldInfra?.stop();
  if (process.env.HERALD_TEST_DATA_DIR) await rm(process.env.HERALD_TEST_DATA_DIR, { recursive: true, force: true });
}
