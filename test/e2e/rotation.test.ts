// Secret rotation end to end, verified as receivers verify: with the standardwebhooks library.
// The grace period is the default day: the test ends it by moving the rotated secret's valid-until
// in PostgreSQL, so a busy machine cannot run it out between the rotation and the signing.
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver, type Received } from '../support/receiver';

let herald: TestHerald;
let receiver: Receiver;

beforeAll(async () => {
  herald = await startTestHerald();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await herald.stop();
});

const verifies = (secret: string, r: Received) => {
  try {
    new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
};

it('signs with the old and the new secret during the grace period, and with the new one only after it', async () => {
  const created = (await apiClient(herald.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'rotation' })).body;
  const app = apiClient(herald.url, created.apiKey);
  const ep = (await app('POST', `/v1/apps/${created.id}/endpoints`, { url: receiver.url, events: ['*'] })).body;
  // The count is taken before the POST: the delivery may land before the 202 does (eager start).
  const send = async (id: string) => {
    const seen = receiver.requests.length;
    expect((await app('POST', `/v1/apps/${created.id}/events`, { id, type: 'message.sent', data: { messageId: id } })).status).toBe(202);
    return (await receiver.waitFor(seen + 1))[seen];
  };

  const before = await send('before');
  expect(verifies(ep.secret, before)).toBe(true);

  const rotated = (await app('POST', `/v1/apps/${created.id}/endpoints/${ep.id}/secret/rotate`)).body;
  const during = await send('during');
  expect(verifies(ep.secret, during)).toBe(true);
  expect(verifies(rotated.secret, during)).toBe(true);
  expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);

  expect(Date.parse(rotated.previousSecretValidUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);

  // The grace ends (as the database keeps it: the rotated secret's expiresAt).
  await herald.pool.query(
    `UPDATE endpoints SET previous_secrets = (SELECT jsonb_agg(jsonb_set(s, '{expiresAt}', to_jsonb(now() - interval '1 second'))) FROM jsonb_array_elements(previous_secrets) s) WHERE id = $1`,
    [ep.id],
  );
  const after = await send('after');
  expect(verifies(rotated.secret, after)).toBe(true);
  expect(verifies(ep.secret, after)).toBe(false);
  expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
});
