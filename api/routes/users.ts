import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ResourceId, errorResponses } from '../schemas';
import { UserId } from './devices';
import { invalidBody, notFound } from '../errors';
import type { RouteDeps } from '../route-deps';
import {
  normalizedProfile,
  PreferencesSchema,
  preferencesProblems,
  profileProblems,
  UserProfileSchema,
  type Preferences,
} from '../../domain/user-profile';

const UserParams = Type.Object({
  appId: ResourceId,
  userId: UserId,
});

const PresenceView = Type.Object({
  userId: Type.String(),
  presence: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]),
  /** How Herald treats the user for offline notices (an unknown user counts as the app says). */
  treatedAs: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  presenceAt: Type.Optional(Type.String()),
  lastSeenAt: Type.Optional(Type.String()),
  suppressingNoticesUntil: Type.Optional(Type.String()),
  heldBack: Type.Integer(),
  lastNoticeAt: Type.Optional(Type.String()),
  noticesSent: Type.Integer(),
  messagesSuppressed: Type.Integer(),
  workflowId: Type.String(),
});

const UserView = Type.Object({
  userId: Type.String(),
  email: Type.Optional(Type.String()),
  phoneNumber: Type.Optional(Type.String()),
  timeZone: Type.Optional(Type.String()),
  locale: Type.Optional(Type.String()),
  preferences: PreferencesSchema,
  heldSends: Type.Optional(
    Type.Array(
      Type.Object({
        routeId: Type.String(),
        waitingFor: Type.String({ description: 'delay, digest, throttle, quiet hours or retry' }),
        dueAt: Type.String(),
        eventIds: Type.Array(Type.String()),
      }),
      { description: "sends the user's workflow holds (routes with a timing policy, quiet hours), each batch going as one send" },
    ),
  ),
});

/** Preferences as stored and shown: a quietHours of null is no window at all. */
function storedPreferences(preferences: Preferences): Preferences {
  const { quietHours, ...rest } = preferences;
  return quietHours ? { ...rest, quietHours } : rest;
}

export const userRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, apps, presence, users, devices }) => {
  app.put(
    '/v1/apps/:appId/users/:userId',
    { schema: { params: UserParams, body: UserProfileSchema, response: { 200: UserView, ...errorResponses } } },
    async (request) => {
      const { appId, userId } = request.params;
      auth.requireApp(request, appId);
      const problems = profileProblems(request.body);
      if (problems.length > 0) throw invalidBody('invalid_request', problems);
      // A PUT: the addresses given replace the user's; a field left out is cleared.
      const saved = await users.putProfile(appId, userId, normalizedProfile(request.body));
      if (!saved) throw notFound('app');
      return saved;
    },
  );

  app.get('/v1/apps/:appId/users/:userId', { schema: { params: UserParams, response: { 200: UserView, ...errorResponses } } }, async (request) => {
    const { appId, userId } = request.params;
    auth.requireApp(request, appId);
    // The profile is shown even when Temporal does not answer; the held sends then are not.
    let heldRead = true;
    const [found, held] = await Promise.all([
      users.get(appId, userId),
      presence.held(appId, userId).catch(() => {
        heldRead = false;
        return undefined;
      }),
    ]);
    const heldSends = held?.batches.map((b) => ({ routeId: b.routeId, waitingFor: b.why, dueAt: new Date(b.dueAt).toISOString(), eventIds: b.sends.map((x) => x.eventId) }));
    const withHeld = <T extends object>(view: T) => (heldSends && heldSends.length > 0 ? { ...view, heldSends } : view);
    if (found) return withHeld(found);
    // Heard of without a profile: through its devices or its events (its workflow).
    await auth.requireAppExists(request, appId);
    // The held query found the user's workflow, or found none: asking it again (presence) only when that query failed.
    const known = held !== undefined || (await devices.listForUser(appId, userId)).length > 0 || (!heldRead && (await presence.get(appId, userId)) !== undefined);
    if (!known) throw notFound('user');
    return withHeld({ userId, preferences: {} });
  });

  app.put(
    '/v1/apps/:appId/users/:userId/preferences',
    { schema: { params: UserParams, body: PreferencesSchema, response: { 200: PreferencesSchema, ...errorResponses } } },
    async (request) => {
      const { appId, userId } = request.params;
      auth.requireApp(request, appId);
      const problems = preferencesProblems(request.body);
      if (problems.length > 0) throw invalidBody('invalid_request', problems);
      const saved = await users.putPreferences(appId, userId, storedPreferences(request.body));
      if (!saved) throw notFound('app');
      return saved;
    },
  );

  app.get(
    '/v1/apps/:appId/users/:userId/presence',
    { schema: { params: UserParams, response: { 200: PresenceView, ...errorResponses } } },
    async (request) => {
      const { appId, userId } = request.params;
      auth.requireApp(request, appId);
      const found = await apps.get(appId);
      if (!found) throw notFound('app');
      const state = await presence.get(appId, userId);
      const unknownAs = found.settings.unknownUsersAreOffline ? 'offline' : 'online';
      const now = Date.now();
      return {
        userId,
        presence: state?.presence ?? 'unknown',
        treatedAs: !state || state.presence === 'unknown' ? unknownAs : state.presence,
        ...(state?.presenceAt && { presenceAt: state.presenceAt }),
        ...(state?.lastSeenAt && { lastSeenAt: state.lastSeenAt }),
        ...(state?.windowUntil && Date.parse(state.windowUntil) > now && { suppressingNoticesUntil: state.windowUntil }),
        heldBack: state?.heldBack ?? 0,
        ...(state?.lastNoticeAt && { lastNoticeAt: state.lastNoticeAt }),
        noticesSent: state?.noticesSent ?? 0,
        messagesSuppressed: state?.messagesSuppressed ?? 0,
        workflowId: `user/${appId}/${userId}`,
      };
    },
  );
};
