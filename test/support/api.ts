// The API as the HTTP tests build it: buildApp on the run's PostgreSQL and encryption key, with
// the defaults the server uses, a starter and presence reader that touch no Temporal, and a
// logger into memory. Each test file overrides what it exercises.
import { buildApp, type ApiDeps } from '../../api/app';
import type { Pool } from '../../db/pool';
import { createSecretBox } from '../../domain/secret-box';
import { ADMIN_TOKEN, testEnv } from './herald';
import { memoryLog } from './log';
import { createUnstartedEventsRepository } from '../../db/unstarted-events-repository';
import { createHttpPoster } from '../../activities/channels/http-post';
import { recoveryWorkflowId } from '../../api/recovery-starter';

export function buildTestApi(pool: Pool, overrides: Partial<ApiDeps> = {}) {
  return buildApp({
    pool,
    secretBox: createSecretBox(testEnv().encryptionKey),
    adminToken: ADMIN_TOKEN,
    allowPrivateTargets: false,
    maxEndpointsPerApp: 100,
    secretRotationGraceSeconds: 86_400,
    log: memoryLog().log,
    starter: { start: async () => true },
    recoveryStarter: { start: async (input) => recoveryWorkflowId(input.appId, input.endpointId, input.recoveryId) },
    wakeOrdered: async () => undefined,
    unstarted: createUnstartedEventsRepository(pool),
    tester: createHttpPoster({ allowPrivateTargets: overrides.allowPrivateTargets ?? false, lookup: overrides.lookup, timeoutMs: 3000, maxResponseBytes: 1024, userAgent: 'test' }),
    presence: { get: async () => undefined, held: async () => undefined },
    contacts: { get: async () => undefined },
    temporalHealth: async () => undefined,
    ...overrides,
  });
}
