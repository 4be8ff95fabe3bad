// Bearer tokens: the admin token may do anything; an app's API key only its own app, and another
// app's resources answer 404 so that ids cannot be probed.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hashApiKey } from '../domain/ids';
import { HttpError, notFound } from './errors';

/** `portal`: signed in by a portal link's session cookie (api/routes/portal.ts), not by the key. */
export type Principal = { kind: 'admin' } | { kind: 'app'; appId: string; portal?: { readOnly: boolean; expiresAt: string } };

/** The cookie a portal link's session lives in. */
export const PORTAL_COOKIE = 'herald_portal';
/** What a console session's changes carry: a header a cross-site form or image cannot send. */
export const CONSOLE_HEADER = 'x-herald-console';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

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
  findPortalSession: (token: string) => Promise<{ appId: string; readOnly: boolean; expiresAt: Date } | undefined> = async () => undefined,
) {
  const adminDigest = createHash('sha256').update(adminToken).digest();
  // API keys are looked up on every event; a short cache spares PostgreSQL a query per request.
  const cache = new Map<string, { appId: string; until: number }>();

  const sessions = new Map<string, { principal: Principal; until: number }>();

  /** A portal session from its cookie, remembered as keys are (ended sessions are refused within KEY_CACHE_TTL_MS). */
  async function sessionOf(token: string): Promise<Principal | undefined> {
    const hit = sessions.get(token);
    if (hit && hit.until > Date.now()) return hit.principal;
    const found = await findPortalSession(token);
    if (!found) return undefined;
    const principal: Principal = { kind: 'app', appId: found.appId, portal: { readOnly: found.readOnly, expiresAt: found.expiresAt.toISOString() } };
    if (sessions.size >= KEY_CACHE_MAX) sessions.clear();
    sessions.set(token, { principal, until: Math.min(Date.now() + KEY_CACHE_TTL_MS, found.expiresAt.getTime()) });
    return principal;
  }

  async function principalOf(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const match = header && /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      const cookie = !header ? cookieOf(request.headers.cookie, PORTAL_COOKIE) : undefined;
      const portal = cookie ? await sessionOf(cookie) : undefined;
      if (portal) return portal;
      if (cookie) throw new HttpError(401, 'unauthorized', 'this console session has ended: open a new portal link');
      throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <admin token or app API key>');
    }
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
    /** This process stops trusting a console session at once (it signed out; others within KEY_CACHE_TTL_MS). */
    forgetSession(token: string): void {
      sessions.delete(token);
    },
    /** This process stops trusting the app's cached key at once (its key was rotated, or it was deleted); others within KEY_CACHE_TTL_MS. */
    forget(appId: string): void {
      for (const [key, hit] of cache) if (hit.appId === appId) cache.delete(key);
      for (const [token, hit] of sessions) if (hit.principal.kind === 'app' && hit.principal.appId === appId) sessions.delete(token);
    },
    async authenticate(request: FastifyRequest): Promise<void> {
      const principal = await principalOf(request);
      if (principal.kind === 'app' && principal.portal && !SAFE_METHODS.has(request.method)) {
        // A cookie goes with any request the browser makes, a cross-site one too: a change must
        // carry the console's header, which another site's page cannot add without CORS Herald never grants.
        if (request.headers[CONSOLE_HEADER] !== '1') throw new HttpError(403, 'forbidden', `a console session's changes must come from the console (${CONSOLE_HEADER}: 1)`);
        if (principal.portal.readOnly) throw new HttpError(403, 'read_only', 'this console session is read-only: it was opened by a read-only portal link');
      }
      request.principal = principal;
    },
    /** Throws 403 for a read-only console session, also on a GET: what it reveals would let its holder act (a signing secret). */
    refuseReadOnly(request: FastifyRequest): void {
      if (request.principal?.kind === 'app' && request.principal.portal?.readOnly) throw new HttpError(403, 'read_only', 'this console session is read-only: it may not read signing secrets');
    },
    /** Throws 403 for a console session: some acts are the key holder's alone (a new key, new portal links). */
    requireKey(request: FastifyRequest): void {
      if (request.principal?.kind === 'app' && request.principal.portal) throw new HttpError(403, 'forbidden', 'a console session may not do this: use the app\'s API key or the admin token');
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
