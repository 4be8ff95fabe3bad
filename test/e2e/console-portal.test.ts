// Portal links in a real browser (Debian's Chromium, driven by playwright-core): a platform's page
// on an allowed origin frames a portal link, and the console inside signs in to that one app by its
// session cookie alone — no key typed, none in the page; the same link framed by an origin not in
// HERALD_CONSOLE_FRAME_ANCESTORS is blocked by the browser. Screenshots go to HERALD_SCREENSHOTS.
import { existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { freePort } from '../support/free-port';

const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const shots = process.env.HERALD_SCREENSHOTS ?? path.join(os.tmpdir(), 'herald-console-screenshots');
const runs = existsSync(CHROMIUM) || process.env.CI;
const maybe = runs ? describe : describe.skip;

let herald: TestHerald;
let browser: Browser;
const servers: http.Server[] = [];
let allowedPort: number;

/** The platform's dashboard: a page that frames the link it is given (?src=). */
async function dashboard(port: number): Promise<string> {
  const server = http.createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    const escaped = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Platform dashboard</title><h1>Your webhooks</h1><iframe title="Herald console" src="${escaped}" width="1200" height="800"></iframe>`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  if (!runs) return;
  mkdirSync(shots, { recursive: true });
  allowedPort = await freePort();
  herald = await startTestHerald({ roles: { api: true, worker: false }, config: { consoleFrameAncestors: [`http://127.0.0.1:${allowedPort}`] } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await new Promise((r) => s.close(r));
  await herald?.stop();
});

maybe('portal links in the browser', () => {
  it('signs in inside an allowed origin\'s frame by the link alone; another origin\'s frame is blocked', async () => {
    const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'Embedded Co' })).body;
    const api = apiClient(herald.url, created.apiKey);
    const allowed = await dashboard(allowedPort);
    const refused = await dashboard(0);

    const page = await browser.newPage({ viewport: { width: 1280, height: 950 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const link = (await api('POST', `/v1/apps/${created.id}/portal-links`, {})).body.url as string;
    await page.goto(`${allowed}/?src=${encodeURIComponent(link)}`);
    const frame = page.frameLocator('iframe[title="Herald console"]');
    await frame.getByText(`Embedded Co · ${created.id}`).waitFor({ timeout: 15_000 });
    // The key was never in the page or its frame.
    expect(await page.content()).not.toContain(created.apiKey);
    const console = page.frames().find((f) => f.url().startsWith(`${herald.url}/console`))!;
    expect(await console.content()).not.toContain(created.apiKey);
    await page.screenshot({ path: path.join(shots, 'portal-embedded.png') });

    // Another origin frames a fresh link: the browser refuses to render the console there.
    const other = await browser.newPage();
    const blocked: string[] = [];
    other.on('console', (m) => blocked.push(m.text()));
    const second = (await api('POST', `/v1/apps/${created.id}/portal-links`, {})).body.url as string;
    await other.goto(`${refused}/?src=${encodeURIComponent(second)}`);
    // The point where it would have shown: the browser's report that it refused the frame.
    await eventually(async () => (blocked.some((t) => t.includes('frame-ancestors')) ? true : undefined), 10_000);
    const inner = other.frames().find((f) => f !== other.mainFrame());
    expect(await inner?.locator('.app-name').count().catch(() => 0)).toBe(0);
    await other.screenshot({ path: path.join(shots, 'portal-refused.png') });
    expect(errors).toEqual([]);
  });
});
