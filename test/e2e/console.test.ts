// The console in a real headless Chromium (Debian's, driven by playwright-core), as a new user
// goes through it, finding every control by its accessible name: sign in; add an endpoint with its
// event types as checkboxes and see its secret once; send a test event and see the receiver's
// answer; see a failed delivery in the log, replay it and see it delivered; recover; upload an APNs
// key and an FCM account from files; change a setting; rotate a secret; add a channel and a route
// with a preview; the simulator, a request bin, the charts; 390 px wide without sideways scrolling;
// the admin token picking an app. No page errors, no dialogs but the ones it asked for; whatever
// producers and receivers wrote shows as text. Screenshots go to HERALD_SCREENSHOTS.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
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
const files = mkdtempSync(path.join(os.tmpdir(), 'herald-console-files-'));

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
async function watched(width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => void (d.type() === 'confirm' ? d.accept() : (problems.push(`dialog: ${d.message()}`), d.dismiss())));
  return { page, problems };
}
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();

maybe('the console', () => {
  it('takes a new user through endpoints, the log, push, settings, channels, the simulator and bins', async () => {
    const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'Acme Chat', settings: { retrySchedule: [] } })).body;
    const api = apiClient(herald.url, created.apiKey);
    const base = `/v1/apps/${created.id}`;
    const { page, problems } = await watched();

    await page.goto(`${herald.url}/console`);
    await shot(page, '01-sign-in');
    await page.getByLabel('API key or admin token').fill('hk_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That key is not valid.').waitFor();
    await page.getByLabel('API key or admin token').fill(created.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Acme Chat · ${created.id}`).waitFor();

    // An endpoint: URL, one event type by its checkbox; the secret shown once.
    await tab(page, 'Endpoints');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByLabel('message.created', { exact: true }).check();
    await page.getByLabel('message.read', { exact: true }).check();
    await shot(page, '02-add-endpoint');
    await page.getByRole('button', { name: 'Save' }).click();
    const secret = (await page.locator('.notice .secret code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    const [endpoint] = (await api('GET', `${base}/endpoints`)).body.data;
    expect(endpoint).toMatchObject({ url: receiver.url, events: ['message.created', 'message.read'] });
    await shot(page, '03-endpoint-secret');

    // A test event, and the receiver's answer (it is down: 500 and its words).
    await page.getByRole('button', { name: receiver.url }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('HTTP 500 in').waitFor();
    await page.getByText('database is down').waitFor();
    expect(new Webhook(secret).verify(receiver.requests[0].body, receiver.requests[0].headers as Record<string, string>)).toBeTruthy();

    // A real event fails once (no retries in this app); the log shows it, its data as text.
    const data = { messageId: 'm-1', from: 'alice', to: 'bob', kind: 'text', body: '<img src=x onerror=alert(1)> hello' };
    expect((await api('POST', `${base}/events`, { id: 'evt-1', type: 'message.created', data })).status).toBe(202);
    await new Client({ connection: herald.connection }).workflow.getHandle(`event/${created.id}/evt-1`).result();
    await tab(page, 'Delivery log');
    await page.getByRole('button', { name: 'evt-1' }).click();
    await page.getByText('"body": "<img src=x onerror=alert(1)> hello"').waitFor();
    await page.getByLabel('Timeline').getByText(/attempt 1 to .* HTTP 500/).waitFor();
    await shot(page, '04-failed-delivery');
    down = false;
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await eventually(async () => (receiver.requests.length >= 3 ? true : undefined));
    const replayed = receiver.requests[2];
    expect((new Webhook(secret).verify(replayed.body, replayed.headers as Record<string, string>) as { id: string }).id).toBe('evt-1');
    await page.locator('.event').getByText('delivered', { exact: true }).first().waitFor({ timeout: 15_000 });
    await shot(page, '05-replayed');

    // Recover: nothing failed is left.
    await tab(page, 'Endpoints');
    await page.getByRole('button', { name: receiver.url }).click();
    await page.getByRole('button', { name: 'Recover 24 h' }).click();
    await page.getByText(/: completed, \d+ found/).waitFor({ timeout: 20_000 });

    // The endpoint's own chart of the last day.
    await page.getByRole('img', { name: /This endpoint's attempts/ }).waitFor();

    // Disabled with a reason, which the list then shows; enabled again.
    await page.getByLabel('Reason to disable').fill('receiver moving');
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByText('disabled: disabled through the API: receiver moving').waitFor();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).waitFor();

    // Rotate the secret: the old one's end is shown.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByText(/Rotated: the old secret still signs until/).waitFor();
    expect((await api('GET', `${base}/endpoints/${endpoint.id}/secret`)).body.secret).not.toBe(secret);

    // Push: an APNs key and an FCM account, picked from disk.
    const p8 = path.join(files, 'AuthKey_ABCDE12345.p8');
    writeFileSync(p8, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const account = path.join(files, 'service-account.json');
    writeFileSync(account, JSON.stringify({ type: 'service_account', project_id: 'acme', client_email: 'push@acme.iam.gserviceaccount.com', private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), token_uri: 'https://oauth2.googleapis.com/token' }));
    await tab(page, 'Push');
    await page.getByLabel('Name', { exact: true }).fill('ios production');
    await page.getByLabel('Key ID').fill('ABCDE12345');
    await page.getByLabel('Team ID').fill('TEAM123456');
    await page.getByLabel('Topic').fill('com.acme.chat');
    await page.getByLabel('Environment').selectOption('production');
    await page.getByLabel('Private key (.p8)').setInputFiles(p8);
    await page.getByRole('button', { name: 'Upload credential' }).click();
    await page.getByRole('cell', { name: 'ios production' }).waitFor();
    await page.getByLabel('Platform').selectOption('fcm');
    await page.getByLabel('Name', { exact: true }).fill('android');
    await page.getByLabel('Service account (JSON)').setInputFiles(account);
    await page.getByRole('button', { name: 'Upload credential' }).click();
    await page.getByRole('cell', { name: 'android' }).waitFor();
    expect((await api('GET', `${base}/push-credentials`)).body.data.map((c: { platform: string }) => c.platform).sort()).toEqual(['apns', 'fcm']);
    // A visible push's words for message.created, previewed on its sample event, then saved.
    await page.getByLabel('Visible notifications (off: background pushes the app wakes to)').check();
    await page.getByLabel('Title for message.created').fill('{{data.from}} wrote');
    await page.getByLabel('Body for message.created').fill('{{data.body}}');
    await page.getByRole('button', { name: 'Preview message.created' }).click();
    await page.getByLabel('Preview of message.created').getByText('user-7 wrote').waitFor();
    await page.getByRole('button', { name: 'Save templates' }).click();
    await page.getByText('Templates saved.').waitFor();
    await shot(page, '06-push');
    expect((await api('GET', base)).body.settings.push).toMatchObject({ visible: true, templates: { 'message.created': { title: '{{data.from}} wrote', body: '{{data.body}}' } } });

    // A setting.
    await tab(page, 'Settings');
    await page.getByLabel('Offline notice window (seconds)').fill('120');
    await page.getByLabel('Bounce threshold').fill('4');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await api('GET', base)).body.settings).toMatchObject({ offlineSuppressionSeconds: 120, bounceThreshold: 4 });

    // A chat channel and a route, previewed on a sample event before it is saved.
    await tab(page, 'Channels');
    await page.getByLabel('Type').selectOption('http');
    await page.getByLabel('Name', { exact: true }).fill('forwarder');
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByText('Channel added.').waitFor();
    await page.getByLabel('Text').fill('{{data.from}} says {{data.body}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByLabel('Preview').getByText('user-7 says Hello from Herald').waitFor();
    await page.getByRole('button', { name: 'Add route' }).click();
    await page.getByText('Route added.').waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Name of forwarder').fill('forwarder to the CRM');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('listitem').filter({ hasText: 'http · forwarder to the CRM' }).waitFor();
    await shot(page, '07-channels');
    expect((await api('GET', `${base}/routes`)).body.data).toHaveLength(1);

    // The simulator and a request bin.
    await tab(page, 'Simulator');
    await page.getByLabel('Event type').selectOption('message.read');
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText(/^HTTP 200 in \d+ ms/).waitFor();
    await tab(page, 'Request bins');
    await page.getByRole('button', { name: 'Make a bin' }).click();
    const binUrl = (await page.locator('.bin code').first().textContent())!;
    expect(binUrl).toMatch(/\/bins\/[A-Za-z0-9_-]+$/);
    await fetch(binUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hello":"bin"}' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText(/POST \/bins\//).waitFor();
    await shot(page, '08-bins');

    // Look-ups: a user, and an event by its id.
    await tab(page, 'Delivery log');
    await page.getByLabel('Id', { exact: true }).fill('bob');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByLabel('User').getByText(/bob: .* treated as offline/).waitFor();
    await page.getByLabel('Look up').selectOption('event');
    await page.getByLabel('Id', { exact: true }).fill('evt-1');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByText('"body": "<img src=x onerror=alert(1)> hello"').waitFor();

    // mesibo's format takes its event mask instead of types.
    await tab(page, 'Endpoints');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${receiver.url}?mesibo`);
    await page.getByLabel('Format').selectOption('mesibo');
    await page.getByLabel('mesibo event mask').fill('0x130');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.notice .secret code').waitFor();
    const mesibo = (await api('GET', `${base}/endpoints`)).body.data.find((e: { format: string }) => e.format === 'mesibo');
    expect(mesibo.events.sort()).toEqual(['message.created', 'message.offline', 'user.offline', 'user.online']);

    // The charts over what happened above.
    await tab(page, 'Stats');
    await page.getByRole('img', { name: /Delivery success per/ }).waitFor();
    await page.getByRole('img', { name: /Webhook failure rate per/ }).waitFor();
    await page.getByRole('img', { name: /Attempts per/ }).waitFor();
    await page.getByRole('img', { name: /Attempt latency/ }).waitFor();
    await shot(page, '09-stats');
    expect(problems).toEqual([]);

    // 390 px wide: every tab without sideways scrolling.
    const narrow = await watched(390);
    await narrow.page.goto(`${herald.url}/console`);
    await narrow.page.getByLabel('API key or admin token').fill(created.apiKey);
    await narrow.page.getByRole('button', { name: 'Sign in' }).click();
    for (const name of ['Stats', 'Endpoints', 'Push', 'Channels', 'Settings', 'Delivery log', 'Simulator', 'Request bins']) {
      await tab(narrow.page, name);
      await narrow.page.waitForTimeout(300);
      const overflow = await narrow.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ name, overflow }).toEqual({ name, overflow: 0 });
    }
    await shot(narrow.page, '10-narrow-stats');
    expect(narrow.problems).toEqual([]);
    console.log(`console screenshots: ${shots}`);
  });

  it("shows a user's notification policy, what the user's workflow holds, and why a delivery was held or skipped", async () => {
    const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'Policy App' })).body;
    const api = apiClient(herald.url, created.apiKey);
    const base = `/v1/apps/${created.id}`;
    const team = (await api('POST', `${base}/channels`, { type: 'slack', name: 'team', config: { url: `${receiver.url}/services/T/B/x` } })).body;
    const mail = (await api('POST', `${base}/channels`, { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: 2525, secure: false, from: 'chat@example.com' } })).body;
    const delayed = (await api('POST', `${base}/routes`, { events: ['message.created'], channelId: team.id, recipient: 'user', delaySeconds: 3600 })).body;
    await api('POST', `${base}/routes`, { events: ['message.created'], channelId: mail.id, recipient: 'user' });
    await api('PUT', `${base}/users/zoe`, { phoneNumber: '+15005550123', timeZone: 'Europe/Lisbon', locale: 'pt-PT' });
    // Quiet hours two hours from now: none of the sends below falls in them.
    const hh = String((new Date().getUTCHours() + 2) % 24).padStart(2, '0');
    await api('PUT', `${base}/users/zoe/preferences`, { channels: { sms: false }, quietHours: { start: `${hh}:00`, end: `${hh}:30`, timeZone: 'Etc/UTC' } });
    expect((await api('POST', `${base}/events`, { id: 'held-1', type: 'message.created', data: { messageId: 'm1', from: 'ann', to: 'zoe', kind: 'text', body: 'hi' } })).status).toBe(202);
    await new Client({ connection: herald.connection }).workflow.getHandle(`event/${created.id}/held-1`).result();

    const { page, problems } = await watched();
    await page.goto(`${herald.url}/console`);
    await page.getByLabel('API key or admin token').fill(created.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await tab(page, 'Delivery log');
    await page.getByLabel('Look up').selectOption('event');
    await page.getByLabel('Id', { exact: true }).fill('held-1');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('row').filter({ hasText: 'slack' }).getByText('held: sent in 3600 s').waitFor();
    await page.getByRole('row').filter({ hasText: 'email' }).getByText('user zoe has no email').waitFor();
    await page.getByLabel('Look up').selectOption('user');
    await page.getByLabel('Id', { exact: true }).fill('zoe');
    await page.getByRole('button', { name: 'Look up' }).click();
    const policy = page.getByLabel('Notification policy');
    await policy.getByText('+15005550123 · Europe/Lisbon · pt-PT').waitFor();
    await policy.getByText(`Muted: sms. Quiet hours ${hh}:00–${hh}:30 Etc/UTC.`).waitFor();
    await policy.getByText(new RegExp(`1 send of route ${delayed.id} held for delay until`)).waitFor();
    await shot(page, '12-user-policy');
    expect(problems).toEqual([]);
  });

  it("shows and edits an endpoint's delivery controls, and tests its transformation on a sample", async () => {
    const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'Controls App' })).body;
    const api = apiClient(herald.url, created.apiKey);
    const base = `/v1/apps/${created.id}`;
    const endpoint = (await api('POST', `${base}/endpoints`, { url: receiver.url, events: ['message.created'], headers: { 'X-Api-Key': 'never-in-the-page' } })).body;

    const { page, problems } = await watched();
    await page.goto(`${herald.url}/console`);
    await page.getByLabel('API key or admin token').fill(created.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await tab(page, 'Endpoints');
    await page.getByText('headers: X-Api-Key').waitFor();
    await page.getByRole('button', { name: receiver.url }).click();
    await page.getByText('Delivery controls').click();
    await page.getByLabel('Rate limit (deliveries per second)').fill('25');
    await page.getByLabel('Authentication').selectOption('oauth2');
    await page.getByLabel('Token URL').fill('http://127.0.0.1:9/oauth/token');
    await page.getByLabel('Client id').fill('console-client');
    await page.getByLabel('Client secret').fill('console-secret');
    await page.getByLabel('Payload filter').fill('{"data.kind": {"$in": ["image"]}}');
    await page.getByLabel('Transformation').fill('function handler(w) { w.payload = { said: w.payload.data.body, key: w.headers["X-Api-Key"] }; return w; }');
    await page.getByLabel('Sample data (JSON, optional)').fill('{"messageId": "m1", "from": "ann", "to": "bob", "kind": "image", "body": "look"}');
    await page.getByRole('button', { name: 'Test transformation' }).click();
    const tried = page.getByLabel('What would be sent');
    await tried.getByText('"said": "look"').waitFor();
    await tried.getByText('"key": "(sealed)"').waitFor();
    await page.getByRole('button', { name: 'Save controls' }).click();
    await page.getByText(/^Saved: rateLimit, auth, filter, transformation\.$/).waitFor();
    await page.getByText('at most 25/s · headers: X-Api-Key · auth: oauth2 (console-client) · filtered · transformed').waitFor();
    const stored = (await api('GET', `${base}/endpoints/${endpoint.id}`)).body;
    expect(stored).toMatchObject({ rateLimit: 25, auth: { type: 'oauth2', clientId: 'console-client' }, filter: { 'data.kind': { $in: ['image'] } }, headerNames: ['X-Api-Key'] });
    expect(await page.content()).not.toContain('never-in-the-page');

    // A transformation that throws is refused with its error, and nothing is saved.
    await page.getByLabel('Transformation').fill('function handler(w) { throw new Error("broken on purpose") }');
    await page.getByRole('button', { name: 'Test transformation' }).click();
    await page.getByText(/broken on purpose/).first().waitFor();
    await shot(page, '13-endpoint-controls');
    expect(problems).toEqual([]);
  });

  it('signs in with the admin token, lists the apps, and opens one', async () => {
    const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'Picked App' })).body;
    const bin = (await apiClient(herald.url, created.apiKey)('POST', `/v1/apps/${created.id}/bins`)).body;
    const { page, problems } = await watched();
    await page.goto(`${herald.url}/console`);
    await page.getByLabel('API key or admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shot(page, '11-admin-apps');
    await page.getByRole('button', { name: 'Picked App' }).click();
    await page.getByText(`Picked App · ${created.id}`).waitFor();
    await tab(page, 'Request bins');
    await page.getByText(bin.url).waitFor();
    expect(problems).toEqual([]);
  });
});
