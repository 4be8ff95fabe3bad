// The forwarding channels against real peers: an SMTP server, a Twilio-compatible HTTP API, and
// loopback receivers standing where Slack, Discord, Teams and an http target would be. Each
// answer is classified as the route delivery relies on: delivered, retry, rejected, failed,
// misconfigured.
import { createHttpPoster } from '../../activities/channels/http-post';
import { emailChannel } from '../../activities/channels/email';
import { smsChannel } from '../../activities/channels/sms';
import { slackChannel } from '../../activities/channels/slack';
import { discordChannel } from '../../activities/channels/discord';
import { teamsChannel } from '../../activities/channels/teams';
import { httpChannel } from '../../activities/channels/http';
import { createRouteDelivery, renderRouteMessage, type RouteDeliveryDeps } from '../../activities/channels/route-delivery';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { createSendClaims } from '../../db/send-claims';
import { testEnv } from '../support/herald';
import type { RouteTarget } from '../../db/channels-repository';
import type { HeraldEvent } from '../../domain/event-envelope';
import { startReceiver } from '../support/receiver';
import { INVALID_NUMBER, startSmsPeer, startSmtpPeer } from '../support/channel-peers';
import { makeTestCa } from '../support/tls';

const poster = createHttpPoster({ allowPrivateTargets: true, timeoutMs: 3000, maxResponseBytes: 4096, userAgent: 'test' });
const deps = { poster, allowPrivateTargets: true };
// SMS claims go to the run's real PostgreSQL (db/send-claims.ts).
let pool: Pool;
let claimSend: RouteDeliveryDeps['claimSend'];
beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl);
  await migrate(pool);
  const claims = createSendClaims(pool);
  claimSend = (c) => claims.claim(c);
});
const receiversToClose: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const r of receiversToClose) await r.close();
  poster.close();
  await pool.end();
});

const event: HeraldEvent = {
  appId: 'app_1', id: 'evt_1', type: 'message.created', occurredAt: '2026-11-23T10:00:00.000Z',
  data: { messageId: 'm1', from: 'alice', to: 'bob', kind: 'text', body: 'see <you> & me', email: 'bob@example.com', phoneNumber: '+15005550006' },
};
const message = { to: 'bob@example.com', subject: 'New message from alice', text: 'see you', html: '<p>see you</p>', deliveryId: 'msg_1.rt_1' };

