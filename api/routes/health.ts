import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteDeps } from '../route-deps';

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()) });
const Health = Type.Object({ status: Type.String(), checks: Type.Object({ postgres: Check, temporal: Check }) });

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000) {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { pool, temporalHealth }) => {
  app.get('/healthz', { schema: { response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    const [postgres, temporal] = await Promise.all([probe(() => pool.query('SELECT 1')), probe(temporalHealth)]);
    const ok = postgres.ok && temporal.ok;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { postgres, temporal } });
  });
};
