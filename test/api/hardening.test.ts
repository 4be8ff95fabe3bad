// Inputs at the edges, bounded lists, the endpoint cap, secrets at rest, and the log of a 5xx:
// through app.inject on the real PostgreSQL.
import { createDecipheriv, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api/app';
import { buildTestApi } from '../support/api';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { createSecretBox, generateEncryptionKey } from '../../domain/secret-box';
import { createEndpointsRepository } from '../../db/endpoints-repository';
import { resealUnboundSecrets } from '../../db/reseal-secrets';
import { sealUnbound } from '../support/legacy-seal';
import { ADMIN_TOKEN, testEnv } from '../support/herald';
import { memoryLog, type MemoryLog } from '../support/log';
import { freePort } from '../support/free-port';

let pool: Pool;
const apps: FastifyInstance[] = [];
let api: FastifyInstance;

async function build(overrides: Partial<ApiDeps> = {}, logged: MemoryLog = memoryLog()) {
  const built = await buildTestApi(pool, { allowPrivateTargets: true, log: logged.log, ...overrides });
  apps.push(built);
  return built;
}

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  api = await build();
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await pool.end();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function newApp(on = api) {
  const res = await on.inject({ method: 'POST', url: '/v1/apps', headers: as(ADMIN_TOKEN), payload: { name: 'edge' } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; apiKey: string };
}

/** Sends a raw JSON text (JSON.stringify cannot write a lone surrogate escape or 1e400). */
function postRaw(url: string, key: string, text: string) {
  return api.inject({ method: 'POST', url, headers: { ...as(key), 'content-type': 'application/json' }, payload: text });
}

describe('inputs at the limits of structure get a 4xx that says what and where, never a 5xx', () => {
  it('refuses a NUL character in event data, an app name, an endpoint description, a URL path and a query', async () => {
    const a = await newApp();
    const cases = [
      { res: await postRaw(`/v1/apps/${a.id}/events`, a.apiKey, '{"type":"message.sent","data":{"messageId":"m\\u0000x"}}'), in: 'body', path: '/data/messageId' },
      { res: await postRaw(`/v1/apps/${a.id}/events`, a.apiKey, '{"type":"message.sent","data":{"messageId":"m","k\\u0000":1}}'), in: 'body', path: '/data/k\u0000' },
      { res: await postRaw('/v1/apps', ADMIN_TOKEN, '{"name":"bad\\u0000name"}'), in: 'body', path: '/name' },
      {
        res: await postRaw(`/v1/apps/${a.id}/endpoints`, a.apiKey, '{"url":"http://127.0.0.1:9/h","events":["*"],"description":"d\\u0000"}'),
        in: 'body',
        path: '/description',
      },
      { res: await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints/ep%00x`, headers: as(a.apiKey) }), in: 'params', path: '/endpointId' },
      { res: await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints?cursor=a%00`, headers: as(a.apiKey) }), in: 'querystring', path: '/cursor' },
      { res: await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/users/u%00/presence`, headers: as(a.apiKey) }), in: 'params', path: '/userId' },
    ];
    for (const c of cases) {
      expect({ status: c.res.statusCode, body: c.res.json() }).toMatchObject({
        status: 400,
        body: { error: { details: [expect.objectContaining({ in: c.in, path: c.path })] } },
      });
    }
    expect(cases[0].res.json().error.message).toMatch(/NUL character/);
    const stored = await pool.query("SELECT count(*)::int AS n FROM apps WHERE name LIKE 'bad%'");
    expect(stored.rows[0].n).toBe(0);
  });

  it('refuses lone surrogates, numbers out of range and structures too deep, and keeps valid Unicode as sent', async () => {
    const a = await newApp();
    const url = `/v1/apps/${a.id}/events`;
    const lone = await postRaw(url, a.apiKey, '{"type":"message.sent","data":{"messageId":"\\ud800x"}}');
    expect(lone.statusCode).toBe(400);
    expect(lone.json().error.details[0]).toMatchObject({ in: 'body', path: '/data/messageId', message: expect.stringMatching(/unpaired UTF-16 surrogate/) });
    const huge = await postRaw(url, a.apiKey, '{"type":"message.sent","data":{"messageId":"m","n":1e400}}');
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.details[0]).toMatchObject({ path: '/data/n', message: 'is a number out of range' });
    const deep = await postRaw(url, a.apiKey, `{"type":"message.sent","data":{"messageId":"m","x":${'['.repeat(40)}${']'.repeat(40)}}}`);
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.details[0].message).toMatch(/nests deeper than 32 levels/);
    // Very deep JSON (as deep as 256 KiB allows) is a 400 too, not a stack overflow.
    const deeper = await postRaw(url, a.apiKey, `{"type":"message.sent","data":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    expect(deeper.statusCode).toBe(400);

    const emoji = await postRaw(url, a.apiKey, JSON.stringify({ id: 'uni-1', type: 'message.sent', data: { messageId: 'm👍\u200dé\uFFFD' } }));
    expect(emoji.statusCode).toBe(202);
    const row = await pool.query('SELECT data FROM events WHERE app_id = $1 AND id = $2', [a.id, 'uni-1']);
    expect(row.rows[0].data.messageId).toBe('m👍\u200dé\uFFFD');
  });

  it('refuses an occurredAt that the date-time format allows but no clock can store', async () => {
    const a = await newApp();
    for (const occurredAt of ['2016-12-31T23:59:60Z', '0000-01-01T00:00:00Z']) {
      const res = await api.inject({
        method: 'POST', url: `/v1/apps/${a.id}/events`, headers: as(a.apiKey), payload: { type: 'message.sent', data: { messageId: 'm' }, occurredAt },
      });
      expect({ occurredAt, status: res.statusCode, path: res.json().error?.details?.[0]?.path }).toEqual({ occurredAt, status: 400, path: '/occurredAt' });
    }
  });

  it('refuses event masks that select nothing or exceed 32 bits', async () => {
    const a = await newApp();
    for (const eventMask of ['0x0', 0, 2 ** 32, '0x100000000', '0x0000000000000010', '0x80000000']) {
      const res = await api.inject({
        method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: 'http://127.0.0.1:9/h', eventMask },
      });
      expect({ eventMask, status: res.statusCode, path: res.json().error?.details?.[0]?.path }).toEqual({ eventMask, status: 400, path: '/eventMask' });
    }
    const none = await api.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: 'http://127.0.0.1:9/h', eventMask: '0x0' } });
    expect(none.json().error.message).toMatch(/selects no event type/);
    const high = await api.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: 'http://127.0.0.1:9/h', eventMask: 0x80000010 } });
    expect(high.json().error.message).toMatch(/bits Herald does not know: 0x80000000/);
    const list = await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey) });
    expect(list.json().data).toHaveLength(0);
  });
});

