import { Webhook } from 'standardwebhooks';
import { generateSecret, isWellFormedSecret, sign, webhookHeaders } from '../../domain/signing';

describe('Standard Webhooks signing', () => {
  // The vector published with the Standard Webhooks / Svix libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const msgId = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const payload = '{"test": 2432232314}';

  it('matches the published test vector', () => {
    expect(sign(secret, msgId, timestamp, payload)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('produces headers that the standardwebhooks library verifies', () => {
    const fresh = generateSecret();
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'e1', type: 'user.online', timestamp: new Date().toISOString(), data: { userId: 'u' } });
    const headers = webhookHeaders([fresh], 'msg_1', now, body);
    expect(new Webhook(fresh).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs with every live secret during a rotation, and each receiver key verifies', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const now = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders([current, previous], 'msg_2', now, '{}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify('{}', headers)).not.toThrow();
    expect(() => new Webhook(previous).verify('{}', headers)).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify('{}', headers)).toThrow();
  });

  it('makes a different whsec_ secret each time', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(isWellFormedSecret(a)).toBe(true);
    expect(generateSecret()).not.toBe(a);
  });
});
