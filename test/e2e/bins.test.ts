// Request bins on a Herald that refuses private targets: any request to a bin's URL is recorded
// as it came; an endpoint may point at Herald's own bin all the same, and what Herald sends it is
// there to read, signed, as a receiver would get it.
import { Client } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, startTestHerald, type TestHerald } from '../support/herald';

let herald: TestHerald;

beforeAll(async () => {
  // A hundred requests in a row below: this file is about what bins keep, not their rate (test/api/rate-limits.test.ts).
  herald = await startTestHerald({ config: { allowPrivateTargets: false, binRequestsPerSecond: 10_000 } });
});
afterAll(async () => {
  await herald?.stop();
});

it('records what reaches a bin, and what Herald delivers to one, past the private-address policy', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'bins' })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const bin = await api('POST', `${base}/bins`);
  expect(bin).toEqual({ status: 201, body: { id: expect.stringMatching(/^bin_/), url: `${herald.url}/bins/${bin.body.id}`, expiresAt: expect.any(String) } });
  expect(Date.parse(bin.body.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
  // Listed with the app's other live bins, newest first, wherever each was made.
  const second = (await api('POST', `${base}/bins`)).body;
  expect((await api('GET', `${base}/bins`)).body.data).toEqual([second, bin.body].sort((x, y) => (x.expiresAt === y.expiresAt ? (x.id < y.id ? 1 : -1) : x.expiresAt < y.expiresAt ? 1 : -1)));

  // Anyone may send to it, anything, with no token.
  expect((await fetch(bin.body.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'uid=42&e=16' })).status).toBe(200);
  expect((await fetch(`${bin.body.url}?probe=1`)).status).toBe(200);
  const requests = async () => (await api('GET', `${base}/bins/${bin.body.id}/requests`)).body.data;
  expect(await requests()).toEqual([
    expect.objectContaining({ method: 'GET', path: `/bins/${bin.body.id}?probe=1`, body: '' }),
    expect.objectContaining({ method: 'POST', body: 'uid=42&e=16', headers: expect.objectContaining({ 'content-type': 'application/x-www-form-urlencoded' }) }),
  ]);

  // An endpoint on Herald's own (private) address: only its bins pass.
  expect((await api('POST', `${base}/endpoints`, { url: `${herald.url}/hooks`, events: ['*'] })).status).toBe(400);
  const endpoint = await api('POST', `${base}/endpoints`, { url: bin.body.url, events: ['*'] });
  expect(endpoint.status).toBe(201);
  expect((await api('POST', `${base}/events`, { id: 'to-bin', type: 'message.sent', data: { messageId: 'm1' } })).status).toBe(202);
  await new Client({ connection: herald.connection }).workflow.getHandle(`event/${created.id}/to-bin`).result();
  const [delivered] = await requests();
  expect(new Webhook(endpoint.body.secret).verify(delivered.body, delivered.headers)).toMatchObject({ id: 'to-bin', type: 'message.sent', data: { messageId: 'm1' } });
  expect((await api('GET', `${base}/events/to-bin`)).body.deliveries).toEqual([expect.objectContaining({ status: 'delivered', lastStatusCode: 200 })]);

  // It keeps the last 100; an unknown bin is a 404.
  for (let i = 0; i < 100; i++) await fetch(bin.body.url, { method: 'PUT', body: String(i) });
  const kept = await requests();
  expect(kept).toHaveLength(100);
  expect(kept[0].body).toBe('99');
  expect((await fetch(`${herald.url}/bins/bin_nope`, { method: 'POST' })).status).toBe(404);
  expect((await api('GET', `${base}/bins/bin_nope/requests`)).status).toBe(404);
});

it("never records one app's deliveries into another app's bin, whatever the URL's path says", async () => {
  const admin = apiClient(herald.url, ADMIN_TOKEN);
  const owner = (await admin('POST', '/v1/apps', { name: 'bin owner' })).body;
  const other = (await admin('POST', '/v1/apps', { name: 'other app' })).body;
  const ownerApi = apiClient(herald.url, owner.apiKey);
  const otherApi = apiClient(herald.url, other.apiKey);
  const bin = (await ownerApi('POST', `/v1/apps/${owner.id}/bins`)).body;
  // A public host whose path happens to name the owner's bin: it is that host's, and goes out to it
  // (which this closed network cannot reach: the one attempt fails).
  const endpoint = await otherApi('POST', `/v1/apps/${other.id}/endpoints`, { url: `https://example.com/bins/${bin.id}`, events: ['*'], guaranteed: false });
  expect(endpoint.status).toBe(201);
  expect((await otherApi('POST', `/v1/apps/${other.id}/events`, { id: 'not-yours', type: 'message.sent', data: { messageId: 'm1' } })).status).toBe(202);
  await new Client({ connection: herald.connection }).workflow.getHandle(`event/${other.id}/not-yours`).result();
  expect((await ownerApi('GET', `/v1/apps/${owner.id}/bins/${bin.id}/requests`)).body.data).toEqual([]);
  expect((await otherApi('GET', `/v1/apps/${other.id}/events/not-yours`)).body.deliveries).toEqual([expect.objectContaining({ status: 'failed' })]);
});