describe('email (SMTP through nodemailer)', () => {
  it('delivers text and HTML; refuses a 550 recipient as a rejection with its code; retries a 450; a bad login is misconfiguration', async () => {
    const smtp = await startSmtpPeer({ rejectRecipients: ['gone@example.com'], tempFailRecipients: ['busy@example.com'], auth: { user: 'herald', pass: 'right' } });
    const send = emailChannel.createSender(deps);
    const config = { host: '127.0.0.1', port: smtp.port, secure: false, auth: { user: 'herald', pass: 'right' }, from: 'Herald <herald@example.com>', allowPlaintextAuth: true };
    try {
      expect(await send(config, message, event)).toMatchObject({ outcome: 'delivered' });
      const [mail] = smtp.messages;
      expect(mail.envelopeTo).toEqual(['bob@example.com']);
      expect({ subject: mail.subject, text: mail.text?.trim(), html: mail.html, from: mail.from?.text }).toEqual({
        subject: 'New message from alice', text: 'see you', html: '<p>see you</p>', from: '"Herald" <herald@example.com>',
      });
      expect(await send(config, { ...message, to: 'gone@example.com' }, event)).toMatchObject({ outcome: 'rejected', code: '550', statusCode: 550, error: expect.stringMatching(/No such user/) });
      expect(await send(config, { ...message, to: 'busy@example.com' }, event)).toMatchObject({ outcome: 'retry', statusCode: 450 });
      const wrong = { ...config, auth: { user: 'herald', pass: 'wrong' } };
      expect(await send(wrong, message, event)).toMatchObject({ outcome: 'misconfigured', error: expect.stringMatching(/EAUTH/) });
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it('counts a refused sender as the channel\'s misconfiguration, not a rejection', async () => {
    const smtp = await startSmtpPeer({ rejectSenders: ['nobody@example.com'] });
    try {
      const result = await emailChannel.createSender(deps)({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'nobody@example.com' }, message, event);
      expect(result).toMatchObject({ outcome: 'misconfigured', statusCode: 553, error: expect.stringMatching(/refused the sender at MAIL FROM/) });
    } finally {
      await smtp.close();
    }
  });

  it('retries, unsent, a message that finds no connection of its pool free in time (a slow server queues nothing without end)', async () => {
    const smtp = await startSmtpPeer({ dataDelayMs: 1500 });
    const send = emailChannel.createSender({ ...deps, smtpQueueWaitMs: 300 });
    const config = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'h@example.com' };
    try {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => send(config, { ...message, to: `r${i}@example.com` }, event)));
      expect(results.map((r) => r.outcome).sort()).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'retry']);
      expect(results.find((r) => r.outcome === 'retry')!.error).toMatch(/no connection .* came free/);
      expect(smtp.messages).toHaveLength(5);
    } finally {
      await smtp.close();
    }
  });

  it('sends to exactly one mailbox: a rendered `to` naming two, or holding a line break, is refused unsent', async () => {
    const smtp = await startSmtpPeer();
    const send = emailChannel.createSender(deps);
    const config = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'h@example.com' };
    try {
      for (const to of ['bob@example.com, mallory@evil.example', 'bob@example.com\r\nBcc: mallory@evil.example', 'undisclosed:;', 'not an address']) {
        expect(await send(config, { ...message, to }, event)).toMatchObject({ outcome: 'rejected', code: 'invalid_address' });
      }
      expect(await send(config, { ...message, to: 'Bob Example <bob@example.com>' }, event)).toMatchObject({ outcome: 'delivered' });
      expect(smtp.messages.map((m) => m.envelopeTo)).toEqual([['bob@example.com']]);
    } finally {
      await smtp.close();
    }
  });

  it('gives every attempt of one delivery the same Message-ID, and another delivery another', async () => {
    const smtp = await startSmtpPeer();
    const send = emailChannel.createSender(deps);
    const config = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Herald <h@mail.example.com>' };
    try {
      await send(config, message, event);
      await send(config, message, event);
      await send(config, { ...message, deliveryId: 'msg_2.rt_1' }, event);
      expect(smtp.messages.map((m) => m.messageId)).toEqual(['<msg_1.rt_1@mail.example.com>', '<msg_1.rt_1@mail.example.com>', '<msg_2.rt_1@mail.example.com>']);
    } finally {
      await smtp.close();
    }
  });

  describe('over TLS', () => {
    const ca = makeTestCa();
    const stranger = makeTestCa('Unknown CA');
    const auth = { user: 'herald', pass: 'right' };
    // The SMTP host is named (its certificate is checked against the name) and resolves to loopback.
    const tlsDeps = { ...deps, extraCa: ca.cert, lookup: ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }])) as never };
    const configFor = (port: number, secure: boolean) => ({ host: 'localhost', port, secure, auth, from: 'h@example.com' });

    it('logs in and sends after STARTTLS, and from the first byte with implicit TLS, when the name and the CA are right', async () => {
      for (const implicit of [false, true]) {
        const smtp = await startSmtpPeer({ auth, tls: { ...ca.issue(['DNS:localhost']), implicit } });
        try {
          expect(await emailChannel.createSender(tlsDeps)(configFor(smtp.port, implicit), message, event)).toMatchObject({ outcome: 'delivered' });
          expect({ logins: smtp.logins, overTls: smtp.messages.map((m) => m.overTls) }).toEqual({ logins: [{ user: 'herald', overTls: true }], overTls: [true] });
        } finally {
          await smtp.close();
        }
      }
    });

    it('refuses a certificate for another name or from an unknown CA, sending nothing', async () => {
      for (const cert of [ca.issue(['DNS:other.example']), stranger.issue(['DNS:localhost'])]) {
        for (const implicit of [false, true]) {
          const smtp = await startSmtpPeer({ auth, tls: { ...cert, implicit } });
          try {
            const result = await emailChannel.createSender(tlsDeps)(configFor(smtp.port, implicit), message, event);
            expect(result.outcome).not.toBe('delivered');
            expect(result.error).toMatch(/certificate|altnames|self.signed|issuer/i);
            expect({ logins: smtp.logins, messages: smtp.messages.length }).toEqual({ logins: [], messages: 0 });
          } finally {
            await smtp.close();
          }
        }
      }
    });

    it('never sends a password where STARTTLS is not offered (stripped), unless opted out for a loopback relay', async () => {
      const smtp = await startSmtpPeer({ auth });
      try {
        const send = emailChannel.createSender(tlsDeps);
        expect(await send(configFor(smtp.port, false), message, event)).toMatchObject({ outcome: 'misconfigured' });
        expect(smtp.logins).toEqual([]);
        const loopback = { ...configFor(smtp.port, false), host: '127.0.0.1', allowPlaintextAuth: true };
        expect(await send(loopback, message, event)).toMatchObject({ outcome: 'delivered' });
        expect(smtp.logins).toEqual([{ user: 'herald', overTls: false }]);
        expect(emailChannel.check!({ ...loopback, host: 'smtp.example.com' }, { allowPrivateTargets: true })).toEqual([{ path: '/allowPlaintextAuth', message: expect.stringMatching(/loopback/) }]);
        expect(emailChannel.check!(loopback, { allowPrivateTargets: true })).toEqual([]);
      } finally {
        await smtp.close();
      }
    });
  });

  it('retries when the server is away, and refuses a private SMTP host unless private targets are allowed', async () => {
    const send = emailChannel.createSender(deps);
    expect(await send({ host: '127.0.0.1', port: 9, secure: false, from: 'h@example.com' }, message, event)).toMatchObject({ outcome: 'retry' });
    const strict = emailChannel.createSender({ ...deps, allowPrivateTargets: false, lookup: (_h, _o, cb) => cb(null, [{ address: '10.1.2.3', family: 4 }]) });
    expect(await strict({ host: 'smtp.internal.example', port: 25, secure: false, from: 'h@example.com' }, message, event)).toMatchObject({ outcome: 'misconfigured', error: expect.stringMatching(/private or reserved/) });
    expect(emailChannel.check!({ host: '192.168.1.10', port: 25, secure: false, from: 'h@example.com' }, { allowPrivateTargets: false })).toEqual([{ path: '/host', message: expect.stringMatching(/private/) }]);
  });
});

