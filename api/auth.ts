// Bearer tokens: the admin token may do anything; an app's API key only its own app, and another
// app's resources answer 404 so that ids cannot be probed.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hashApiKey } from '../domain/ids';
import { HttpError, notFound } from './errors';

export type Principal = { kind: 'admin' } | { kind: 'app'; appId: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * How long a key's app is remembered per API process. Keys are rotated and apps deleted through
 * any process, and every other one must refuse the old key within 2 s (CONTRACT): one indexed
 * lookup per key per second is the price, cheaper than a notification channel to keep alive.
 */
export const KEY_CACHE_TTL_MS = 1000;
const KEY_CACHE_MAX = 10_000;

export function createAuthenticator(
  adminToken: string,
  findAppIdByKeyHash: (hash: Buffer) => Promise<string | undefined>,
  appExists: (appId: string) => Promise<boolean>,
) {
  const adminDigest = createHash('sha256').update(adminToken).digest();
  // API keys are looked up on every event; a short cache spares PostgreSQL a query per request.
  const cache = new Map<string, { appId: string; until: number }>();

  async function principalOf(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const match = header && /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <admin token or app API key>');
    const token = match[1];
    const digest = hashApiKey(token);
    if (timingSafeEqual(digest, adminDigest)) return { kind: 'admin' };
    const key = digest.toString('base64');
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return { kind: 'app', appId: hit.appId };
    const appId = await findAppIdByKeyHash(digest);
    if (!appId) throw new HttpError(401, 'unauthorized', 'the token is not valid');
    if (cache.size >= KEY_CACHE_MAX) cache.clear();
    cache.set(key, { appId, until: Date.now() + KEY_CACHE_TTL_MS });
    return { kind: 'app', appId };
  }

  return {
    /** This process stops trusting the app's cached key at once (its key was rotated, or it was deleted); others within KEY_CACHE_TTL_MS. */
    forget(appId: string): void {
      for (const [key, hit] of cache) if (hit.appId === appId) cache.delete(key);
    },
    async authenticate(request: FastifyRequest): Promise<void> {
      request.principal = await principalOf(request);
    },
    requireAdmin(request: FastifyRequest): void {
      if (request.principal?.kind !== 'admin') throw new HttpError(403, 'forbidden', 'this route needs the admin token');
    },
    /** Throws 404 unless the caller is the admin or this app's own key. */
    requireApp(request: FastifyRequest, appId: string): void {
      const p = request.principal;
      if (p?.kind === 'admin' || (p?.kind === 'app' && p.appId === appId)) return;
      throw notFound('app');
    },
    /**
     * After requireApp, for routes that create something under the app: the admin token may name
     * any app id, so its existence is checked for the admin alone (an app key proves its app).
     */
    async requireAppExists(request: FastifyRequest, appId: string): Promise<void> {
      if (request.principal?.kind === 'admin' && !(await appExists(appId))) throw notFound('app');
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
