// An app's forwarding channels (email, SMS, chat webhooks, http), the routes that send its events
// to them, and its SMS contacts' state. A channel's config is checked against its type's schema
// (activities/channels/) and the private-address policy; its secret fields are sealed and never
// returned.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppParams, EventFilter, PageQuery, ResourceId, errorResponses } from '../schemas';
import { newId } from '../../domain/ids';
import { CHANNELS, CHANNEL_TYPES } from '../../activities/channels/registry';
import type { ConfigProblem } from '../../activities/channels/channel';
import { splitConfig, type ChannelRecord, type RouteRecord } from '../../db/channels-repository';
import { invalidBody, limitReached, notFound } from '../errors';
import { LIMIT_VARIABLES } from '../../db/caps';
import { CONTACT_ID_PATTERN } from '../../domain/contacts';
import { pageOf } from '../pagination';
import { countPlaceholders, MAX_PLACEHOLDERS } from '../../domain/templates';
import { assertAllowedTarget } from '../target-check';
import { policyProblems, RoutePolicySchema } from '../../domain/notification-policy';
import { canonicalLocale } from '../../domain/user-profile';
import { filterControlProblems } from '../../domain/endpoint-controls';
import type { RouteDeps } from '../route-deps';

const Config = Type.Object({}, { additionalProperties: true, description: "the channel type's config (docs/channels.md)" });
const CreateChannelBody = Type.Object(
  {
    type: Type.Union(CHANNEL_TYPES.map((t) => Type.Literal(t))),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    config: Config,
  },
  { additionalProperties: false },
);
const UpdateChannelBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    config: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'fields to change; the others are kept' })),
  },
  { additionalProperties: false },
);
const ChannelView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  status: Type.String(),
  statusReason: Type.Optional(Type.String()),
  config: Type.Object({}, { additionalProperties: true, description: 'without its secret fields' }),
  secretFields: Type.Array(Type.String(), { description: 'secret fields set (sealed, never returned)' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const ChannelParams = Type.Object({ appId: ResourceId, channelId: ResourceId });

const TemplateFields = {
  subject: Type.Optional(Type.String({ maxLength: 998 })),
  text: Type.Optional(Type.String({ maxLength: 65_536 })),
  html: Type.Optional(Type.String({ maxLength: 131_072 })),
};
const Template = Type.Object(
  {
    ...TemplateFields,
    locales: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$' }), Type.Object(TemplateFields, { additionalProperties: false }), {
        maxProperties: 50,
        description: 'per BCP 47 tag: what a user of that locale is sent (pt-BR, then pt, then the fields above)',
      }),
    ),
  },
  { additionalProperties: false },
);
const CreateRouteBody = Type.Object(
  {
    events: EventFilter,
    channelId: ResourceId,
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'a template: {{data.email}}, {{data.phoneNumber}}' })),
    recipient: Type.Optional(
      Type.Literal('user', {
        description: "instead of `to`: the event's user (data.to of a message, data.userId otherwise), at the address the channel needs (PUT /users/:userId), under the user's preferences",
      }),
    ),
    template: Type.Optional(Template),
    ...RoutePolicySchema,
    filter: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'only events matching this JSON filter are sent on this route' })),
    fallbackChannelIds: Type.Optional(
      Type.Array(ResourceId, { minItems: 1, maxItems: 5, uniqueItems: true, description: 'channels (of the same kind of recipient) a send moves to when the one in use fails for a while' }),
    ),
  },
  { additionalProperties: false },
);
const RouteView = Type.Object({
  id: Type.String(),
  channelId: Type.String(),
  events: Type.Array(Type.String()),
  to: Type.Optional(Type.String()),
  recipient: Type.Optional(Type.Literal('user')),
  ...RoutePolicySchema,
  template: Template,
  filter: Type.Optional(Type.Object({}, { additionalProperties: true })),
  fallbackChannelIds: Type.Optional(Type.Array(Type.String())),
  createdAt: Type.String(),
});
const RouteParams = Type.Object({ appId: ResourceId, routeId: ResourceId });

const ContactParams = Type.Object({ appId: ResourceId, contactId: Type.String({ pattern: CONTACT_ID_PATTERN }) });
const ContactView = Type.Object({
  contactId: Type.String(),
  phoneNumber: Type.Optional(Type.String()),
  bounces: Type.Integer(),
  bounced: Type.Boolean(),
  unsubscribed: Type.Boolean(),
  status: Type.String(),
  updatedAt: Type.Optional(Type.String()),
  workflowId: Type.String(),
});

