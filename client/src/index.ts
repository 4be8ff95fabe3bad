// @herald/client: Herald's API from TypeScript or JavaScript. The types are generated from
// Herald's own OpenAPI document (src/schema.ts, by openapi-typescript; `npm run
// generate:client` in Herald's repository); requests go through openapi-fetch. This layer adds
// resources that mirror the routes, HeraldError for every refusal, retries of 429 and 503,
// an id on every event sent (so a retried send is delivered once), and lists that iterate over
// every page.
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { DEFAULT_RETRY, retryingFetch, type RetryOptions } from './retrying-fetch';

export { verifyWebhook, signWebhook, WebhookVerificationError } from './webhook';
export type { paths, components } from './schema';

export interface HeraldOptions {
  /** Herald's API, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** An app's API key, or the admin token. */
  token: string;
  /** Retries of 429 and 503 (`{maxRetries: 0}`: none). */
  retry?: Partial<RetryOptions>;
  /** The fetch to use (the global one by default). */
  fetch?: typeof fetch;
}

/** Herald's `{error: {code, message, details}}`, with the HTTP status. */
export class HeraldError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { in?: string; path?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'HeraldError';
  }
}

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body a route takes. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;
/** The query a route takes. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** A list over every page: `for await (const item of list)`; `.page(cursor?)` reads one page. */
export interface Paged<T> extends AsyncIterable<T> {
  page(cursor?: string): Promise<{ data: T[]; nextCursor?: string }>;
}

function paged<T>(read: (cursor?: string) => Promise<{ data: T[]; nextCursor?: string }>): Paged<T> {
  return {
    page: read,
    async *[Symbol.asyncIterator]() {
      let cursor: string | undefined;
      do {
        const { data, nextCursor } = await read(cursor);
        yield* data;
        cursor = nextCursor;
      } while (cursor);
    },
  };
}

/** An event id, made when the caller gives none: a retried send then carries the same one. */
const eventId = () => `evt_${randomUUID()}`;

export class Herald {
  private readonly client;

