// Template preview: a route's or push template rendered on the type's sample event, or on data
// the caller gives, by the workers' own renderer — fields inserted, HTML escaped, bounds kept.
import type { FastifyInstance } from 'fastify';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { ADMIN_TOKEN, testEnv } from '../support/herald';
import { buildTestApi } from '../support/api';

let pool: Pool;
let api: FastifyInstance;
let appId: string;
let key: string;

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await buildTestApi(pool);
  const created = (await api.inject({ method: 'POST', url: '/v1/apps', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'preview' } })).json();
  appId = created.id;
  key = created.apiKey;
});
afterAll(async () => {
  await api.close();
  await pool.end();
});

const preview = (payload: object, token = key) =>
  api.inject({ method: 'POST', url: `/v1/apps/${appId}/template-preview`, headers: { authorization: `Bearer ${token}` }, payload });

it('renders each field on the sample event of the type, escaping what HTML inserts', async () => {
  const res = await preview({ type: 'message.created', template: { to: '{{data.to}}@example.com', subject: 'From {{data.from}}', text: '{{data.body}}', html: '<p>{{data.body}}</p>' } });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({
    event: expect.objectContaining({ type: 'message.created', data: expect.objectContaining({ from: 'user-7', to: 'user-42' }) }),
    rendered: { to: 'user-42@example.com', subject: 'From user-7', text: 'Hello from Herald', html: '<p>Hello from Herald</p>' },
  });
  const own = await preview({ template: { title: '{{data.from}} wrote', html: '{{data.body}}' }, data: { from: 'ann', body: '<script>alert(1)</script>' } });
  expect(own.json().rendered).toEqual({ title: 'ann wrote', html: '&lt;script&gt;alert(1)&lt;/script&gt;' });
});

it('refuses an unknown type, an empty template, and more placeholders than a send may hold', async () => {
  const unknown = await preview({ type: 'message.exploded', template: { text: 'x' } });
  expect(unknown.statusCode).toBe(400);
  expect(unknown.json().error.details[0].path).toBe('/type');
  expect((await preview({ template: {} })).statusCode).toBe(400);
  const many = await preview({ template: { text: '{{data.body}}'.repeat(201) } });
  expect(many.statusCode).toBe(400);
  expect(many.json().error.message).toContain('at most 200');
});
