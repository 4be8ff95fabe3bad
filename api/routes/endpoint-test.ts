// The simulator: `POST …/endpoints/:endpointId/test {type}` sends that type's sample event to the
// endpoint at once, signed and shaped as a real delivery (under a test webhook-id), and answers
// with what happened — status, latency, the start of the answer, or the connection error. Nothing
// is recorded: it is the operator's probe, not a delivery. It is sent as a delivery is (webhook.ts's
// sender): transformed, with the endpoint's extra headers, OAuth token and client certificate.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EndpointParams, errorResponses } from '../schemas';
import { allEventTypes } from '../../domain/event-catalog';
import { EVENT_EXAMPLES } from '../../domain/event-examples';
import { createWebhookSender } from '../../activities/channels/webhook';
import { notFound } from '../errors';
import { deliveryTargetOf } from '../../db/endpoints-repository';
import { assertUnderRate, RATE_LIMIT_VARIABLES, rateKeyOf } from '../rate-limit';
import type { RouteDeps } from '../route-deps';

const TestBody = Type.Object({ type: Type.Union(allEventTypes.map((t) => Type.Literal(t))) }, { additionalProperties: false });
const TestResult = Type.Object({
  statusCode: Type.Optional(Type.Integer()),
  latencyMs: Type.Integer(),
  responseExcerpt: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  webhookId: Type.String(),
});

export const endpointTestRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, endpoints, tester, rates }) => {
  const send = createWebhookSender(tester);
  app.post(
    '/v1/apps/:appId/endpoints/:endpointId/test',
    { schema: { params: EndpointParams, body: TestBody, response: { 200: TestResult, ...errorResponses } } },
    async (request) => {
      const { appId, endpointId } = request.params;
      auth.requireApp(request, appId);
      assertUnderRate(rates.probes, rateKeyOf(request.principal), 'replays and tests for this key', RATE_LIMIT_VARIABLES.probesPerMinute);
      const endpoint = await endpoints.getWithSecrets(appId, endpointId);
      if (!endpoint) throw notFound('endpoint');
      const webhookId = `msg_test_${randomBytes(12).toString('base64url')}`;
      if (endpoint.secretError) return { latencyMs: 0, error: `not sent: ${endpoint.secretError}`, webhookId };
      const event = { appId, id: `evt_test_${randomBytes(8).toString('hex')}`, type: request.body.type, data: EVENT_EXAMPLES[request.body.type], occurredAt: new Date().toISOString() };
      // Sent as a delivery is: its transformation, extra headers, OAuth token and client certificate.
      const sent = await send(event, deliveryTargetOf(endpoint), webhookId, Date.now());
      if (sent.cancelled) return { latencyMs: 0, error: "not sent: the endpoint's transformation cancelled it", webhookId };
      const { result } = sent;
      return {
        ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
        latencyMs: result.latencyMs,
        ...(result.responseExcerpt && { responseExcerpt: result.responseExcerpt }),
        ...(result.error && { error: result.error }),
        webhookId,
      };
    },
  );
};
