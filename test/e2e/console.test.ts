// The console's main path in a real headless Chromium (Debian's, driven by playwright-core): sign
// in with an app key, find a failed delivery in the log, replay it to a receiver that now answers
// 200, and see it delivered; then the simulator, a request bin and the stats. Screenshots of each
// step go to HERALD_SCREENSHOTS (default: a folder under the system's temp dir) for a person to see.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';

const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const shots = process.env.HERALD_SCREENSHOTS ?? path.join(os.tmpdir(), 'herald-console-screenshots');
// Without Chromium the file is skipped on a developer's machine (install Debian's `chromium`), and
// fails in CI, which installs it.
const runs = existsSync(CHROMIUM) || process.env.CI;
if (!runs) console.warn(`console.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set HERALD_CHROMIUM)`);
const maybe = runs ? describe : describe.skip;

let herald: TestHerald;
let browser: Browser;
let receiver: Receiver;
let down = true;

beforeAll(async () => {
  if (!runs) return;
  mkdirSync(shots, { recursive: true });
  herald = await startTestHerald();
  receiver = await startReceiver((_n, _r, res) => res.writeHead(down ? 500 : 200).end(down ? 'database is down' : 'thanks'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root on a closed network: no sandbox, and none of Chromium's own calls home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await herald?.stop();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

maybe('the console', () => {
  it('signs in with an app key, shows a failed delivery, replays it and shows it delivered', async () => {
    const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'Acme Chat' })).body;
    const api = apiClient(herald.url, created.apiKey);
    const base = `/v1/apps/${created.id}`;
    // One attempt (chat-api's mode): the failure is final at once, and waits for a replay.
    const endpoint = (await api('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.created'], description: 'backend', guaranteed: false })).body;
    const secret = (await api('GET', `${base}/endpoints/${endpoint.id}/secret`)).body.secret;
    const data = { messageId: 'm-1', from: 'alice', to: 'bob', kind: 'text', body: '<img src=x onerror=alert(1)> hello' };
    expect((await api('POST', `${base}/events`, { id: 'evt-1', type: 'message.created', data })).status).toBe(202);
    await new Client({ connection: herald.connection }).workflow.getHandle(`event/${created.id}/evt-1`).result();
    expect(receiver.requests).toHaveLength(1);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
    await page.goto(`${herald.url}/console`);
    await shot(page, '1-sign-in');
    await page.fill('#key', 'hk_not-a-key');
    await page.click('#signin button[type=submit]');
    await page.getByText('That key is not valid.').waitFor();
    await page.fill('#key', created.apiKey);
    await page.click('#signin button[type=submit]');
    await page.getByText(`Acme Chat · ${created.id}`).waitFor();
    await page.locator('#stat-cards .card').first().waitFor();
    await shot(page, '2-stats');

    await page.click('nav button[data-tab=endpoints]');
    const row = page.locator(`tr[data-endpoint="${endpoint.id}"]`);
    await row.getByText('100 % of 1').waitFor();
    await shot(page, '3-endpoints');

    await page.click('nav button[data-tab=events]');
    await page.locator('tr[data-event="evt-1"]').click();
    const first = page.locator(`tr[data-delivery="${endpoint.id}"]`);
    await first.getByText('failed', { exact: true }).waitFor();
    await page.getByText('database is down').waitFor();
    // The producer's text is shown as text, not run as HTML.
    await page.getByText('"body": "<img src=x onerror=alert(1)> hello"').waitFor();
    await shot(page, '4-failed-delivery');

    down = false;
    await first.getByRole('button', { name: 'Replay' }).click();
    const replayed = page.locator(`tr[data-delivery^="${endpoint.id}#"]`);
    await replayed.getByText('delivered', { exact: true }).waitFor();
    await shot(page, '5-replayed-delivered');
    expect(receiver.requests).toHaveLength(2);
    const again = receiver.requests[1];
    expect((new Webhook(secret).verify(again.body, again.headers as Record<string, string>) as { id: string }).id).toBe('evt-1');
    expect(again.headers['webhook-id']).not.toBe(receiver.requests[0].headers['webhook-id']);
    expect((await api('GET', `${base}/events/evt-1`)).body.deliveries).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 'failed' }), expect.objectContaining({ status: 'delivered', replayId: expect.any(String) })]),
    );

    // Nothing left to recover: the one failed delivery was replayed.
    await page.click('nav button[data-tab=endpoints]');
    await row.getByRole('button', { name: 'Recover 24 h' }).click();
    await page.getByText(/: completed, 0 found, 0 delivered again/).waitFor();

    await page.click('nav button[data-tab=simulator]');
    await page.selectOption('#sim-type', 'message.read');
    await page.click('#sim-send');
    await page.locator('#sim-result').getByText(/^HTTP 200 in \d+ ms$/).waitFor();
    await shot(page, '6-simulator');
    expect(JSON.parse(receiver.requests[2].body)).toEqual(expect.objectContaining({ type: 'message.read' }));

    await page.click('nav button[data-tab=bins]');
    await page.click('#bin-create');
    const binUrl = await page.locator('[data-bin] code').first().textContent();
    expect(binUrl).toMatch(/\/bins\/[A-Za-z0-9_-]+$/);
    await fetch(binUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hello":"bin"}' });
    await page.getByRole('button', { name: 'Refresh' }).last().click();
    await page.getByText(/POST \//).first().waitFor();
    await shot(page, '7-bins');
    expect(dialogs).toEqual([]);
    console.log(`console screenshots: ${shots}`);
  });

  it('signs in with the admin token, lists the apps to pick from, and shows every live bin of the app', async () => {
    const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'Picked App' })).body;
    // A bin made elsewhere (another tab, the API): the console lists the app's bins, not the tab's.
    const bin = (await apiClient(herald.url, created.apiKey)('POST', `/v1/apps/${created.id}/bins`)).body;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${herald.url}/console`);
    await page.getByLabel('API key or admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('App', { exact: true }).selectOption(created.id);
    await shot(page, '8-admin-picks-an-app');
    await page.getByRole('button', { name: 'Open app' }).click();
    await page.locator('#app-name').getByText(`Picked App · ${created.id}`).waitFor();
    await page.getByRole('tab', { name: 'Request bins' }).click();
    await page.locator(`[data-bin="${bin.id}"] code`).getByText(bin.url).waitFor();
    await shot(page, '9-bins-listed');
  });
});
