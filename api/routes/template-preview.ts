// Template preview: what a route's or a push template renders to on an event — the type's sample
// event (domain/event-examples.ts) or data the caller gives — so the console shows it before it is
// saved. Rendering is the workers' own (domain/templates.ts), bounded the same way.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppParams, errorResponses } from '../schemas';
import { HttpError } from '../errors';
import { allEventTypes } from '../../domain/event-catalog';
import { EVENT_EXAMPLES } from '../../domain/event-examples';
import { countPlaceholders, MAX_PLACEHOLDERS, renderBudget, renderHtmlTemplate, renderTemplate, TemplateTooLarge } from '../../domain/templates';
import type { RouteDeps } from '../route-deps';

const Field = Type.String({ maxLength: 64 * 1024 });
const TemplateFields = Type.Object(
  { to: Type.Optional(Field), subject: Type.Optional(Field), text: Type.Optional(Field), html: Type.Optional(Field), title: Type.Optional(Field), body: Type.Optional(Field) },
  { additionalProperties: false, minProperties: 1 },
);
const PreviewBody = Type.Object(
  {
    template: TemplateFields,
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the event type whose sample event renders it; message.created by default' })),
    data: Type.Optional(Type.Object({}, { additionalProperties: true, description: "the event's data instead of the sample's" })),
  },
  { additionalProperties: false },
);
const PreviewView = Type.Object({
  event: Type.Object({ id: Type.String(), type: Type.String(), occurredAt: Type.String(), data: Type.Object({}, { additionalProperties: true }) }),
  rendered: Type.Record(Type.String(), Type.String()),
});

export const templatePreviewRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth }) => {
  app.post(
    '/v1/apps/:appId/template-preview',
    { schema: { params: AppParams, body: PreviewBody, response: { 200: PreviewView, ...errorResponses } } },
    async (request) => {
      const { appId } = request.params;
      auth.requireApp(request, appId);
      await auth.requireAppExists(request, appId);
      const type = request.body.type ?? 'message.created';
      if (!allEventTypes.includes(type)) throw new HttpError(400, 'bad_request', `unknown event type ${type}`, [{ path: '/type', message: `one of ${allEventTypes.join(', ')}` }]);
      const event = { appId, id: 'evt_preview', type, occurredAt: new Date().toISOString(), data: request.body.data ?? EVENT_EXAMPLES[type] ?? {} };
      const { template } = request.body;
      const placeholders = countPlaceholders(template);
      if (placeholders > MAX_PLACEHOLDERS) {
        throw new HttpError(400, 'bad_request', `the template holds ${placeholders} placeholders: at most ${MAX_PLACEHOLDERS}`, [{ path: '/template', message: `at most ${MAX_PLACEHOLDERS} placeholders` }]);
      }
      // One budget for the whole message, as a send has.
      const budget = renderBudget();
      const rendered: Record<string, string> = {};
      try {
        for (const [field, text] of Object.entries(template)) {
          if (text !== undefined) rendered[field] = field === 'html' ? renderHtmlTemplate(text, event, budget) : renderTemplate(text, event, budget);
        }
      } catch (err) {
        if (err instanceof TemplateTooLarge) throw new HttpError(400, 'bad_request', err.message, [{ path: '/template', message: err.message }]);
        throw err;
      }
      return { event: { id: event.id, type, occurredAt: event.occurredAt, data: event.data }, rendered };
    },
  );
};