describe('sms (Twilio-compatible)', () => {
  const account = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'token-1' };

  it('posts To/From/Body with basic auth; a 400 is a rejection with the provider code; 401 is misconfiguration; 503 is retried', async () => {
    const sms = await startSmsPeer(account, (n) => [
      undefined,
      INVALID_NUMBER,
      { status: 503, body: { code: 20500, message: 'Internal error' } },
      { status: 422, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient' } },
      { status: 400, body: { code: 21606, message: "The From phone number +15005550006 is not a valid, SMS-capable inbound phone number or short code for your account." } },
    ][n]);
    const send = smsChannel.createSender(deps);
    const config = { ...account, from: '+15005550006', baseUrl: sms.baseUrl };
    try {
      expect(await send(config, { ...message, to: '+15005550009', text: 'hello' }, event)).toMatchObject({ outcome: 'delivered', providerId: expect.stringMatching(/^SM/) });
      expect(sms.sent[0]).toEqual({ accountSid: account.accountSid, authorized: true, to: '+15005550009', from: '+15005550006', body: 'hello' });
      expect(await send(config, { ...message, to: '+15005550001', text: 'x' }, event)).toMatchObject({
        outcome: 'rejected', statusCode: 400, code: '21211', error: expect.stringMatching(/not a valid phone number/), description: 'https://www.twilio.com/docs/errors/21211',
      });
      expect(await send(config, { ...message, to: '+15005550009', text: 'x' }, event)).toMatchObject({ outcome: 'retry', statusCode: 503 });
      expect(await send(config, { ...message, to: '+15005550009', text: 'x' }, event)).toMatchObject({ outcome: 'rejected', statusCode: 422, code: '21610' });
      expect(await send(config, { ...message, to: '+15005550009', text: 'x' }, event)).toMatchObject({ outcome: 'misconfigured', statusCode: 400, code: '21606' });
      expect(await send({ ...config, authToken: 'wrong' }, { ...message, to: '+15005550009', text: 'x' }, event)).toMatchObject({ outcome: 'misconfigured', statusCode: 401, code: '20003' });
    } finally {
      await sms.close();
    }
  });
});

