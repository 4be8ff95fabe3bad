// Herald's OpenAPI document as `GET /openapi.json` serves it, made offline: buildApp with no
// Temporal and a PostgreSQL pool that is never connected (the document is made from the route
// schemas alone). The client's types are generated from it (generate-client-types.ts).
import { buildApp } from '../api/app';
import { createPool } from '../db/pool';
import { createSecretBox, generateEncryptionKey } from '../domain/secret-box';
import { createUnstartedEventsRepository } from '../db/unstarted-events-repository';
import { createHttpPoster } from '../activities/channels/http-post';
import { createLogger } from '../bin/logger';

export async function openApiDocument(): Promise<unknown> {
  const pool = createPool('postgres://nobody@127.0.0.1:1/none');
  const unused = () => Promise.reject(new Error('not served while the document is made'));
  const app = await buildApp({
    pool,
    secretBox: createSecretBox(generateEncryptionKey()),
    adminToken: 'openapi-document-only-0123456789',
    allowPrivateTargets: false,
    maxEndpointsPerApp: 100,
    secretRotationGraceSeconds: 86_400,
    log: createLogger('fatal'),
    starter: { start: unused },
    recoveryStarter: { start: unused },
    wakeOrdered: async () => undefined,
    unstarted: createUnstartedEventsRepository(pool),
    tester: createHttpPoster({ allowPrivateTargets: false, timeoutMs: 1000, maxResponseBytes: 1024, userAgent: 'openapi' }),
    presence: { get: unused, held: unused },
    contacts: { get: unused },
    temporalHealth: async () => undefined,
  });
  try {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
    return res.json();
  } finally {
    await app.close();
    await pool.end();
  }
}