const channelView = (c: ChannelRecord) => ({
  id: c.id,
  type: c.type,
  name: c.name,
  status: c.status,
  ...(c.statusReason && { statusReason: c.statusReason }),
  config: c.config,
  secretFields: c.secretFields,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

const routeView = (r: RouteRecord) => ({
  id: r.id,
  channelId: r.channelId,
  events: r.events,
  ...(r.to !== null && { to: r.to }),
  ...(r.recipient && { recipient: r.recipient }),
  ...r.policy,
  template: r.template,
  ...(r.filter && { filter: r.filter }),
  ...(r.fallbackChannelIds.length > 0 && { fallbackChannelIds: r.fallbackChannelIds }),
  createdAt: r.createdAt.toISOString(),
});

function refuse(problems: ConfigProblem[], prefix = '/config'): never {
  throw invalidBody('invalid_config', problems.map((p) => ({ path: `${prefix}${p.path}`, message: p.message })));
}

export const channelRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, channels, contacts, allowPrivateTargets, lookup, limits }) => {
  /** The config as its type wants it, or a 400 naming every problem; then its URLs' names resolved against the policy. */
  async function checkConfig(type: string, config: Record<string, unknown>): Promise<void> {
    const channel = CHANNELS[type];
    const problems: ConfigProblem[] = [...Value.Errors(channel.configSchema, config)].map((e) => ({ path: e.path || '', message: e.message }));
    if (problems.length) refuse(problems);
    const more = channel.check?.(config, { allowPrivateTargets }) ?? [];
    if (more.length) refuse(more);
    for (const target of channel.targetUrls?.(config) ?? []) await assertAllowedTarget(target.url, allowPrivateTargets, lookup, `/config${target.path}`);
  }

  app.post(
    '/v1/apps/:appId/channels',
    { schema: { params: AppParams, body: CreateChannelBody, response: { 201: ChannelView, ...errorResponses } } },
    async (request, reply) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      const { type, name, config } = request.body;
      await checkConfig(type, config);
      await auth.requireAppExists(request, appId);
      const { shown, secret } = splitConfig(config, CHANNELS[type].secretFields);
      const created = await channels.create({ id: newId('ch'), appId, type, name, config: shown, secret }, limits.channelsPerApp);
      if (created === 'limit') throw limitReached('channel_limit', 'the app', `${limits.channelsPerApp} channels`, LIMIT_VARIABLES.channelsPerApp);
      return reply.code(201).send(channelView(created));
    },
  );

  app.get(
    '/v1/apps/:appId/channels',
    {
      schema: {
        params: AppParams,
        querystring: PageQuery,
        response: { 200: Type.Object({ data: Type.Array(ChannelView), nextCursor: Type.Optional(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      const page = await channels.list(request.params.appId, pageOf(request.query));
      return { data: page.data.map(channelView), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    },
  );

  app.get('/v1/apps/:appId/channels/:channelId', { schema: { params: ChannelParams, response: { 200: ChannelView, ...errorResponses } } }, async (request) => {
    auth.requireApp(request, request.params.appId);
    const found = await channels.get(request.params.appId, request.params.channelId);
    if (!found) throw notFound('channel');
    return channelView(found);
  });

  app.patch(
    '/v1/apps/:appId/channels/:channelId',
    { schema: { params: ChannelParams, body: UpdateChannelBody, response: { 200: ChannelView, ...errorResponses } } },
    async (request) => {
      const { appId, channelId } = request.params;
      auth.requireApp(request, appId);
      const found = await channels.get(appId, channelId);
      if (!found) throw notFound('channel');
      let patch: { name?: string; config?: Record<string, unknown>; secret?: Record<string, unknown> } = { name: request.body.name };
      if (request.body.config) {
        // Fields not given are kept (a new auth token alone, say); the whole is checked again.
        // Secrets that no longer open (the encryption key changed) must be given again: the check
        // below names each one missing.
        const stored: Record<string, unknown> = (await channels.fullConfig(appId, channelId).catch(() => found.config)) ?? found.config;
        const given: Record<string, unknown> = request.body.config;
        const { destinationFields, secretFields } = CHANNELS[found.type];
        const moved = destinationFields.filter((f) => f in given && JSON.stringify(given[f]) !== JSON.stringify(stored[f]));
        if (moved.length > 0) {
          const missing = secretFields.filter((f) => f in stored && !(f in given));
          const where = moved.map((f) => `/config/${f}`).join(', ');
          if (missing.length) refuse(missing.map((f) => ({ path: `/${f}`, message: `is required again: the destination changes (${where}), and stored secrets are never sent to a new one` })));
        }
        const merged = { ...stored, ...given };
        await checkConfig(found.type, merged);
        const { shown, secret } = splitConfig(merged, CHANNELS[found.type].secretFields);
        patch = { ...patch, config: shown, secret };
      }
      const updated = await channels.update(appId, channelId, patch);
      if (!updated) throw notFound('channel');
      return channelView(updated);
    },
  );

  app.delete('/v1/apps/:appId/channels/:channelId', { schema: { params: ChannelParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    auth.requireApp(request, request.params.appId);
    if (!(await channels.remove(request.params.appId, request.params.channelId))) throw notFound('channel');
    return reply.code(204).send(null);
  });

  app.post(
    '/v1/apps/:appId/routes',
    { schema: { params: AppParams, body: CreateRouteBody, response: { 201: RouteView, ...errorResponses } } },
    async (request, reply) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      const { events, channelId, to, recipient, template, filter, fallbackChannelIds, ...policy } = request.body;
      const wrong = [...policyProblems(policy, recipient), ...(filter ? filterControlProblems(filter) : [])];
      if (wrong.length > 0) refuse(wrong, '');
      const localeTags = Object.keys(template?.locales ?? {});
      const badTag = localeTags.find((tag) => !canonicalLocale(tag));
      if (badTag) refuse([{ path: `/template/locales/${badTag}`, message: 'is not a BCP 47 language tag (en, pt-BR, zh-Hant-TW)' }], '');
      const channel = await channels.get(appId, channelId);
      if (!channel) refuse([{ path: '/channelId', message: 'names no channel of this app' }], '');
      const addressed = CHANNELS[channel.type].recipient;
      if (to && recipient) refuse([{ path: '/recipient', message: 'and /to are exclusive: a route sends to the address its to renders, or to the event\'s user' }], '');
      if (addressed !== 'none' && !to && !recipient) {
        refuse([{ path: '/to', message: `is required for ${channel.type} channels (a template such as ${addressed === 'email' ? '{{data.email}}' : '{{data.phoneNumber}}'}), or recipient: "user"` }], '');
      }
      // A chat or HTTP channel posts to its URL; recipient "user" still puts the send under the user's preferences.
      if (addressed === 'none' && to) refuse([{ path: '/to', message: `is not used by ${channel.type} channels (they post to their URL)` }], '');
      if (localeTags.length > 0 && recipient !== 'user') refuse([{ path: '/template/locales', message: 'apply to routes with recipient: "user" (the user\'s locale picks one)' }], '');
      if (countPlaceholders([to, template]) > MAX_PLACEHOLDERS) refuse([{ path: '/template', message: `holds more than ${MAX_PLACEHOLDERS} {{…}} placeholders (to and template together)` }], '');
      for (const [i, id] of (fallbackChannelIds ?? []).entries()) {
        const path = `/fallbackChannelIds/${i}`;
        const fallback = id === channelId ? undefined : await channels.get(appId, id);
        if (id === channelId) refuse([{ path, message: 'is the route\'s own channel' }], '');
        if (!fallback) refuse([{ path, message: 'names no channel of this app' }], '');
        if (CHANNELS[fallback.type].recipient !== addressed) {
          refuse([{ path, message: `is a ${fallback.type} channel; a ${channel.type} route's send can move only to a channel of the same kind of recipient (${addressed === 'none' ? 'chat and HTTP' : addressed})` }], '');
        }
      }
      const created = await channels.createRoute({ id: newId('rt'), appId, channelId, events, to, recipient, policy, template: template ?? {}, filter, fallbackChannelIds }, limits.routesPerApp);
      if (created === 'limit') throw limitReached('route_limit', 'the app', `${limits.routesPerApp} routes`, LIMIT_VARIABLES.routesPerApp);
      if (!created) refuse([{ path: '/channelId', message: 'names no channel of this app' }], '');
      return reply.code(201).send(routeView(created));
    },
  );

  app.get(
    '/v1/apps/:appId/routes',
    {
      schema: {
        params: AppParams,
        querystring: PageQuery,
        response: { 200: Type.Object({ data: Type.Array(RouteView), nextCursor: Type.Optional(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      auth.requireApp(request, request.params.appId);
      const page = await channels.listRoutes(request.params.appId, pageOf(request.query));
      return { data: page.data.map(routeView), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    },
  );

  app.delete('/v1/apps/:appId/routes/:routeId', { schema: { params: RouteParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    auth.requireApp(request, request.params.appId);
    if (!(await channels.removeRoute(request.params.appId, request.params.routeId))) throw notFound('route');
    return reply.code(204).send(null);
  });

  app.get('/v1/apps/:appId/contacts/:contactId', { schema: { params: ContactParams, response: { 200: ContactView, ...errorResponses } } }, async (request) => {
    const { appId, contactId } = request.params;
    auth.requireApp(request, appId);
    await auth.requireAppExists(request, appId);
    const state = await contacts.get(appId, contactId);
    if (!state) throw notFound('contact');
    return {
      contactId,
      ...(state.phoneNumber && { phoneNumber: state.phoneNumber }),
      bounces: state.bounces,
      bounced: state.bounced,
      unsubscribed: state.unsubscribed,
      status: state.status,
      ...(state.updatedAt && { updatedAt: state.updatedAt }),
      workflowId: `contact/${appId}/${contactId}`,
    };
  });
};
