// An app's push credentials: APNs token-auth keys and FCM service accounts. The key material is
// sealed at rest and never returned; the view is what a console shows (ids, topic, project,
// expiry, whether Apple and Google accept it).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppParams, ResourceId, errorResponses } from '../schemas';
import { newId } from '../../domain/ids';
import { checkApnsKey, checkServiceAccount, daysToExpiry, type CredentialProblem } from '../../domain/push-credentials';
import type { PushCredential } from '../../db/push-credentials-repository';
import { invalidBody, limitReached, notFound } from '../errors';
import { LIMIT_VARIABLES } from '../../db/caps';
import { assertStorableInstant } from '../instants';
import type { RouteDeps } from '../route-deps';

const Environment = Type.Union([Type.Literal('sandbox'), Type.Literal('production')]);

/** One shape for both platforms, so a missing field is named plainly rather than as a failed union branch. */
const CreateBody = Type.Object(
  {
    platform: Type.Union([Type.Literal('apns'), Type.Literal('fcm')]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    active: Type.Optional(Type.Boolean({ description: 'default true: it becomes the active one for its platform (and APNs environment)' })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    // APNs (token-based): the .p8 key and what identifies it.
    environment: Type.Optional(Environment),
    keyId: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{10}$', description: "Apple's 10-character key id" })),
    teamId: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{10}$', description: "Apple's 10-character team id" })),
    topic: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]{1,200}$', description: "the app's bundle id" })),
    privateKey: Type.Optional(Type.String({ minLength: 1, maxLength: 10_000 })),
    // FCM: the service account JSON as Google gives it.
    serviceAccount: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
    expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);
const CredentialView = Type.Object({
  id: Type.String(),
  platform: Type.String(),
  name: Type.String(),
  environment: Type.Optional(Type.String()),
  active: Type.Boolean(),
  expiresAt: Type.Optional(Type.String()),
  daysToExpiry: Type.Optional(Type.Integer()),
  status: Type.String(),
  statusReason: Type.Optional(Type.String()),
  keyId: Type.Optional(Type.String()),
  teamId: Type.Optional(Type.String()),
  topic: Type.Optional(Type.String()),
  projectId: Type.Optional(Type.String()),
  clientEmail: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const CredentialParams = Type.Object({ appId: ResourceId, credentialId: ResourceId });

function view(c: PushCredential) {
  return {
    id: c.id,
    platform: c.platform,
    name: c.name,
    ...(c.environment && { environment: c.environment }),
    active: c.active,
    ...(c.expiresAt && { expiresAt: c.expiresAt.toISOString(), daysToExpiry: daysToExpiry(c.expiresAt, new Date()) }),
    status: c.status,
    ...(c.statusReason && { statusReason: c.statusReason }),
    ...c.details,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function refuse(problems: CredentialProblem[]): never {
  throw invalidBody('invalid_credential', problems);
}

export const pushCredentialRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, pushCredentials, allowPrivateTargets, limits }) => {
  app.post(
    '/v1/apps/:appId/push-credentials',
    { schema: { params: AppParams, body: CreateBody, response: { 201: CredentialView, ...errorResponses } } },
    async (request, reply) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      const b = { ...request.body, expiresAt: assertStorableInstant(request.body.expiresAt, '/expiresAt') };
      const problems: CredentialProblem[] = [];
      const need = (field: keyof typeof b) => b[field] === undefined && problems.push({ path: `/${field}`, message: `is required for ${b.platform}` });
      const forbid = (field: keyof typeof b) =>
        b[field] !== undefined && problems.push({ path: `/${field}`, message: `is not allowed here: it belongs to ${b.platform === 'apns' ? 'fcm' : 'apns'}` });
      let details: Record<string, string>;
      let secret: string;
      if (b.platform === 'apns') {
        (['environment', 'keyId', 'teamId', 'topic', 'privateKey'] as const).forEach(need);
        forbid('serviceAccount');
        if (problems.length) refuse(problems);
        problems.push(...checkApnsKey({ keyId: b.keyId!, teamId: b.teamId!, topic: b.topic!, privateKey: b.privateKey! }));
        details = { keyId: b.keyId!, teamId: b.teamId!, topic: b.topic! };
        secret = b.privateKey!;
      } else {
        need('serviceAccount');
        (['environment', 'keyId', 'teamId', 'topic', 'privateKey'] as const).forEach(forbid);
        if (problems.length) refuse(problems);
        const account = b.serviceAccount as Record<string, unknown>;
        problems.push(...checkServiceAccount(account, allowPrivateTargets));
        details = { projectId: String(account.project_id), clientEmail: String(account.client_email) };
        secret = JSON.stringify(account);
      }
      if (problems.length) refuse(problems);
      await auth.requireAppExists(request, appId);
      const created = await pushCredentials.create({
        id: newId('pc'),
        appId,
        platform: b.platform,
        name: b.name,
        environment: b.environment,
        details,
        secret,
        active: b.active ?? true,
        expiresAt: b.expiresAt,
      }, limits.pushCredentialsPerApp);
      if (created === 'limit') throw limitReached('push_credential_limit', 'the app', `${limits.pushCredentialsPerApp} push credentials`, LIMIT_VARIABLES.pushCredentialsPerApp);
      return reply.code(201).send(view(created));
    },
  );

  app.get(
    '/v1/apps/:appId/push-credentials',
    { schema: { params: AppParams, response: { 200: Type.Object({ data: Type.Array(CredentialView) }), ...errorResponses } } },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      return { data: (await pushCredentials.list(request.params.appId)).map(view) };
    },
  );

  app.patch(
    '/v1/apps/:appId/push-credentials/:credentialId',
    { schema: { params: CredentialParams, body: UpdateBody, response: { 200: CredentialView, ...errorResponses } } },
    async (request) => {
      const { appId, credentialId } = request.params;
      auth.requireApp(request, appId);
      const updated = await pushCredentials.update(appId, credentialId, { ...request.body, expiresAt: assertStorableInstant(request.body.expiresAt, '/expiresAt') });
      if (!updated) throw notFound('push credential');
      return view(updated);
    },
  );

  app.delete(
    '/v1/apps/:appId/push-credentials/:credentialId',
    { schema: { params: CredentialParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      auth.requireApp(request, request.params.appId);
      if (!(await pushCredentials.remove(request.params.appId, request.params.credentialId))) throw notFound('push credential');
      return reply.code(204).send(null);
    },
  );
};
