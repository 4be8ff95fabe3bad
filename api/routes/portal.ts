// Portal links: a platform embeds Herald's console in its own dashboard, one app per customer, as
// Svix's app portal is embedded. `POST /v1/apps/:appId/portal-links` (the app's key or the admin
// token) makes a one-time, short-lived link; opening it signs that browser in to that one app with
// a session cookie (HttpOnly; SameSite=None; Secure; Partitioned over HTTPS, so it works inside
// the platform's iframe), and the API key never reaches the browser. A read-only link's session is
// refused every change (api/auth.ts). Frames are allowed from HERALD_CONSOLE_FRAME_ANCESTORS.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppParams, errorResponses } from '../schemas';
import { HttpError, notFound } from '../errors';
import { CONSOLE_HEADER, cookieOf, PORTAL_COOKIE, type Authenticator } from '../auth';
import type { PortalRepository } from '../../db/portal-repository';
import type { AppsRepository } from '../../db/apps-repository';
import { publicOrigin } from '../public-origin';

const CreateLinkBody = Type.Object(
  {
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 7 * 86_400, description: 'how long the link may be opened (once); 300 by default' })),
    readOnly: Type.Optional(Type.Boolean({ description: 'the session sees everything and changes nothing' })),
  },
  { additionalProperties: false },
);
const LinkView = Type.Object({ url: Type.String(), expiresAt: Type.String(), readOnly: Type.Boolean() });
const LinkParams = Type.Object({ token: Type.String({ pattern: '^hpl_[A-Za-z0-9_-]{20,100}$' }) });

export interface PortalRouteDeps {
  auth: Authenticator;
  apps: AppsRepository;
  portal: PortalRepository;
  publicUrl?: string;
}

/** Under /v1 (authenticated there). */
export const portalLinkRoutes: FastifyPluginAsyncTypebox<PortalRouteDeps> = async (app, { auth, apps, portal, publicUrl }) => {
  app.post(
    '/v1/apps/:appId/portal-links',
    { schema: { params: AppParams, body: CreateLinkBody, response: { 201: LinkView, ...errorResponses } } },
    async (request, reply) => {
      auth.requireApp(request, request.params.appId);
      // A console session may not mint sessions (a read-only one would make itself a full one).
      auth.requireKey(request);
      if (!(await apps.get(request.params.appId))) throw notFound('app');
      const readOnly = request.body.readOnly ?? false;
      const link = await portal.createLink(request.params.appId, readOnly, request.body.expiresInSeconds ?? 300);
      return reply.code(201).send({ url: `${publicOrigin(request, publicUrl)}/console/portal/${link.token}`, expiresAt: link.expiresAt.toISOString(), readOnly });
    },
  );
};

/** The cookie's attributes: over HTTPS it must cross into the embedding site's iframe. */
function cookieAttributes(request: FastifyRequest, publicUrl: string | undefined, maxAge: number): string {
  // SameSite=None needs Secure, and Partitioned keeps it to that embedding (browsers that block
  // third-party cookies allow it). Behind a TLS proxy, HERALD_PUBLIC_URL=https://… says so.
  const secure = (publicUrl ?? '').startsWith('https://') || request.protocol === 'https';
  return ['Path=/', 'HttpOnly', `Max-Age=${maxAge}`, ...(secure ? ['SameSite=None', 'Secure', 'Partitioned'] : ['SameSite=Lax'])].join('; ');
}

/** The link itself, opened by the browser: no token but the one in its path; and signing out. */
export const portalSignInRoutes: FastifyPluginAsyncTypebox<PortalRouteDeps> = async (app, { auth, portal, publicUrl }) => {
  app.post('/console/portal/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.headers[CONSOLE_HEADER] !== '1') throw new HttpError(403, 'forbidden', `signing out comes from the console (${CONSOLE_HEADER}: 1)`);
    const token = cookieOf(request.headers.cookie, PORTAL_COOKIE);
    if (token) {
      await portal.endSession(token);
      auth.forgetSession(token);
    }
    return reply.header('set-cookie', `${PORTAL_COOKIE}=; ${cookieAttributes(request, publicUrl, 0)}`).code(204).send();
  });

  app.get('/console/portal/:token', { schema: { hide: true, params: LinkParams }, logLevel: 'warn' }, async (request, reply) => {
    const session = await portal.openSession(request.params.token);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (!session) {
      return reply
        .code(410)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'")
        .send('<!doctype html><meta charset="utf-8"><title>Link used or expired</title><p>This console link was already used or has expired. Ask for a new one where you found it.</p>');
    }
    const maxAge = Math.max(1, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
    return reply.header('set-cookie', `${PORTAL_COOKIE}=${session.token}; ${cookieAttributes(request, publicUrl, maxAge)}`).redirect('/console', 303);
  });
};
