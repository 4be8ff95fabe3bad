// The README's quick start ("Send your first event") runs as written against `herald dev`: its
// shell block is taken from the README and run by bash, with only the dev stack's data folder,
// ports and the example receiver's address moved to this test's own.
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
