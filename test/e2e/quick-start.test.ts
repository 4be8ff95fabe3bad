// The README's quick start ("Send your first event") runs as written against `herald dev`, and
// after it every docs page's shell block with a curl in it: taken from the files and run by bash
// in one session, with only the dev stack's data folder, ports and the example receiver's
// address moved to this test's own.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { freePort } from '../support/free-port';
import { runHerald, type Child } from '../support/processes';
import { startReceiver, type Receiver } from '../support/receiver';

let dataDir: string;
let receiver: Receiver;
let dev: Child | undefined;
let apiPort: number;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'herald-quick-start-'));
  receiver = await startReceiver();
  apiPort = await freePort();
  dev = runHerald('dev', {
    HERALD_DATA_DIR: dataDir,
    HERALD_API_PORT: String(apiPort),
    HERALD_TEMPORAL_PORT: String(await freePort()),
    HERALD_TEMPORAL_UI_PORT: String(await freePort()),
    HERALD_POSTGRES_PORT: String(await freePort()),
  }, { group: true });
  await dev.waitForOutput('Herald is running', 90_000);
}, 120_000);
afterAll(async () => {
  if (dev && dev.process.exitCode === null) dev.process.kill('SIGKILL');
  await receiver.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The first ```sh block under a README heading. */
async function shellBlockUnder(heading: string): Promise<string> {
  const readme = await readFile(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const from = readme.indexOf(`### ${heading}\n`);
  expect(from).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(from));
  return block![1];
}

/** Every ```sh block of a docs page that has a curl in it, in the page's order. */
async function curlBlocksOf(page: string): Promise<string[]> {
  const text = await readFile(path.join(__dirname, '..', '..', 'docs', page), 'utf8');
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).filter((block) => block.includes('curl'));
}

it("runs the README's first event as written, and the event is delivered, signed", async () => {
  const script = (await shellBlockUnder('Send your first event'))
    .replaceAll('.herald/', `${dataDir}/`)
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${apiPort}`)
    .replaceAll('http://127.0.0.1:4000/webhooks', receiver.url);
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { cwd: dataDir });
  // The endpoint's answer (with its secret) and the event's view are in what the commands printed.
  const secret = /"secret":"(whsec_[^"]+)"/.exec(stdout)?.[1];
  expect(secret).toBeDefined();
  expect(stdout).toContain('"id":"msg-1001","workflowId":"event/app_');
  const [got] = await receiver.waitFor(1);
  expect(new Webhook(secret!).verify(got.body, got.headers as Record<string, string>)).toMatchObject({ id: 'msg-1001', type: 'message.created' });
}, 60_000);

it("runs every docs page's curl blocks as written, after the quick start, each accepted", async () => {
  const pages = ['webhooks.md', 'presence-and-policy.md', 'operating.md'];
  const blocks = (await Promise.all(pages.map(async (page) => (await curlBlocksOf(page)).map((block, i) => ({ name: `${page} #${i + 1}`, block }))))).flat();
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  const script = [await shellBlockUnder('Send your first event'), ...blocks.map((b) => `echo; echo "::block ${b.name}"\n${b.block}`)]
    .join('\n')
    .replaceAll('.herald/', `${dataDir}/`)
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${apiPort}`)
    .replaceAll('http://127.0.0.1:4000/webhooks', receiver.url);
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script.replaceAll('msg-1001', 'msg-1002')], { cwd: dataDir, maxBuffer: 16 * 1024 * 1024 });
  const outputs = Object.fromEntries(stdout.split('::block ').slice(1).map((part) => [part.slice(0, part.indexOf('\n')), part.slice(part.indexOf('\n') + 1)]));
  expect(Object.keys(outputs)).toEqual(blocks.map((b) => b.name));
  // Herald refused none of them.
  for (const [name, output] of Object.entries(outputs)) expect({ name, refused: /"error":\{/.test(output) }).toEqual({ name, refused: false });
  expect(outputs['webhooks.md #1']).toMatch(/^ep_\w+$/m);
  expect(outputs['webhooks.md #2']).toContain('"rateLimit":50');
  expect(outputs['webhooks.md #3']).toContain('"payload":{"text":"ann: hi"}');
  expect(outputs['webhooks.md #4']).toContain('"tls":{"subject":"CN=herald-client"');
  expect(outputs['webhooks.md #5']).toContain('"fallbackChannelIds":["ch_');
  expect(outputs['webhooks.md #6']).toContain('{"results":[{"id":"e1","status":202');
  expect(outputs['presence-and-policy.md #1']).toContain('"delaySeconds":600');
  expect(outputs['operating.md #1']).toContain('/console/portal/');
}, 90_000);
