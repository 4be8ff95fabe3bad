// Users' device tokens, registered by the app as its users sign in on a phone or a browser.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ResourceId, errorResponses, conflictResponse } from '../schemas';
import type { Device } from '../../db/devices-repository';
import { LIMIT_VARIABLES } from '../../db/caps';
import { HttpError, limitReached, notFound } from '../errors';
import type { RouteDeps } from '../route-deps';

export const UserId = Type.String({ pattern: '^[^\\x00-\\x1f\\x7f]{1,256}$' });
const UserParams = Type.Object({ appId: ResourceId, userId: UserId });
const DeviceParams = Type.Object({ appId: ResourceId, userId: UserId, token: Type.String({ pattern: '^[A-Za-z0-9_:.-]{1,4096}$' }) });

const RegisterBody = Type.Object(
  {
    platform: Type.Union([Type.Literal('apns'), Type.Literal('fcm')]),
    token: Type.String({ minLength: 1, maxLength: 4096 }),
    environment: Type.Optional(Type.Union([Type.Literal('sandbox'), Type.Literal('production')], { description: 'APNs only; default production' })),
    voip: Type.Optional(Type.Boolean({ description: "APNs only: a PushKit token, pushed only for calls (settings.push.voipForCalls), on '<topic>.voip'" })),
  },
  { additionalProperties: false },
);
const DeviceView = Type.Object({
  platform: Type.String(),
  token: Type.String(),
  userId: Type.String(),
  environment: Type.Optional(Type.String()),
  voip: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** The shapes Apple and Google hand apps: an APNs token is hex (32 bytes today); an FCM registration token is URL-safe text. */
const TOKEN_SHAPES = {
  apns: { pattern: /^[0-9a-fA-F]{64,200}$/, says: 'an APNs device token is 64 to 200 hexadecimal characters' },
  fcm: { pattern: /^[A-Za-z0-9_:-]{20,4096}$/, says: 'an FCM registration token is 20 to 4096 characters of A-Z a-z 0-9 _ : -' },
};

const view = (d: Device) => ({
  platform: d.platform,
  token: d.token,
  userId: d.userId,
  ...(d.environment && { environment: d.environment }),
  voip: d.voip,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

export const deviceRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, devices, limits }) => {
  app.post(
    '/v1/apps/:appId/users/:userId/devices',
    { schema: { params: UserParams, body: RegisterBody, response: { 200: DeviceView, 201: DeviceView, ...errorResponses, ...conflictResponse } } },
    async (request, reply) => {
      const { appId, userId } = request.params;
      auth.requireApp(request, appId);
      const { platform, token, environment, voip } = request.body;
      const shape = TOKEN_SHAPES[platform];
      if (!shape.pattern.test(token)) throw new HttpError(400, 'invalid_request', `body /token ${shape.says}`, [{ in: 'body', path: '/token', message: shape.says }]);
      if (platform === 'fcm' && environment !== undefined) {
        const message = 'is for APNs devices only (FCM has one environment)';
        throw new HttpError(400, 'invalid_request', `body /environment ${message}`, [{ in: 'body', path: '/environment', message }]);
      }
      if (platform === 'fcm' && voip) {
        const message = 'is for APNs PushKit tokens only (FCM delivers calls as high-priority data messages)';
        throw new HttpError(400, 'invalid_request', `body /voip ${message}`, [{ in: 'body', path: '/voip', message }]);
      }
      await auth.requireAppExists(request, appId);
      const registered = await devices.register(
        { appId, userId, platform, token, environment: platform === 'apns' ? (environment ?? 'production') : null, voip: voip ?? false },
        limits.devicesPerUser,
      );
      if (registered === 'limit') throw limitReached('device_limit', 'the user', `${limits.devicesPerUser} devices`, LIMIT_VARIABLES.devicesPerUser);
      return reply.code(registered.outcome === 'unchanged' ? 200 : 201).send(view(registered.device));
    },
  );

  app.get(
    '/v1/apps/:appId/users/:userId/devices',
    { schema: { params: UserParams, response: { 200: Type.Object({ data: Type.Array(DeviceView) }), ...errorResponses } } },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      return { data: (await devices.listForUser(request.params.appId, request.params.userId)).map(view) };
    },
  );

  app.delete(
    '/v1/apps/:appId/users/:userId/devices/:token',
    { schema: { params: DeviceParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const { appId, userId, token } = request.params;
      auth.requireApp(request, appId);
      if (!(await devices.remove(appId, userId, token))) throw notFound('device');
      return reply.code(204).send(null);
    },
  );
};