describe('bounded work', () => {
  it('pages endpoint lists with a cursor, in creation order, and refuses a page over 100', async () => {
    const a = await newApp();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: `http://127.0.0.1:9/${i}`, events: ['*'] } });
      ids.push(res.json().id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: as(a.apiKey) });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { data: { id: string }[]; nextCursor?: string };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
    const tooBig = await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints?limit=101`, headers: as(a.apiKey) });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.details[0]).toMatchObject({ in: 'querystring', path: '/limit' });
  });

  it('caps endpoints per app, also against concurrent creations', async () => {
    const capped = await build({ maxEndpointsPerApp: 3 });
    const a = await newApp(capped);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        capped.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: `http://127.0.0.1:9/${i}`, events: ['*'] } }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error).toMatchObject({ code: 'endpoint_limit', message: expect.stringMatching(/HERALD_MAX_ENDPOINTS_PER_APP/) });
    const count = await pool.query('SELECT count(*)::int AS n FROM endpoints WHERE app_id = $1', [a.id]);
    expect(count.rows[0].n).toBe(3);
  });

  it('answers 404 for the attempts of an unknown event, and an empty page for a known one', async () => {
    const a = await newApp();
    const unknown = await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/events/nope/attempts`, headers: as(a.apiKey) });
    expect(unknown.statusCode).toBe(404);
    await api.inject({ method: 'POST', url: `/v1/apps/${a.id}/events`, headers: as(a.apiKey), payload: { id: 'known', type: 'message.sent', data: { messageId: 'm' } } });
    const known = await api.inject({ method: 'GET', url: `/v1/apps/${a.id}/events/known/attempts`, headers: as(a.apiKey) });
    expect(known.statusCode).toBe(200);
    expect(known.json()).toEqual({ data: [] });
  });
});

describe('request bins and the private-address policy', () => {
  it("lets the app's own bin, at the address Herald gave it, pass; not its path on another host, nor another app's bin", async () => {
    const strict = await build({ allowPrivateTargets: false });
    const [a, b] = [await newApp(strict), await newApp(strict)];
    const binOf = async (app: { id: string; apiKey: string }) => (await strict.inject({ method: 'POST', url: `/v1/apps/${app.id}/bins`, headers: as(app.apiKey) })).json() as { id: string; url: string };
    const [mine, theirs] = [await binOf(a), await binOf(b)];
    const endpoint = (url: string) => strict.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url, events: ['*'] } });
    expect((await endpoint(mine.url)).statusCode).toBe(201);
    for (const url of [`http://169.254.169.254/bins/${mine.id}`, `http://10.0.0.5:8080/bins/${mine.id}`, theirs.url]) {
      const refused = await endpoint(url);
      expect({ url, status: refused.statusCode }).toEqual({ url, status: 400 });
    }
  });
});