describe('chat webhooks and http', () => {
  it('posts each in its service\'s shape; a revoked URL is misconfiguration, a 429 a retry', async () => {
    const receiver = await startReceiver((n, _r, res) => res.writeHead([200, 200, 200, 200, 200, 404, 429][n] ?? 200, { 'retry-after': '7' }).end('ok'));
    try {
      const text = { ...message, subject: 'Subject', text: 'x'.repeat(2500) };
      const pinging = { ...message, text: 'hey <!channel> see <https://evil.example|bank> & more' };
      expect(await slackChannel.createSender(deps)({ url: `${receiver.url}/slack` }, pinging, event)).toMatchObject({ outcome: 'delivered' });
      expect(JSON.parse(receiver.requests[0].body)).toEqual({ text: 'hey &lt;!channel&gt; see &lt;https://evil.example|bank&gt; &amp; more' });
      expect(await slackChannel.createSender(deps)({ url: `${receiver.url}/slack` }, text, event)).toMatchObject({ outcome: 'delivered', statusCode: 200 });
      expect(await discordChannel.createSender(deps)({ url: `${receiver.url}/discord` }, text, event)).toMatchObject({ outcome: 'delivered' });
      expect(await teamsChannel.createSender(deps)({ url: `${receiver.url}/teams` }, text, event)).toMatchObject({ outcome: 'delivered' });
      const http = { url: `${receiver.url}/http`, headers: { 'x-api-key': 'k1' }, body: { text: 'from {{data.from}}', id: '{{id}}', fixed: 3 } };
      expect(await httpChannel.createSender(deps)(http, text, event)).toMatchObject({ outcome: 'delivered' });
      const [, slack, discord, teams, plain] = receiver.requests.map((r) => ({ ...r, json: JSON.parse(r.body) }));
      expect(slack.json).toEqual({ text: text.text });
      expect(Array.from(discord.json.content as string)).toHaveLength(2000);
      expect(discord.json.allowed_mentions).toEqual({ parse: [] });
      expect(teams.json).toMatchObject({
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Subject' }, { type: 'TextBlock', text: text.text }] } }],
      });
      expect(plain.json).toEqual({ text: 'from alice', id: 'evt_1', fixed: 3 });
      expect(plain.headers['x-api-key']).toBe('k1');
      expect(await slackChannel.createSender(deps)({ url: receiver.url }, text, event)).toMatchObject({ outcome: 'misconfigured', statusCode: 404 });
      expect(await slackChannel.createSender(deps)({ url: receiver.url }, text, event)).toMatchObject({ outcome: 'retry', statusCode: 429, retryAfter: '7' });
    } finally {
      await receiver.close();
    }
  });

  it('refuses private and malformed URLs and headers Herald sets itself', () => {
    expect(slackChannel.check!({ url: 'http://10.0.0.1/hook' }, { allowPrivateTargets: false })).toEqual([{ path: '/url', message: expect.stringMatching(/private/) }]);
    expect(httpChannel.check!({ url: 'https://example.com/x', headers: { 'Content-Length': '3' } }, { allowPrivateTargets: false })).toEqual([{ path: '/headers/Content-Length', message: expect.stringMatching(/set by Herald/) }]);
    expect(smsChannel.check!({ accountSid: 'AC1', authToken: 't', from: '+1555', baseUrl: 'ftp://example.com' }, { allowPrivateTargets: false })).toEqual([{ path: '/baseUrl', message: expect.any(String) }]);
  });
});

