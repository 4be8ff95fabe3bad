// The API described from its own route schemas (OpenAPI 3.1, @fastify/swagger): served at
// GET /openapi.json, browsable at /docs (Swagger UI's own files from swagger-ui-dist, served as
// they are). Both open, as the routes they describe still need keys.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { OPERATIONS, TAGS } from './operations';

const UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Herald API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, docExpansion: 'list', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });</script>
</body></html>`;

export async function registerApiDescription(app: FastifyInstance): Promise<void> {
  // Every route registered after this gets its tag, operationId and summary (api/operations.ts).
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const named = methods.map((m) => OPERATIONS[`${m} ${route.url}`]).find(Boolean);
    if (!named || !route.schema || route.schema.hide) return;
    const [tag, operationId, summary] = named;
    route.schema = { ...route.schema, tags: [tag], operationId, summary };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Herald',
        version: '0.1.0',
        description:
          'Event notification connector: signed webhooks, push, email, SMS and chat forwarding, each event a durable Temporal workflow. ' +
          'Authenticate with `Authorization: Bearer <app key>` (or the admin token). Errors are `{error: {code, message, details: [{in, path, message}]}}`.',
      },
      tags: TAGS.map((t) => ({ ...t })),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an app key (hk_…) or the admin token' } } },
      security: [{ bearer: [] }],
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE));
  app.get('/docs/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    const type = UI_FILES[file];
    if (!type) return reply.code(404).send({ error: { code: 'not_found', message: 'no such file', details: [] } });
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(await readFile(path.join(UI_DIR, file)));
  });
}