describe('secrets at rest', () => {
  it('stores the API key as its SHA-256 and the endpoint secret AES-256-GCM sealed under the key, bound to its row', async () => {
    const a = await newApp();
    const stored = await pool.query('SELECT api_key_hash FROM apps WHERE id = $1', [a.id]);
    expect(Buffer.compare(stored.rows[0].api_key_hash, createHash('sha256').update(a.apiKey).digest())).toBe(0);

    const created = await api.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: 'http://127.0.0.1:9/h', events: ['*'] } });
    const { id, secret } = created.json() as { id: string; secret: string };
    const row = (await pool.query('SELECT secret_sealed FROM endpoints WHERE id = $1', [id])).rows[0];
    const [version, iv, tag, ct] = (row.secret_sealed as string).split(':');
    expect(version).toBe('v2');
    expect(Buffer.from(iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64')).toHaveLength(16);
    // The stored bytes are not the secret in any plain encoding...
    const stored64 = Buffer.from(ct, 'base64');
    expect(stored64.toString('utf8')).not.toContain(secret.slice(6, 20));
    expect(row.secret_sealed).not.toContain(secret.slice(6));
    // ...they are its AES-256-GCM encryption under HERALD_ENCRYPTION_KEY, its row and field the
    // additional data, authenticated by the tag.
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(testEnv().encryptionKey, 'base64'), Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(`endpoints:${id}:secret`));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    expect(Buffer.concat([decipher.update(stored64), decipher.final()]).toString('utf8')).toBe(secret);
    // Another key cannot open it.
    expect(() => createSecretBox(generateEncryptionKey()).open(row.secret_sealed, `endpoints:${id}:secret`)).toThrow();
  });

  it("never reads back in clear another row's sealed secret copied into one's own endpoint", async () => {
    const [victim, attacker] = [await newApp(), await newApp()];
    const create = (app: { id: string; apiKey: string }, extra: object = {}) =>
      api.inject({ method: 'POST', url: `/v1/apps/${app.id}/endpoints`, headers: as(app.apiKey), payload: { url: 'http://127.0.0.1:9/h', events: ['*'], ...extra } }).then((r) => r.json());
    const theirs = await create(victim, { format: 'mesibo', formatOptions: { mesiboSecret: 'their-mesibo-secret' } });
    const mine = await create(attacker);
    const stored = (await pool.query('SELECT secret_sealed, format_options FROM endpoints WHERE id = $1', [theirs.id])).rows[0];
    expect(JSON.stringify(stored.format_options)).not.toContain('their-mesibo-secret');
    // Whatever writes the database (a backup restored, an injection elsewhere) moves only ciphertext.
    await pool.query('UPDATE endpoints SET secret_sealed = $2 WHERE id = $1', [mine.id, stored.secret_sealed]);
    const read = await api.inject({ method: 'GET', url: `/v1/apps/${attacker.id}/endpoints/${mine.id}/secret`, headers: as(attacker.apiKey) });
    expect(read.statusCode).toBe(500);
    expect(read.body).not.toContain(theirs.secret);
    await pool.query('UPDATE endpoints SET secret_sealed = $2 WHERE id = $1', [mine.id, stored.format_options.mesiboSecret]);
    expect((await api.inject({ method: 'GET', url: `/v1/apps/${attacker.id}/endpoints/${mine.id}/secret`, headers: as(attacker.apiKey) })).body).not.toContain('their-mesibo-secret');
  });

  it('binds, at start, secrets sealed before binding and mesibo secrets kept in clear; once', async () => {
    const a = await newApp();
    const key = testEnv().encryptionKey;
    const created = (await api.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: 'http://127.0.0.1:9/h', events: ['*'], format: 'mesibo' } })).json();
    // As an older Herald left it: an unbound signing secret, one rotated out, a mesibo secret in clear.
    await pool.query(
      `UPDATE endpoints SET secret_sealed = $2, previous_secrets = jsonb_build_array(jsonb_build_object('sealed', $3::text, 'expiresAt', now() + interval '1 hour')),
         format_options = '{"mesiboSecret": "plain-mesibo"}' WHERE id = $1`,
      [created.id, sealUnbound(key, 'whsec_legacy_current'), sealUnbound(key, 'whsec_legacy_previous')],
    );
    const box = createSecretBox(key);
    const repo = createEndpointsRepository(pool, box);
    expect((await repo.getWithSecrets(a.id, created.id))!.secretError).toMatch(/does not open/);
    expect(await resealUnboundSecrets(pool, box)).toBeGreaterThanOrEqual(1);
    const opened = (await repo.getWithSecrets(a.id, created.id))!;
    expect({ secrets: opened.secrets, options: opened.formatOptions }).toEqual({ secrets: ['whsec_legacy_current', 'whsec_legacy_previous'], options: { mesiboSecret: 'plain-mesibo' } });
    const row = (await pool.query('SELECT secret_sealed, format_options FROM endpoints WHERE id = $1', [created.id])).rows[0];
    expect([row.secret_sealed.slice(0, 3), row.format_options.mesiboSecret.slice(0, 3)]).toEqual(['v2:', 'v2:']);
    // Nothing left to bind: a second run changes nothing.
    const before = JSON.stringify(row);
    await resealUnboundSecrets(pool, box);
    expect(JSON.stringify((await pool.query('SELECT secret_sealed, format_options FROM endpoints WHERE id = $1', [created.id])).rows[0])).toBe(before);
  });

  it('keeps every rotated-out secret signing until its own grace ends, by the database clock', async () => {
    const a = await newApp();
    const created = (await api.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url: 'http://127.0.0.1:9/h', events: ['*'] } })).json();
    const rotate = () => api.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints/${created.id}/secret/rotate`, headers: as(a.apiKey) });
    const first = (await rotate()).json();
    const second = (await rotate()).json();
    const repo = createEndpointsRepository(pool, createSecretBox(testEnv().encryptionKey));
    const opened = await repo.getWithSecrets(a.id, created.id);
    expect(opened!.secrets).toEqual([second.secret, first.secret, created.secret]);
    const dbNow = (await pool.query('SELECT now() AS now')).rows[0].now as Date;
    const until = Date.parse(second.previousSecretValidUntil);
    expect(Math.abs(until - (dbNow.getTime() + 86_400_000))).toBeLessThan(5_000);
    // Rotations are bounded while their grace lasts.
    let last = await rotate();
    for (let i = 0; i < 10 && last.statusCode === 200; i++) last = await rotate();
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('too_many_rotations');
    expect((await repo.getWithSecrets(a.id, created.id))!.secrets).toHaveLength(11);
  });
});

describe('5xx answers', () => {
  it('are logged (PostgreSQL away: a 503 to retry) with their stack under the request id the answer carries; every answer has one', async () => {
    // PostgreSQL really away: a pool aimed at a port where nothing listens.
    const deadPool = createPool(`postgres://herald:herald@127.0.0.1:${await freePort()}/herald`);
    const logged = memoryLog();
    const broken = await build({ pool: deadPool }, logged);
    const res = await broken.inject({ method: 'GET', url: '/v1/apps/app_x', headers: as(ADMIN_TOKEN) });
    // A 503 that says nothing was done and to try again: the database, not the request, is at fault.
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json().error.code).toBe('database_unavailable');
    const requestId = res.headers['x-request-id'] as string;
    expect(requestId).toMatch(/^req_/);
    expect(res.json().error.message).toContain(requestId);
    expect(res.body).not.toMatch(/ECONNREFUSED|at .*\.ts/);
    const entry = logged.entries().find((e) => e.level === 50 && e.reqId === requestId);
    expect(entry).toMatchObject({ msg: 'request failed', url: '/v1/apps/app_x', err: { message: expect.stringMatching(/ECONNREFUSED/) } });
    expect(entry!.err.stack).toMatch(/\n\s+at /);
    await deadPool.end();

    const ok = await api.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-1234' } });
    expect(ok.headers['x-request-id']).toBe('lb-1234');
    const odd = await api.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a b' } });
    expect(odd.headers['x-request-id']).toMatch(/^req_/);
  });
});

