// One buildApp() for the server and the tests.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Pool } from '../db/pool';
import { DEFAULT_LIMITS, type ResourceLimits } from '../db/caps';
import { createRateLimiters, DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit';
import type { SecretBox } from '../domain/secret-box';
import { createAppsRepository } from '../db/apps-repository';
import { createEndpointsRepository } from '../db/endpoints-repository';
import { createEventsRepository } from '../db/events-repository';
import { createAuthenticator } from './auth';
import { registerErrorHandling } from './errors';
import type { RouteDeps } from './route-deps';
import { BODY_LIMIT_BYTES, DEFAULT_TIMEOUTS } from './http-limits';
import { registerInputGuard } from './input-guard';
import { LINGER_MAX_BYTES, registerLingeringClose } from './lingering-close';
import { registerApiDescription } from './openapi';
import type { EventStarter } from '../runtime/event-starter';
import type { PresenceReader } from './presence-reader';
import type { ContactReader } from './contact-reader';
import type { UnstartedEventsRepository } from '../db/unstarted-events-repository';
import { channelRoutes } from './routes/channels';
import { logRoutes } from './routes/logs';
import { endpointTestRoutes } from './routes/endpoint-test';
import { statsRoutes } from './routes/stats';
import { recoverRoutes } from './routes/recover';
import { consoleRoutes } from './routes/console';
import { createRecoveriesRepository } from '../db/recoveries-repository';
import type { RecoveryStarter } from './recovery-starter';
import type { OrderedWaker } from './ordered-waker';
import { binReceiver, binRoutes } from './routes/bins';
import { smsStatusCallbacks } from './routes/sms-status';
import { createBinsRepository } from '../db/bins-repository';
import type { HttpPoster } from '../activities/channels/http-post';
import type { Metrics } from '../runtime/metrics';
import { createChannelsRepository } from '../db/channels-repository';
import type { HostLookup } from '../activities/channels/safe-lookup';
import { healthRoutes } from './routes/health';
import { appRoutes } from './routes/apps';
import { endpointRoutes } from './routes/endpoints';
import { eventRoutes } from './routes/events';
import { BATCH_ROUTE, eventBatchRoutes } from './routes/event-batch';
import { transformationTestRoutes } from './routes/transformation-test';
import { userRoutes } from './routes/users';
import { pushCredentialRoutes } from './routes/push-credentials';
import { deviceRoutes } from './routes/devices';
import { createPushCredentialsRepository } from '../db/push-credentials-repository';
import { createDevicesRepository } from '../db/devices-repository';
import { createUsersRepository } from '../db/users-repository';
import type { PayloadCodec } from '@temporalio/common';
import { codecRoutes } from './routes/codec';
import { registerRequestSpans } from './request-spans';
import { portalLinkRoutes, portalSignInRoutes } from './routes/portal';
import { templatePreviewRoutes } from './routes/template-preview';
import { createPortalRepository } from '../db/portal-repository';

export interface ApiDeps {
  pool: Pool;
  secretBox: SecretBox;
  adminToken: string;
  allowPrivateTargets: boolean;
  /** Name resolution for the private-address check (node:dns unless given). */
  lookup?: HostLookup;
  /** HERALD_MAX_ENDPOINTS_PER_APP */
  maxEndpointsPerApp: number;
  /** HERALD_SECRET_ROTATION_GRACE_SECONDS */
  secretRotationGraceSeconds: number;
  /** HERALD_MAX_CHANNELS_PER_APP and the other caps (db/caps.ts); their defaults when absent. */
  limits?: ResourceLimits;
  /** Requests per key and per bin (api/rate-limit.ts); their defaults when absent. */
  rateLimits?: RateLimits;
  /** How long a request may take to arrive whole, and a connection may stay idle (HERALD_REQUEST_TIMEOUT_MS, HERALD_IDLE_TIMEOUT_MS). */
  timeouts?: { requestMs: number; idleMs: number };
  starter: EventStarter;
  /** Starts recoveries (POST …/endpoints/:id/recover). */
  recoveryStarter: RecoveryStarter;
  /** Tells an ordered endpoint's workflow its endpoint was deleted or is no longer ordered. */
  wakeOrdered: OrderedWaker;
  /** Where events whose start failed are noted for the sweeper (api/start-sweeper.ts). */
  unstarted: UnstartedEventsRepository;
  /** Sends the simulator's probes (POST …/endpoints/:id/test), under the private-address policy. */
  tester: Pick<HttpPoster, 'post'>;
  presence: PresenceReader;
  contacts: ContactReader;
  /** Resolves when the Temporal frontend answers. */
  temporalHealth: () => Promise<unknown>;
  /** Every request's log and every 5xx's stack go here. */
  log: Logger;
  /** This process's metrics, served at GET /metrics (runtime/metrics.ts). */
  metrics?: Metrics;
  /** How senders reach this API (HERALD_PUBLIC_URL), for bin URLs; else the request's own host. */
  publicUrl?: string;
  /** The payload codec behind /codec/decode and /codec/encode (HERALD_PAYLOAD_KEY), and the origins that may call them from a browser. */
  payloadCodec?: PayloadCodec;
  codecCorsOrigins?: readonly string[];
  /** Origins allowed to frame the console (HERALD_CONSOLE_FRAME_ANCESTORS): platforms embedding it with portal links. */
  consoleFrameAncestors?: readonly string[];
  /** A span per request, continuing the caller's traceparent (api/request-spans.ts); off unless tracing is configured. */
  tracing?: boolean;
}


export async function buildApp(deps: ApiDeps) {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // A request id from the balancer in front is kept (so its log and Herald's match); otherwise
    // Herald makes one. Every answer carries it in x-request-id.
    requestIdHeader: false,
    genReqId: requestId,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: deps.timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
    connectionTimeout: deps.timeouts?.idleMs ?? DEFAULT_TIMEOUTS.idleMs,
    // Node looks for requests past their timeout this often (30 s by default, which would let a
    // slow request hold on that much longer than its timeout).
    http: { connectionsCheckingInterval: 1000 },
    // FCM registration tokens (~160 characters, up to 4096) travel in device paths.
    routerOptions: { maxParamLength: 4096 },
    // Strict input: no silent coercion of "5" into 5, no silent dropping of unknown fields, and
    // every problem reported at once.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  if (deps.tracing) registerRequestSpans(app);
  registerErrorHandling(app);
  registerLingeringClose(app, { maxBytes: LINGER_MAX_BYTES, maxMs: deps.timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs });
  registerInputGuard(app, [BATCH_ROUTE]);
  await registerApiDescription(app);
  const apps = createAppsRepository(deps.pool);
  const portal = createPortalRepository(deps.pool);
  const auth = createAuthenticator(
    deps.adminToken,
    (hash) => apps.findIdByKeyHash(hash),
    async (appId) => (await apps.get(appId)) !== undefined,
    (token) => portal.findSession(token),
  );
  const routeDeps: RouteDeps = {
    pool: deps.pool,
    auth,
    portal,
    apps,
    endpoints: createEndpointsRepository(deps.pool, deps.secretBox),
    events: createEventsRepository(deps.pool, deps.secretBox),
    pushCredentials: createPushCredentialsRepository(deps.pool, deps.secretBox),
    devices: createDevicesRepository(deps.pool),
    channels: createChannelsRepository(deps.pool, deps.secretBox),
    users: createUsersRepository(deps.pool),
    starter: deps.starter,
    recoveryStarter: deps.recoveryStarter,
    wakeOrdered: deps.wakeOrdered,
    recoveries: createRecoveriesRepository(deps.pool),
    unstarted: deps.unstarted,
    tester: deps.tester,
    metrics: deps.metrics,
    bins: createBinsRepository(deps.pool),
    publicUrl: deps.publicUrl,
    presence: deps.presence,
    contacts: deps.contacts,
    allowPrivateTargets: deps.allowPrivateTargets,
    lookup: deps.lookup,
    maxEndpointsPerApp: deps.maxEndpointsPerApp,
    limits: deps.limits ?? DEFAULT_LIMITS,
    rates: createRateLimiters(deps.rateLimits ?? DEFAULT_RATE_LIMITS),
    secretRotationGraceSeconds: deps.secretRotationGraceSeconds,
    temporalHealth: deps.temporalHealth,
  };

  await app.register(healthRoutes, routeDeps);
  if (deps.metrics) {
    const { registry } = deps.metrics;
    // Every app's credential ids and volumes are in it: on the port tenants use, the admin token
    // only (a scraper without one reads HERALD_METRICS_PORT).
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      await auth.authenticate(request);
      auth.requireAdmin(request);
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  }
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => auth.authenticate(request));
    await v1.register(appRoutes, routeDeps);
    await v1.register(endpointRoutes, routeDeps);
    await v1.register(eventRoutes, routeDeps);
    await v1.register(eventBatchRoutes, routeDeps);
    await v1.register(transformationTestRoutes, routeDeps);
    await v1.register(userRoutes, routeDeps);
    await v1.register(pushCredentialRoutes, routeDeps);
    await v1.register(deviceRoutes, routeDeps);
    await v1.register(channelRoutes, routeDeps);
    await v1.register(logRoutes, routeDeps);
    await v1.register(endpointTestRoutes, routeDeps);
    await v1.register(statsRoutes, routeDeps);
    await v1.register(recoverRoutes, routeDeps);
    await v1.register(binRoutes, routeDeps);
    await v1.register(portalLinkRoutes, { auth, apps, portal, publicUrl: deps.publicUrl });
    await v1.register(templatePreviewRoutes, routeDeps);
  });
  await app.register(portalSignInRoutes, { auth, apps, portal, publicUrl: deps.publicUrl });
  await app.register(binReceiver, { bins: routeDeps.bins, rates: routeDeps.rates });
  await app.register(smsStatusCallbacks, routeDeps);
  await app.register(consoleRoutes, { frameAncestors: deps.consoleFrameAncestors ?? [] });
  await app.register(codecRoutes, { codec: deps.payloadCodec, auth, adminToken: deps.adminToken, corsOrigins: deps.codecCorsOrigins ?? [] });
  return app;
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming)) return incoming;
  return `req_${randomBytes(9).toString('base64url')}`;
}
