// One buildApp() for the server and the tests.
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Pool } from '../db/pool';
import type { SecretBox } from '../domain/secret-box';
import { createAppsRepository, type AppsRepository } from '../db/apps-repository';
import { createEndpointsRepository, type EndpointsRepository } from '../db/endpoints-repository';
import { createEventsRepository, type EventsRepository } from '../db/events-repository';
import { createAuthenticator, type Authenticator } from './auth';
import { registerErrorHandling } from './errors';
import type { EventStarter } from './event-starter';
import type { PresenceReader } from './presence-reader';
import { healthRoutes } from './routes/health';
import { appRoutes } from './routes/apps';
import { endpointRoutes } from './routes/endpoints';
import { eventRoutes } from './routes/events';
import { userRoutes } from './routes/users';

export interface ApiDeps {
  pool: Pool;
  secretBox: SecretBox;
  adminToken: string;
  allowPrivateTargets: boolean;
  starter: EventStarter;
  presence: PresenceReader;
  /** Resolves when the Temporal frontend answers. */
  temporalHealth: () => Promise<unknown>;
  logger?: FastifyServerOptions['logger'];
}

export interface RouteDeps {
  pool: Pool;
  auth: Authenticator;
  apps: AppsRepository;
  endpoints: EndpointsRepository;
  events: EventsRepository;
  starter: EventStarter;
  presence: PresenceReader;
  allowPrivateTargets: boolean;
  temporalHealth: () => Promise<unknown>;
}

export async function buildApp(deps: ApiDeps) {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 256 * 1024,
    // Strict input: no silent coercion of "5" into 5, no silent dropping of unknown fields, and
    // every problem reported at once.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  const apps = createAppsRepository(deps.pool);
  const auth = createAuthenticator(deps.adminToken, (hash) => apps.findIdByKeyHash(hash));
  const routeDeps: RouteDeps = {
    pool: deps.pool,
    auth,
    apps,
    endpoints: createEndpointsRepository(deps.pool, deps.secretBox),
    events: createEventsRepository(deps.pool, deps.secretBox),
    starter: deps.starter,
    presence: deps.presence,
    allowPrivateTargets: deps.allowPrivateTargets,
    temporalHealth: deps.temporalHealth,
  };

  await app.register(healthRoutes, routeDeps);
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => auth.authenticate(request));
    await v1.register(appRoutes, routeDeps);
    await v1.register(endpointRoutes, routeDeps);
    await v1.register(eventRoutes, routeDeps);
    await v1.register(userRoutes, routeDeps);
  });
  return app;
}
