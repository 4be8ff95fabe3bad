import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ResourceId, errorResponses } from '../schemas';
import { UserId } from './devices';
import { notFound } from '../errors';
import type { RouteDeps } from '../route-deps';

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

export const userRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, apps, presence }) => {
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
