// `npm pack` of client/ installs into an empty folder and works there from plain Node, as ESM and
// as CommonJS, with no other Herald file: against a real Herald, and verifying a webhook.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_TOKEN, apiClient, startTestHerald, type TestHerald } from '../support/herald';

const run = promisify(execFile);
const clientDir = path.join(__dirname, '..', '..', 'client');
let herald: TestHerald;
let folder: string;

beforeAll(async () => {
  herald = await startTestHerald({ roles: { api: true, worker: false } });
  folder = await mkdtemp(path.join(tmpdir(), 'herald-client-pack-'));
}, 60_000);
afterAll(async () => {
  await herald.stop();
  await rm(folder, { recursive: true, force: true });
});

it('packs, installs into an empty folder, and works from ESM and CommonJS', async () => {
  await run(process.execPath, [path.join(clientDir, 'build.js')]);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', folder], { cwd: clientDir });
  const [{ filename, files }] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  // Only what a user needs: the bundles, the types, the README.
  expect(files.map((f) => f.path).sort()).toEqual(expect.arrayContaining(['README.md', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.mjs', 'package.json']));
  expect(files.some((f) => f.path.startsWith('src/'))).toBe(false);

  const app = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'packed' })).body;
  await writeFile(path.join(folder, 'package.json'), JSON.stringify({ name: 'user', version: '1.0.0', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', path.join(folder, filename)], { cwd: folder });
  const env = { ...process.env, HERALD_URL: herald.url, HERALD_KEY: app.apiKey, NODE_PATH: '' };
  const esm = `
    import { Herald, HeraldError, verifyWebhook, signWebhook } from '@herald/client';
    const herald = new Herald({ baseUrl: process.env.HERALD_URL, token: process.env.HERALD_KEY });
    const own = await herald.apps.own();
    const refused = await herald.events.get(own.id, 'nope').catch((e) => e);
    const secret = 'whsec_' + Buffer.from('thirty-two bytes of secret......').toString('base64');
    const body = JSON.stringify({ ok: true });
    console.log(JSON.stringify({ id: own.id, error: refused instanceof HeraldError && refused.status, verified: verifyWebhook(secret, body, signWebhook(secret, 'msg_1', body)) }));
  `;
  const cjs = `
    const { Herald, HeraldError } = require('@herald/client');
    new Herald({ baseUrl: process.env.HERALD_URL, token: process.env.HERALD_KEY }).apps.own()
      .then((own) => console.log(JSON.stringify({ id: own.id, herald: typeof HeraldError })));
  `;
  await writeFile(path.join(folder, 'esm.mjs'), esm);
  await writeFile(path.join(folder, 'cjs.cjs'), cjs);
  const fromEsm = JSON.parse((await run(process.execPath, ['esm.mjs'], { cwd: folder, env })).stdout);
  expect(fromEsm).toEqual({ id: app.id, error: 404, verified: { ok: true } });
  const fromCjs = JSON.parse((await run(process.execPath, ['cjs.cjs'], { cwd: folder, env })).stdout);
  expect(fromCjs).toEqual({ id: app.id, herald: 'function' });
}, 180_000);
