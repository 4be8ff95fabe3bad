// `POST …/endpoints/:endpointId/transformation/test {type, data}`: runs the endpoint's
// transformation (or `transformation`, a source being edited) in the sandbox on a sample event,
// shaped as the endpoint's deliveries are, and answers what would be sent. Nothing is sent. The
// endpoint's extra headers go in by name: their values are sealed and never shown.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EndpointParams, errorResponses } from '../schemas';
import { EVENT_EXAMPLES } from '../../domain/event-examples';
import { renderPayload } from '../../domain/payload-formats';
import { HttpError, notFound } from '../errors';
import { loadSandbox, TransformationError } from '../../activities/transform/sandbox';
import { transformationInput } from '../../activities/channels/webhook';
import { assertUnderRate, RATE_LIMIT_VARIABLES, rateKeyOf } from '../rate-limit';
import type { RouteDeps } from '../route-deps';

const TestBody = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100 }),
    data: Type.Optional(Type.Object({}, { additionalProperties: true, description: "the event's data; the type's example when absent" })),
    transformation: Type.Optional(Type.String({ minLength: 1, maxLength: 65_536, description: 'a source to try instead of the stored one' })),
  },
  { additionalProperties: false },
);
const TestResult = Type.Object({
  method: Type.String(),
  url: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
  payload: Type.Unknown(),
  cancel: Type.Boolean(),
});

export const transformationTestRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, endpoints, rates }) => {
  app.post(
    '/v1/apps/:appId/endpoints/:endpointId/transformation/test',
    { schema: { params: EndpointParams, body: TestBody, response: { 200: TestResult, ...errorResponses } } },
    async (request) => {
      const { appId, endpointId } = request.params;
      auth.requireApp(request, appId);
      // A run holds a thread of the API process for up to its time limit: counted as a probe.
      assertUnderRate(rates.probes, rateKeyOf(request.principal), 'replays and tests for this key', RATE_LIMIT_VARIABLES.probesPerMinute);
      const endpoint = await endpoints.get(appId, endpointId);
      if (!endpoint) throw notFound('endpoint');
      const source = request.body.transformation ?? endpoint.controls.transformation;
      if (!source) {
        throw new HttpError(400, 'no_transformation', 'the endpoint has no transformation; give one in body /transformation to try it', [
          { in: 'body', path: '/transformation', message: 'is required: the endpoint has none' },
        ]);
      }
      const { type } = request.body;
      const data = request.body.data ?? (EVENT_EXAMPLES as Record<string, Record<string, unknown>>)[type] ?? {};
      const event = { appId, id: 'evt_transformation_test', type, data, occurredAt: new Date().toISOString() };
      const { body } = renderPayload(endpoint.format, endpoint.formatOptions, event);
      const input = transformationInput({ method: 'POST', url: endpoint.url, headerNames: endpoint.controls.headerNames ?? [], body });
      try {
        const sandbox = await loadSandbox();
        return await sandbox.run(source, input);
      } catch (err) {
        if (!(err instanceof TransformationError)) throw err;
        throw new HttpError(400, 'transformation_failed', `the transformation failed: ${err.message}`, [{ in: 'body', path: '/transformation', message: err.message }]);
      }
    },
  );
};