describe('private-address policy at the API', () => {
  it('refuses a host name that resolves to a private address at creation and on a PATCH that changes the URL', async () => {
    const answers: Record<string, string> = { 'private.example.test': '10.0.0.5', 'public.example.test': '93.184.216.34' };
    const strict = await build({
      allowPrivateTargets: false,
      lookup: (host, _options, callback) => callback(null, answers[host] ? [{ address: answers[host], family: 4 }] : []),
    });
    const a = await newApp(strict);
    const create = (url: string) => strict.inject({ method: 'POST', url: `/v1/apps/${a.id}/endpoints`, headers: as(a.apiKey), payload: { url, events: ['*'] } });
    const refused = await create('https://private.example.test/hook');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_target', details: [{ in: 'body', path: '/url', message: 'resolves to private or reserved addresses only' }] });
    // Which internal address the name has is not told.
    expect(refused.body).not.toContain('10.0.0.5');
    const made = await create('https://public.example.test/hook');
    expect(made.statusCode).toBe(201);
    const id = made.json().id;
    const patched = await strict.inject({ method: 'PATCH', url: `/v1/apps/${a.id}/endpoints/${id}`, headers: as(a.apiKey), payload: { url: 'https://private.example.test/x' } });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details[0]).toMatchObject({ path: '/url' });
    const kept = await strict.inject({ method: 'GET', url: `/v1/apps/${a.id}/endpoints/${id}`, headers: as(a.apiKey) });
    expect(kept.json().url).toBe('https://public.example.test/hook');
  });
});
