// The API's description: OpenAPI 3.1 made from the route schemas, every route in it with its
// errors, and a browsable reference at /docs.
import type { FastifyInstance } from 'fastify';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { buildTestApi } from '../support/api';
import { testEnv } from '../support/herald';

let pool: Pool;
let api: FastifyInstance;

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool);
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

it('describes every route Herald serves, each with its error answers', async () => {
  const res = await api.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toBe('3.1.0');
  const described = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );
  for (const route of ['POST /v1/apps', 'POST /v1/apps/{appId}/events', 'POST /v1/apps/{appId}/channels', 'GET /v1/apps/{appId}/contacts/{contactId}', 'POST /v1/apps/{appId}/users/{userId}/devices', 'GET /healthz']) {
    expect(described).toContain(route);
  }
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
    for (const [method, op] of Object.entries(ops)) {
      if (path === '/healthz') continue;
      expect({ route: `${method} ${path}`, errors: ['400', '401', '404', '500'].filter((c) => !(c in op.responses)) }).toEqual({ route: `${method} ${path}`, errors: [] });
    }
  }
  expect(described.some((r) => r.includes('/docs') || r.includes('/openapi.json'))).toBe(false);
});

it('files every operation under a tag, with an operationId of its own and a one-line summary', async () => {
  const doc = (await api.inject({ method: 'GET', url: '/openapi.json' })).json();
  const tags = (doc.tags as { name: string }[]).map((t) => t.name);
  expect(tags).toEqual(['apps', 'endpoints', 'events', 'push', 'users', 'channels', 'operators']);
  const ops = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[]; operationId?: string; summary?: string }>>).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, ...op })),
  );
  for (const op of ops) {
    expect({ route: op.route, tagged: op.tags?.length === 1 && tags.includes(op.tags[0]), id: /^[a-z][A-Za-z]+$/.test(op.operationId ?? ''), summary: (op.summary ?? '').length > 10 && !op.summary!.includes('\n') }).toEqual({
      route: op.route, tagged: true, id: true, summary: true,
    });
  }
  const ids = ops.map((o) => o.operationId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ops.find((o) => o.route === 'POST /v1/apps/{appId}/events')).toMatchObject({ tags: ['events'], operationId: 'sendEvent' });
});

it('serves a browsable reference at /docs', async () => {
  const page = await api.inject({ method: 'GET', url: '/docs' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  expect(page.body).toContain('/openapi.json');
  const script = await api.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
  expect(script.statusCode).toBe(200);
  expect(script.body.length).toBeGreaterThan(100_000);
  expect((await api.inject({ method: 'GET', url: '/docs/..%2Fpackage.json' })).statusCode).toBe(404);
});
