// Request and response schemas shared by the routes; route types are derived from them.
import { Type, type TSchema } from '@sinclair/typebox';
import { RATE_LIMIT_RANGE } from '../domain/endpoint-controls';
import { AppSettingsSchema, PushSettingsSchema, SmsInboundSettingsSchema } from '../domain/app-settings';
import { allEventTypes } from '../domain/event-catalog';
import { EVENT_ID_PATTERN } from '../domain/ids';
import { PAYLOAD_FORMATS } from '../domain/payload-formats';

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object({ in: Type.Optional(Type.String()), path: Type.Optional(Type.String()), message: Type.String() }),
    ),
  }),
});

/**
 * What any route may answer besides its success: the request is wrong (400, 413 too large, 415 not
 * JSON), the key is missing or wrong (401), not this app's (403/404), or Herald failed (500, with
 * the request id its log names).
 */
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 500: ErrorBody, 503: ErrorBody };
/** A limit or a state that refuses the change (endpoints per app, devices per user, rotations at once). */
export const conflictResponse = { 409: ErrorBody };

/** Ids Herald makes (`app_…`, `ep_…`): anything else names nothing and is refused as such. */
export const ResourceId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const AppParams = Type.Object({ appId: ResourceId });

/** `?limit=&cursor=` of a cursor-paginated list; the query string arrives as text. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'items per page, 1–100 (default 50)' })),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

const ResolvedSettings = Type.Object({
  offlineSuppressionSeconds: Type.Integer(),
  unknownUsersAreOffline: Type.Boolean(),
  bounceThreshold: Type.Integer(),
  failingAfterAttempts: Type.Integer(),
  retentionDays: Type.Integer(),
  retrySchedule: Type.Array(Type.Number()),
  push: PushSettingsSchema,
  smsInbound: SmsInboundSettingsSchema,
  criticalEventTypes: Type.Array(Type.String()),
});

export const AppView = Type.Object({ id: Type.String(), name: Type.String(), settings: ResolvedSettings });
export const CreateAppBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), settings: Type.Optional(AppSettingsSchema) },
  { additionalProperties: false },
);
export const UpdateAppBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), settings: Type.Optional(AppSettingsSchema) },
  { additionalProperties: false },
);

export const EventFilter = Type.Array(
  Type.Union([Type.Literal('*'), ...allEventTypes.map((t) => Type.Literal(t))]),
  { minItems: 1, maxItems: 64, uniqueItems: true },
);

export const EndpointParams = Type.Object({ appId: ResourceId, endpointId: ResourceId });
export const EndpointView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Type.Optional(Type.String()),
  guaranteed: Type.Boolean(),
  format: Type.String(),
  status: Type.Union([Type.Literal('enabled'), Type.Literal('disabled')]),
  disabledReason: Type.Optional(Type.String()),
  disabledAt: Type.Optional(Type.String()),
  /** Failed attempts in a row; `failingSince` once past the app's failingAfterAttempts. */
  consecutiveFailures: Type.Integer(),
  failingSince: Type.Optional(Type.String()),
  /** Events reach it one at a time, in the order received (the next waits while one retries). */
  ordered: Type.Boolean(),
  filter: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'only events matching this filter are delivered here' })),
  rateLimit: Type.Optional(Type.Integer({ description: 'deliveries per second at most; the others wait their turn' })),
  transformation: Type.Optional(Type.String({ description: 'JavaScript defining function handler(webhook), run in a sandbox before each delivery' })),
  headerNames: Type.Optional(Type.Array(Type.String(), { description: 'the extra headers sent on every request (their values are sealed and never shown)' })),
  auth: Type.Optional(Type.Object({ type: Type.Literal('oauth2'), tokenUrl: Type.String(), clientId: Type.String(), scope: Type.Optional(Type.String()) })),
  tls: Type.Optional(
    Type.Object(
      { subject: Type.String(), issuer: Type.String(), notAfter: Type.String(), fingerprint256: Type.String(), caPinned: Type.Boolean() },
      { description: 'the client certificate presented for mutual TLS (its key is sealed and never shown)' },
    ),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** Delivery controls (docs/webhooks.md); null in a PATCH removes one. */
const EndpointControls = {
  filter: Type.Object({}, { additionalProperties: true, description: 'a JSON filter over type and data.* ($eq $neq $in $nin $gt $gte $lt $lte $exists $and $or $not)' }),
  rateLimit: Type.Integer({ minimum: RATE_LIMIT_RANGE.min, maximum: RATE_LIMIT_RANGE.max, description: 'deliveries per second at most, across every worker' }),
  transformation: Type.String({ minLength: 1, maxLength: 65_536, description: 'JavaScript source defining function handler(webhook)' }),
  headers: Type.Record(Type.String(), Type.String(), { description: 'extra headers on every request; values are sealed and never shown again' }),
  auth: Type.Object(
    {
      type: Type.Literal('oauth2'),
      tokenUrl: Type.String({ minLength: 1, maxLength: 2048 }),
      clientId: Type.String({ minLength: 1, maxLength: 500 }),
      clientSecret: Type.String({ minLength: 1, maxLength: 2000 }),
      scope: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    },
    { additionalProperties: false, description: 'OAuth 2.0 client credentials: Herald sends the token as Authorization: Bearer' },
  ),
  tls: Type.Object(
    {
      certificate: Type.String({ minLength: 1, maxLength: 32_768 }),
      privateKey: Type.String({ minLength: 1, maxLength: 32_768 }),
      ca: Type.Optional(Type.String({ minLength: 1, maxLength: 65_536 })),
    },
    { additionalProperties: false, description: 'a client certificate and key (PEM) for mutual TLS; ca pins the receiver\'s CA' },
  ),
};
export const CreateEndpointBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    /** Event types, or ["*"]. Either this or eventMask. */
    events: Type.Optional(EventFilter),
    /** mesibo's event bits (0x10 online, 0x20 offline, 0x100 messages), as a number or "0x…". */
    eventMask: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 0xffff_ffff }), Type.String({ pattern: '^0[xX][0-9a-fA-F]{1,8}$' })]),
    ),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    guaranteed: Type.Optional(Type.Boolean({ description: "retry on the app's retrySchedule (default true); false: one attempt only (chat-api's mode)" })),
    /** One at a time, in the order received: the next waits while one retries. Default: parallel. */
    ordered: Type.Optional(Type.Boolean()),
    format: Type.Optional(Type.Union(PAYLOAD_FORMATS.map((f) => Type.Literal(f)))),
    formatOptions: Type.Optional(
      Type.Object({ mesiboSecret: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false }),
    ),
    filter: Type.Optional(EndpointControls.filter),
    rateLimit: Type.Optional(EndpointControls.rateLimit),
    transformation: Type.Optional(EndpointControls.transformation),
    headers: Type.Optional(EndpointControls.headers),
    auth: Type.Optional(EndpointControls.auth),
    tls: Type.Optional(EndpointControls.tls),
  },
  { additionalProperties: false },
);
const nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
export const UpdateEndpointBody = Type.Composite(
  [
    Type.Partial(Type.Omit(CreateEndpointBody, ['filter', 'rateLimit', 'transformation', 'headers', 'auth', 'tls'])),
    Type.Object({
      filter: nullable(EndpointControls.filter),
      rateLimit: nullable(EndpointControls.rateLimit),
      transformation: nullable(EndpointControls.transformation),
      headers: nullable(EndpointControls.headers),
      auth: nullable(EndpointControls.auth),
      tls: nullable(EndpointControls.tls),
    }),
  ],
  { additionalProperties: false },
);

