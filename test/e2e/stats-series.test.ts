// The series the console's charts draw (GET …/stats?window=&bucket=): attempts per step by outcome
// (delivered, retrying, failed) and their latency, every step present, for the app or one endpoint.
import { Client } from '@temporalio/client';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { answer, sequence, startReceiver, type Receiver } from '../support/receiver';

let herald: TestHerald;
const receivers: Receiver[] = [];
beforeAll(async () => {
  herald = await startTestHerald();
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await herald.stop();
});

type Point = { at: string; delivered: number; retrying: number; failed: number; p50Ms: number | null; p99Ms: number | null; ended: number; endedDelivered: number; webhookAttempts: number; webhookFailed: number };
const total = (series: Point[], k: 'delivered' | 'retrying' | 'failed' | 'ended' | 'endedDelivered' | 'webhookAttempts' | 'webhookFailed') => series.reduce((s, p) => s + p[k], 0);

it('counts each attempt once, by what came of it, in steps across the window', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'charts', settings: { retrySchedule: [1] } })).body;
  const api = apiClient(herald.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const flaky = await startReceiver(sequence(503, 200, 400));
  const broken = await startReceiver(answer(400));
  receivers.push(flaky, broken);
  const a = (await api('POST', `${base}/endpoints`, { url: flaky.url, events: ['*'] })).body;
  const b = (await api('POST', `${base}/endpoints`, { url: broken.url, events: ['*'] })).body;
  await api('POST', `${base}/events`, { id: 'e1', type: 'message.sent', data: { messageId: 'm1' } });
  await new Client({ connection: herald.connection }).workflow.getHandle(`event/${created.id}/e1`).result();

  // flaky: 503 (retried) then 200; broken: 400 (failed for good).
  const stats = await eventually(async () => {
    const s = (await api('GET', `${base}/stats?window=1h&bucket=1m`)).body;
    return total(s.series, 'delivered') === 1 ? s : undefined;
  });
  expect(stats.bucket).toBe('1m');
  expect(stats.series.length).toBeGreaterThanOrEqual(60);
  expect(stats.series.length).toBeLessThanOrEqual(61);
  const steps = stats.series.map((p: Point) => Date.parse(p.at));
  expect(steps.every((t: number, i: number) => i === 0 || t - steps[i - 1] === 60_000)).toBe(true);
  expect({ delivered: total(stats.series, 'delivered'), retrying: total(stats.series, 'retrying'), failed: total(stats.series, 'failed') }).toEqual({ delivered: 1, retrying: 1, failed: 1 });
  // As the thresholds measure: two deliveries ended (one delivered), three webhook attempts (two failed).
  expect({ ended: total(stats.series, 'ended'), endedDelivered: total(stats.series, 'endedDelivered'), webhookAttempts: total(stats.series, 'webhookAttempts'), webhookFailed: total(stats.series, 'webhookFailed') })
    .toEqual({ ended: 2, endedDelivered: 1, webhookAttempts: 3, webhookFailed: 2 });
  const busy = stats.series.filter((p: Point) => p.delivered + p.retrying + p.failed > 0);
  expect(busy.every((p: Point) => p.p50Ms !== null && p.p99Ms! >= p.p50Ms!)).toBe(true);
  expect(stats.series.filter((p: Point) => p.delivered + p.retrying + p.failed === 0).every((p: Point) => p.p50Ms === null)).toBe(true);

  // A replay's attempts count as its own: replayed to the flaky endpoint, which now refuses (400),
  // its first attempt failed for good, though the first delivery there took two attempts.
  await api('POST', `${base}/events/e1/replay`, { endpointId: a.id });
  const replayed = await eventually(async () => {
    const s = (await api('GET', `${base}/stats?window=1h&bucket=1m&endpointId=${a.id}`)).body;
    return total(s.series, 'failed') === 1 ? s : undefined;
  });
  expect({ delivered: total(replayed.series, 'delivered'), retrying: total(replayed.series, 'retrying') }).toEqual({ delivered: 1, retrying: 1 });

  // One endpoint's series.
  const ofA = (await api('GET', `${base}/stats?window=1h&bucket=5m&endpointId=${a.id}`)).body;
  expect({ delivered: total(ofA.series, 'delivered'), retrying: total(ofA.series, 'retrying'), failed: total(ofA.series, 'failed') }).toEqual({ delivered: 1, retrying: 1, failed: 1 });
  const ofB = (await api('GET', `${base}/stats?window=1h&endpointId=${b.id}`)).body;
  expect(ofB.bucket).toBe('1m');
  expect(total(ofB.series, 'failed')).toBe(1);

  // The default step keeps a window to at most 120 points; too fine a step is refused, saying why.
  expect((await api('GET', `${base}/stats?window=7d`)).body).toMatchObject({ bucket: '6h' });
  const tooFine = await api('GET', `${base}/stats?window=30d&bucket=1m`);
  expect(tooFine.status).toBe(400);
  expect(tooFine.body.error.message).toContain('at most 1440');
});
