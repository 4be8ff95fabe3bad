// Secret rotation end to end, verified as receivers verify: with the standardwebhooks library.
// The grace period is short here (HERALD_SECRET_ROTATION_GRACE_SECONDS=3).
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver, type Received } from '../support/receiver';

let herald: TestHerald;
let receiver: Receiver;

beforeAll(async () => {
  herald = await startTestHerald({ config: { secretRotationGraceSeconds: 3 } });
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
  const send = async (id: string) => {
    expect((await app('POST', `/v1/apps/${created.id}/events`, { id, type: 'message.sent', data: { messageId: id } })).status).toBe(202);
    return (await receiver.waitFor(receiver.requests.length + 1)).at(-1)!;
  };

  const before = await send('before');
  expect(verifies(ep.secret, before)).toBe(true);

  const rotated = (await app('POST', `/v1/apps/${created.id}/endpoints/${ep.id}/secret/rotate`)).body;
  const during = await send('during');
  expect(verifies(ep.secret, during)).toBe(true);
  expect(verifies(rotated.secret, during)).toBe(true);
  expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);

  // Past the grace period's end, as the database computed it.
  const graceEnd = Date.parse(rotated.previousSecretValidUntil);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnd - Date.now()) + 250));
  const after = await send('after');
  expect(verifies(rotated.secret, after)).toBe(true);
  expect(verifies(ep.secret, after)).toBe(false);
  expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
});