export const EventParams = Type.Object({
  appId: ResourceId,
  eventId: Type.String({ pattern: EVENT_ID_PATTERN }),
});
export const PostEventBody = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: EVENT_ID_PATTERN })),
    type: Type.String({ minLength: 1, maxLength: 100 }),
    data: Type.Object({}, { additionalProperties: true }),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export const AcceptedEvent = Type.Object({ id: Type.String(), workflowId: Type.String() });
export const DeliveryView = Type.Object({
  endpointId: Type.String(),
  replayId: Type.Optional(Type.String({ description: "set on a replay's delivery" })),
  channel: Type.String(),
  target: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastStatusCode: Type.Optional(Type.Integer()),
  lastError: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String({ description: 'why a delivery was skipped, held or cancelled (a user\'s preferences, a missing address, …)' })),
  nextAttemptAt: Type.Optional(Type.String()),
  updatedAt: Type.String(),
});
export const EventView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  data: Type.Object({}, { additionalProperties: true }),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
  status: Type.String(),
  workflowId: Type.String(),
  /** The first 100 deliveries by endpoint id; deliveryCount says how many there are. */
  deliveries: Type.Array(DeliveryView),
  deliveryCount: Type.Integer(),
});
export const AttemptView = Type.Object({
  endpointId: Type.String(),
  channel: Type.String(),
  attempt: Type.Integer(),
  webhookId: Type.String(),
  url: Type.String(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  responseExcerpt: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'delivered, retrying, failed, pending; skipped, held or cancelled by the user\'s policy (error says why)' })),
  createdAt: Type.String(),
});