describe('route delivery', () => {
  const target = (over: Partial<RouteTarget>): RouteTarget => ({
    routeId: 'rt_1', channelId: 'ch_1', channelType: 'sms', channelName: 'texts', channelStatus: 'ok', to: '{{data.phoneNumber}}', template: { text: '{{data.from}}: {{data.body}}' }, ...over,
  });

  it('renders recipients and texts over the event, escaping HTML', () => {
    expect(renderRouteMessage(event, { routeId: 'rt_1', to: '{{data.email}}', template: { subject: 'From {{data.from}}\r\nBcc: x', html: '<b>{{data.body}}</b>' } })).toMatchObject({
      to: 'bob@example.com', subject: 'From alice Bcc: x', html: '<b>see &lt;you&gt; &amp; me</b>', text: expect.stringContaining('message.created (evt_1)'),
    });
  });

  it('fails, alone and unsent, a send whose template would render too much for the event (the worker lives on)', async () => {
    const receiver = await startReceiver();
    try {
      const attempt = createRouteDelivery({ ...deps, claimSend: async () => true, smsRefusal: async () => undefined });
      const big: HeraldEvent = { ...event, data: { ...event.data, blob: 'x'.repeat(240_000) } };
      const http = (body: unknown): RouteTarget => target({ channelType: 'http', to: undefined, template: {}, config: { url: receiver.url, body } });
      // Under the placeholder cap, but four copies of 240 KB pass the output cap.
      const heavy = await attempt(big, http({ text: '{{data}}'.repeat(5) }), 1, [60]);
      expect(heavy.outcome).toMatchObject({ verdict: 'failed', error: expect.stringMatching(/not sent: the template renders more than 1048576 characters/) });
      expect(heavy.outcome.retryInMs).toBeUndefined();
      const many = await attempt(event, http({ text: '{{data.from}}'.repeat(19_000) }), 1, [60]);
      expect(many.outcome).toMatchObject({ verdict: 'failed', error: expect.stringMatching(/more than 200 placeholders/) });
      const email = await attempt(big, target({ channelType: 'email', to: '{{data.email}}', template: { text: '{{data}}'.repeat(8_192) }, config: { host: '127.0.0.1', port: 9, secure: false, from: 'h@example.com' } }), 1, [60]);
      expect(email.outcome).toMatchObject({ verdict: 'failed', error: expect.stringMatching(/not sent/) });
      // The same event with a template of sane size goes out.
      expect((await attempt(big, http({ text: '{{data.from}}' }), 1, [60])).outcome.verdict).toBe('delivered');
      expect(receiver.requests.map((r) => JSON.parse(r.body))).toEqual([{ text: 'alice' }]);
    } finally {
      await receiver.close();
    }
  });

  it('sends no SMS to a contact Herald holds as unsubscribed, and says so as message.rejected', async () => {
    const sms = await startSmsPeer({ accountSid: 'AC1', authToken: 't' }, (_n, sent) => (sent.to.endsWith('0001') ? INVALID_NUMBER : undefined));
    const refused = new Set(['15005550006']);
    const attempt = createRouteDelivery({ ...deps, claimSend: async () => true, smsRefusal: async (_app, phone) => (refused.has(phone.replace(/\D/g, '')) ? { code: 'contact_unsubscribed', message: 'the contact unsubscribed' } : undefined) });
    const config = { accountSid: 'AC1', authToken: 't', from: '+15005550000', baseUrl: sms.baseUrl };
    try {
      const blocked = await attempt(event, target({ config }), 1, [60]);
      expect(sms.sent).toEqual([]);
      expect(blocked.outcome).toMatchObject({ verdict: 'failed', rejection: { type: 'message.rejected', data: { code: 'contact_unsubscribed', channel: 'sms', eventId: 'evt_1', to: '+15005550006' } } });
      expect(blocked.record).toMatchObject({ channel: 'sms', endpointId: 'rt_1', url: 'sms texts → +15005550006', deliveryStatus: 'failed' });

      const invalid = await attempt({ ...event, data: { ...event.data, phoneNumber: '+15005550001' } }, target({ config }), 1, [60]);
      expect(invalid.outcome.rejection?.data).toMatchObject({ code: '21211', channel: 'sms', to: '+15005550001' });
      expect(sms.sent.map((s) => s.body)).toEqual(['alice: see <you> & me']);

      const misconfigured = await attempt({ ...event, data: { ...event.data, phoneNumber: '+15005550002' } }, target({ config: { ...config, authToken: 'wrong' } }), 1, [60]);
      expect(misconfigured).toMatchObject({ outcome: { verdict: 'failed' }, channels: [{ channelId: 'ch_1', event: 'misconfigured', reason: expect.stringMatching(/Authenticate/) }] });
      expect(misconfigured.outcome.rejection).toBeUndefined();

      const noRecipient = await attempt({ ...event, data: { from: 'alice' } }, target({ config }), 1, [60]);
      expect(noRecipient.outcome).toMatchObject({ verdict: 'failed', error: expect.stringMatching(/recipient .* is empty/) });

      // A message.rejected routed to a recipient that refuses it is not rejected again: no loop.
      const rejectedEvent: HeraldEvent = { ...event, id: 'evt_rejected_x', type: 'message.rejected', data: { code: '21211', message: 'm', description: 'd', phoneNumber: '+15005550001' } };
      const again = await attempt(rejectedEvent, target({ config }), 1, [60]);
      expect(again.outcome).toMatchObject({ verdict: 'failed', statusCode: 400 });
      expect(again.outcome.rejection).toBeUndefined();
    } finally {
      await sms.close();
    }
  });

  it('sends an SMS at most once per attempt: the same attempt run again (a worker died after the send) sends nothing', async () => {
    const sms = await startSmsPeer({ accountSid: 'AC1', authToken: 't' });
    const attempt = createRouteDelivery({ ...deps, claimSend: (c) => claimSend(c), smsRefusal: async () => undefined });
    const config = { accountSid: 'AC1', authToken: 't', from: '+15005550000', baseUrl: sms.baseUrl };
    const once: HeraldEvent = { ...event, id: `evt_once_${Date.now()}` };
    try {
      expect((await attempt(once, target({ config }), 1, [60])).outcome.verdict).toBe('delivered');
      const rerun = await attempt(once, target({ config }), 1, [60]);
      expect(rerun.outcome).toMatchObject({ verdict: 'failed', error: expect.stringMatching(/not sent again: attempt 1 was begun before .* at most once/) });
      expect(rerun.outcome.retryInMs).toBeUndefined();
      expect(sms.sent).toHaveLength(1);
      // A later attempt of the same delivery (the first failed) is its own, and goes.
      expect((await attempt(once, target({ config }), 2, [60])).outcome.verdict).toBe('delivered');
      expect(sms.sent).toHaveLength(2);
      // Email is not claimed: it dedupes on its Message-ID instead.
      expect((await pool.query('SELECT attempt FROM send_claims WHERE event_id = $1 ORDER BY attempt', [once.id])).rows).toEqual([{ attempt: 1 }, { attempt: 2 }]);
    } finally {
      await sms.close();
    }
  });

  it('does not send an SMS again when the provider may have had it (no answer), and retries one that never left', async () => {
    const silent = await startReceiver(() => undefined); // takes the request, never answers
    receiversToClose.push(silent);
    const attempt = createRouteDelivery({ ...deps, claimSend: async () => true, smsRefusal: async () => undefined });
    const config = { accountSid: 'AC1', authToken: 't', from: '+15005550000' };
    const unanswered = await attempt(event, target({ config: { ...config, baseUrl: silent.url.replace('/hook', '') } }), 1, [60]);
    expect(unanswered.outcome).toMatchObject({ verdict: 'failed', error: expect.stringMatching(/may have been sent, so it is not sent again/) });
    expect(unanswered.outcome.retryInMs).toBeUndefined();
    const unreachable = await attempt(event, target({ config: { ...config, baseUrl: 'http://127.0.0.1:9' } }), 1, [60]);
    expect(unreachable.outcome).toMatchObject({ verdict: 'retry', error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('retries a send whose contacts check fails (PostgreSQL away), sending nothing', async () => {
    const sms = await startSmsPeer({ accountSid: 'AC1', authToken: 't' });
    const attempt = createRouteDelivery({ ...deps, claimSend: async () => true, smsRefusal: async () => { throw new Error('connection terminated unexpectedly'); } });
    try {
      const result = await attempt(event, target({ config: { accountSid: 'AC1', authToken: 't', from: '+15005550000', baseUrl: sms.baseUrl } }), 1, [60]);
      expect(result.outcome).toMatchObject({ verdict: 'retry', error: expect.stringMatching(/connection terminated/) });
      expect(sms.sent).toEqual([]);
    } finally {
      await sms.close();
    }
  });

  it('retries on the app\'s schedule and marks a failing channel ok again once it delivers', async () => {
    const receiver = await startReceiver((n, _r, res) => res.writeHead(n === 0 ? 503 : 200).end());
    const attempt = createRouteDelivery({ ...deps, claimSend: async () => true, smsRefusal: async () => undefined });
    const slack = target({ channelType: 'slack', channelName: 'ops', to: null, channelStatus: 'failing', config: { url: receiver.url } });
    try {
      const first = await attempt(event, slack, 1, [30]);
      expect(first.outcome).toMatchObject({ verdict: 'retry', retryInMs: expect.any(Number) });
      expect(first.outcome.retryInMs!).toBeGreaterThan(25_000);
      expect(first.record).toMatchObject({ deliveryStatus: 'retrying', url: 'slack ops' });
      const second = await attempt(event, slack, 2, [30]);
      expect(second).toMatchObject({ outcome: { verdict: 'delivered' }, channels: [{ event: 'ok' }] });
      const exhausted = await createRouteDelivery({ ...deps, claimSend: async () => true, smsRefusal: async () => undefined })(event, target({ channelType: 'slack', to: null, config: { url: 'http://127.0.0.1:9' } }), 2, [30]);
      expect(exhausted.outcome).toMatchObject({ verdict: 'failed' });
      expect(exhausted.outcome.retryInMs).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });
});