  constructor(options: HeraldOptions) {
    const inner = options.fetch ?? globalThis.fetch;
    this.client = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: { authorization: `Bearer ${options.token}` },
      fetch: retryingFetch(inner, { ...DEFAULT_RETRY, ...options.retry }),
    });
  }

  /** The answer's body, or HeraldError. */
  private async ok<T>(call: Promise<Answer<T>>): Promise<T> {
    const { data, error, response } = await call;
    if (response.ok) return data as T;
    const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: HeraldError['details'] } };
    throw new HeraldError(response.status, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${response.status}`, body.error?.details ?? []);
  }

  readonly apps = {
    create: (body: BodyOf<'/v1/apps', 'post'>) => this.ok(this.client.POST('/v1/apps', { body })),
    get: (appId: string) => this.ok(this.client.GET('/v1/apps/{appId}', { params: { path: { appId } } })),
    /** The app an API key belongs to. */
    own: () => this.ok(this.client.GET('/v1/app')),
    list: () => paged((cursor) => this.ok(this.client.GET('/v1/apps', { params: { query: { ...(cursor && { cursor }) } } }))),
    update: (appId: string, body: BodyOf<'/v1/apps/{appId}', 'patch'>) => this.ok(this.client.PATCH('/v1/apps/{appId}', { params: { path: { appId } }, body })),
    delete: (appId: string) => this.ok(this.client.DELETE('/v1/apps/{appId}', { params: { path: { appId } } })),
    rotateApiKey: (appId: string) => this.ok(this.client.POST('/v1/apps/{appId}/api-key/rotate', { params: { path: { appId } } })),
    createPortalLink: (appId: string, body: BodyOf<'/v1/apps/{appId}/portal-links', 'post'>) =>
      this.ok(this.client.POST('/v1/apps/{appId}/portal-links', { params: { path: { appId } }, body })),
    stats: (appId: string, query: QueryOf<'/v1/apps/{appId}/stats', 'get'> = {}) => this.ok(this.client.GET('/v1/apps/{appId}/stats', { params: { path: { appId }, query } })),
  };

  readonly endpoints = {
    create: (appId: string, body: BodyOf<'/v1/apps/{appId}/endpoints', 'post'>) => this.ok(this.client.POST('/v1/apps/{appId}/endpoints', { params: { path: { appId } }, body })),
    list: (appId: string) => paged((cursor) => this.ok(this.client.GET('/v1/apps/{appId}/endpoints', { params: { path: { appId }, query: { ...(cursor && { cursor }) } } }))),
    get: (appId: string, endpointId: string) => this.ok(this.client.GET('/v1/apps/{appId}/endpoints/{endpointId}', { params: { path: { appId, endpointId } } })),
    update: (appId: string, endpointId: string, body: BodyOf<'/v1/apps/{appId}/endpoints/{endpointId}', 'patch'>) =>
      this.ok(this.client.PATCH('/v1/apps/{appId}/endpoints/{endpointId}', { params: { path: { appId, endpointId } }, body })),
    delete: (appId: string, endpointId: string) => this.ok(this.client.DELETE('/v1/apps/{appId}/endpoints/{endpointId}', { params: { path: { appId, endpointId } } })),
    enable: (appId: string, endpointId: string) => this.ok(this.client.POST('/v1/apps/{appId}/endpoints/{endpointId}/enable', { params: { path: { appId, endpointId } } })),
    disable: (appId: string, endpointId: string, reason?: string) =>
      this.ok(this.client.POST('/v1/apps/{appId}/endpoints/{endpointId}/disable', { params: { path: { appId, endpointId } }, body: reason ? { reason } : null })),
    secret: (appId: string, endpointId: string) => this.ok(this.client.GET('/v1/apps/{appId}/endpoints/{endpointId}/secret', { params: { path: { appId, endpointId } } })),
    rotateSecret: (appId: string, endpointId: string) => this.ok(this.client.POST('/v1/apps/{appId}/endpoints/{endpointId}/secret/rotate', { params: { path: { appId, endpointId } } })),
    test: (appId: string, endpointId: string, body: BodyOf<'/v1/apps/{appId}/endpoints/{endpointId}/test', 'post'>) =>
      this.ok(this.client.POST('/v1/apps/{appId}/endpoints/{endpointId}/test', { params: { path: { appId, endpointId } }, body })),
    testTransformation: (appId: string, endpointId: string, body: BodyOf<'/v1/apps/{appId}/endpoints/{endpointId}/transformation/test', 'post'>) =>
      this.ok(this.client.POST('/v1/apps/{appId}/endpoints/{endpointId}/transformation/test', { params: { path: { appId, endpointId } }, body })),
    attempts: (appId: string, endpointId: string) =>
      paged((cursor) => this.ok(this.client.GET('/v1/apps/{appId}/endpoints/{endpointId}/attempts', { params: { path: { appId, endpointId }, query: { ...(cursor && { cursor }) } } }))),
    recover: (appId: string, endpointId: string, body: BodyOf<'/v1/apps/{appId}/endpoints/{endpointId}/recover', 'post'>) =>
      this.ok(this.client.POST('/v1/apps/{appId}/endpoints/{endpointId}/recover', { params: { path: { appId, endpointId } }, body })),
    recovery: (appId: string, endpointId: string, recoveryId: string) =>
      this.ok(this.client.GET('/v1/apps/{appId}/endpoints/{endpointId}/recover/{recoveryId}', { params: { path: { appId, endpointId, recoveryId } } })),
  };

  readonly events = {
    /** Sends an event; an `id` is made when none is given, so a retry of this call is delivered once. */
    send: (appId: string, body: Omit<BodyOf<'/v1/apps/{appId}/events', 'post'>, 'id'> & { id?: string }) =>
      this.ok(this.client.POST('/v1/apps/{appId}/events', { params: { path: { appId } }, body: { ...body, id: body.id ?? eventId() } })),
    /** Up to 100 events, each with an id (made when absent); the 207's results, in order. */
    sendBatch: (appId: string, events: (Omit<BodyOf<'/v1/apps/{appId}/events', 'post'>, 'id'> & { id?: string })[]) =>
      this.ok(this.client.POST('/v1/apps/{appId}/events/batch', { params: { path: { appId } }, body: { events: events.map((e) => ({ ...e, id: e.id ?? eventId() })) } })),
    get: (appId: string, eventId: string) => this.ok(this.client.GET('/v1/apps/{appId}/events/{eventId}', { params: { path: { appId, eventId } } })),
    list: (appId: string, query: Omit<QueryOf<'/v1/apps/{appId}/events', 'get'>, 'cursor'> = {}) =>
      paged((cursor) => this.ok(this.client.GET('/v1/apps/{appId}/events', { params: { path: { appId }, query: { ...query, ...(cursor && { cursor }) } } }))),
    attempts: (appId: string, eventId: string) =>
      paged((cursor) => this.ok(this.client.GET('/v1/apps/{appId}/events/{eventId}/attempts', { params: { path: { appId, eventId }, query: { ...(cursor && { cursor }) } } }))),
    replay: (appId: string, eventId: string, body: BodyOf<'/v1/apps/{appId}/events/{eventId}/replay', 'post'> = {}) =>
      this.ok(this.client.POST('/v1/apps/{appId}/events/{eventId}/replay', { params: { path: { appId, eventId } }, body })),
  };

  readonly channels = {
    create: (appId: string, body: BodyOf<'/v1/apps/{appId}/channels', 'post'>) => this.ok(this.client.POST('/v1/apps/{appId}/channels', { params: { path: { appId } }, body })),
    list: (appId: string) => paged((cursor) => this.ok(this.client.GET('/v1/apps/{appId}/channels', { params: { path: { appId }, query: { ...(cursor && { cursor }) } } }))),
    get: (appId: string, channelId: string) => this.ok(this.client.GET('/v1/apps/{appId}/channels/{channelId}', { params: { path: { appId, channelId } } })),
    update: (appId: string, channelId: string, body: BodyOf<'/v1/apps/{appId}/channels/{channelId}', 'patch'>) =>
      this.ok(this.client.PATCH('/v1/apps/{appId}/channels/{channelId}', { params: { path: { appId, channelId } }, body })),
    delete: (appId: string, channelId: string) => this.ok(this.client.DELETE('/v1/apps/{appId}/channels/{channelId}', { params: { path: { appId, channelId } } })),
  };

  readonly routes = {
    create: (appId: string, body: BodyOf<'/v1/apps/{appId}/routes', 'post'>) => this.ok(this.client.POST('/v1/apps/{appId}/routes', { params: { path: { appId } }, body })),
    list: (appId: string) => paged((cursor) => this.ok(this.client.GET('/v1/apps/{appId}/routes', { params: { path: { appId }, query: { ...(cursor && { cursor }) } } }))),
    delete: (appId: string, routeId: string) => this.ok(this.client.DELETE('/v1/apps/{appId}/routes/{routeId}', { params: { path: { appId, routeId } } })),
  };

  readonly users = {
    put: (appId: string, userId: string, body: BodyOf<'/v1/apps/{appId}/users/{userId}', 'put'>) =>
      this.ok(this.client.PUT('/v1/apps/{appId}/users/{userId}', { params: { path: { appId, userId } }, body })),
    get: (appId: string, userId: string) => this.ok(this.client.GET('/v1/apps/{appId}/users/{userId}', { params: { path: { appId, userId } } })),
    setPreferences: (appId: string, userId: string, body: BodyOf<'/v1/apps/{appId}/users/{userId}/preferences', 'put'>) =>
      this.ok(this.client.PUT('/v1/apps/{appId}/users/{userId}/preferences', { params: { path: { appId, userId } }, body })),
    presence: (appId: string, userId: string) => this.ok(this.client.GET('/v1/apps/{appId}/users/{userId}/presence', { params: { path: { appId, userId } } })),
  };

  readonly devices = {
    register: (appId: string, userId: string, body: BodyOf<'/v1/apps/{appId}/users/{userId}/devices', 'post'>) =>
      this.ok(this.client.POST('/v1/apps/{appId}/users/{userId}/devices', { params: { path: { appId, userId } }, body })),
    list: (appId: string, userId: string) => this.ok(this.client.GET('/v1/apps/{appId}/users/{userId}/devices', { params: { path: { appId, userId } } })),
    delete: (appId: string, userId: string, token: string) => this.ok(this.client.DELETE('/v1/apps/{appId}/users/{userId}/devices/{token}', { params: { path: { appId, userId, token } } })),
  };

  readonly pushCredentials = {
    create: (appId: string, body: BodyOf<'/v1/apps/{appId}/push-credentials', 'post'>) => this.ok(this.client.POST('/v1/apps/{appId}/push-credentials', { params: { path: { appId } }, body })),
    list: (appId: string) => this.ok(this.client.GET('/v1/apps/{appId}/push-credentials', { params: { path: { appId } } })),
    update: (appId: string, credentialId: string, body: BodyOf<'/v1/apps/{appId}/push-credentials/{credentialId}', 'patch'>) =>
      this.ok(this.client.PATCH('/v1/apps/{appId}/push-credentials/{credentialId}', { params: { path: { appId, credentialId } }, body })),
    delete: (appId: string, credentialId: string) => this.ok(this.client.DELETE('/v1/apps/{appId}/push-credentials/{credentialId}', { params: { path: { appId, credentialId } } })),
  };

  readonly bins = {
    create: (appId: string) => this.ok(this.client.POST('/v1/apps/{appId}/bins', { params: { path: { appId } } })),
    list: (appId: string) => this.ok(this.client.GET('/v1/apps/{appId}/bins', { params: { path: { appId } } })),
    requests: (appId: string, binId: string) => this.ok(this.client.GET('/v1/apps/{appId}/bins/{binId}/requests', { params: { path: { appId, binId } } })),
  };

  readonly templates = {
    /** A route's or push template rendered on a sample event, before it is saved. */
    preview: (appId: string, body: BodyOf<'/v1/apps/{appId}/template-preview', 'post'>) =>
      this.ok(this.client.POST('/v1/apps/{appId}/template-preview', { params: { path: { appId } }, body })),
  };

  readonly contacts = {
    get: (appId: string, contactId: string) => this.ok(this.client.GET('/v1/apps/{appId}/contacts/{contactId}', { params: { path: { appId, contactId } } })),
  };
}
