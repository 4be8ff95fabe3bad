// Forwarding channels and SMS contacts end to end on the dev server: events routed to a real SMTP
// server, a Twilio-compatible API and a Slack-shaped receiver in the same first round as their
// webhooks; refusals coming back to the app as signed message.rejected webhooks; the contact
// workflow holding unsubscribes and bounce counts, saying contact.bounced at the threshold, and
// keeping its count across a worker killed -9.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { ADMIN_TOKEN, apiClient, eventually, startTestHerald, type TestHerald } from '../support/herald';
import { startReceiver, type Receiver } from '../support/receiver';
import { INVALID_NUMBER, startSmsPeer, startSmtpPeer, type SmsPeer, type SmtpPeer } from '../support/channel-peers';
import { workerProcesses } from '../support/processes';
import { freePort } from '../support/free-port';

let herald: TestHerald;
let smtp: SmtpPeer;
let sms: SmsPeer;
const receivers: Receiver[] = [];
const account = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'token-1' };

beforeAll(async () => {
  herald = await startTestHerald();
  smtp = await startSmtpPeer({ rejectRecipients: ['gone@example.com'] });
  // The number ending 0001 is not a number the provider can send to.
  sms = await startSmsPeer(account, (_n, sent) => (sent.to.endsWith('0001') ? INVALID_NUMBER : undefined));
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await smtp?.close();
  await sms?.close();
  await herald?.stop();
});

async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function newApp(on: TestHerald, settings: object = {}) {
  const created = (await apiClient(on.url, ADMIN_TOKEN)('POST', '/v1/apps', { name: 'channels', settings })).body;
  const api = apiClient(on.url, created.apiKey);
  const base = `/v1/apps/${created.id}`;
  const client = new Client({ connection: on.connection });
  let n = 0;
  return {
    id: created.id as string,
    api,
    base,
    /** Posts an event and waits for its workflow to finish. */
    async post(type: string, data: object) {
      const id = `e${++n}-${randomUUID().slice(0, 8)}`;
      const res = await api('POST', `${base}/events`, { id, type, data });
      expect(res.status).toBe(202);
      await client.workflow.getHandle(`event/${created.id}/${id}`).result();
      return id;
    },
    async view(id: string) {
      return (await api('GET', `${base}/events/${id}`)).body;
    },
  };
}

const bodies = (r: Receiver, type: string) => r.requests.map((q) => ({ ...q, json: JSON.parse(q.body) })).filter((q) => q.json.type === type);

it('sends email and Slack beside the webhooks, and tells the app of a 550 recipient as a signed message.rejected', async () => {
  const app = await newApp(herald);
  const hooks = await receiver();
  const slack = await receiver();
  const endpoint = (await app.api('POST', `${app.base}/endpoints`, { url: hooks.url, events: ['message.created', 'message.rejected'] })).body;
  const mail = (await app.api('POST', `${app.base}/channels`, { type: 'email', name: 'mail', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Chat <chat@example.com>' } })).body;
  const team = (await app.api('POST', `${app.base}/channels`, { type: 'slack', name: 'ops', config: { url: `${slack.url}/services/T/B/x` } })).body;
  expect((await app.api('POST', `${app.base}/routes`, {
    events: ['message.created'], channelId: mail.id, to: '{{data.email}}',
    template: { subject: 'New message from {{data.from}}', text: '{{data.from}} wrote: {{data.body}}', html: '<p><b>{{data.from}}</b> wrote: {{data.body}}</p>' },
  })).status).toBe(201);
  expect((await app.api('POST', `${app.base}/routes`, { events: ['message.created'], channelId: team.id, template: { text: ':speech_balloon: {{data.from}} → {{data.to}}' } })).status).toBe(201);

  const message = (email: string) => ({ messageId: 'm1', from: 'alice', to: 'bob', kind: 'text', body: 'lunch <today>?', email });
  const sent = await app.post('message.created', message('bob@example.com'));
  const mailed = smtp.messages.find((m) => m.envelopeTo.includes('bob@example.com'))!;
  expect({ subject: mailed.subject, text: mailed.text?.trim(), html: mailed.html }).toEqual({
    subject: 'New message from alice', text: 'alice wrote: lunch <today>?', html: '<p><b>alice</b> wrote: lunch &lt;today&gt;?</p>',
  });
  expect(JSON.parse(slack.requests[0].body)).toEqual({ text: ':speech_balloon: alice → bob' });
  const view = await app.view(sent);
  expect(view.deliveries.map((d: { channel: string; status: string }) => [d.channel, d.status]).sort()).toEqual([['email', 'delivered'], ['slack', 'delivered'], ['webhook', 'delivered']]);
  expect(view.deliveries.find((d: { channel: string }) => d.channel === 'email').target).toBe('email mail → bob@example.com');

  const refused = await app.post('message.created', message('gone@example.com'));
  const rejected = await eventually(async () => bodies(hooks, 'message.rejected')[0]);
  expect(new Webhook(endpoint.secret).verify(rejected.body, rejected.headers as Record<string, string>)).toMatchObject({
    type: 'message.rejected',
    data: { code: '550', channel: 'email', eventId: refused, to: 'gone@example.com', message: expect.stringMatching(/No such user/), description: expect.stringMatching(/RCPT TO/) },
  });
  expect((await app.view(refused)).deliveries.find((d: { channel: string }) => d.channel === 'email')).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 550 });
});

it('holds SMS contacts: no SMS to one that unsubscribed (until START), only real replies forwarded, contact.bounced once at the threshold', async () => {
  const app = await newApp(herald, { bounceThreshold: 2, smsInbound: { unknownOnly: true } });
  const hooks = await receiver();
  await app.api('POST', `${app.base}/endpoints`, { url: hooks.url, events: ['message.rejected', 'contact.bounced', 'sms.inbound'] });
  const texts = (await app.api('POST', `${app.base}/channels`, { type: 'sms', name: 'texts', config: { ...account, from: '+15005550006', baseUrl: sms.baseUrl } })).body;
  await app.api('POST', `${app.base}/routes`, { events: ['message.created'], channelId: texts.id, to: '{{data.phoneNumber}}', template: { text: '{{data.from}}: {{data.body}}' } });
  const text = (phoneNumber: string, body: string) => app.post('message.created', { messageId: randomUUID(), from: 'shop', to: 'c', kind: 'text', body, phoneNumber });
  const contact = async () => (await app.api('GET', `${app.base}/contacts/c-9`)).body;
  const sentTo = (digits: string) => sms.sent.filter((s) => s.to.replace(/\D/g, '') === digits);

  await app.post('contact.unsubscribed', { id: 'c-9', phone_number: '+15005550009' });
  await eventually(async () => ((await contact()).unsubscribed === true ? true : undefined));
  const refused = await text('+1 (500) 555-0009', 'sale today');
  const rejection = await eventually(async () => bodies(hooks, 'message.rejected').find((r) => r.json.data.eventId === refused));
  expect(rejection.json.data).toMatchObject({ code: 'contact_unsubscribed', channel: 'sms', to: '+1 (500) 555-0009' });
  expect(sentTo('15005550009')).toEqual([]);

  // A provider's own refusal comes back with its code.
  const invalid = await text('+15005550001', 'hello');
  expect((await eventually(async () => bodies(hooks, 'message.rejected').find((r) => r.json.data.eventId === invalid))).json.data).toMatchObject({ code: '21211', channel: 'sms' });

  // START opts back in; the keyword itself is not forwarded (unknownOnly), a real reply is.
  const start = await app.post('sms.inbound', { id: 'c-9', phone_number: '+15005550009', message: 'START' });
  const reply = await app.post('sms.inbound', { id: 'c-9', phone_number: '+15005550009', message: 'Is 8pm ok?' });
  expect((await app.view(start)).deliveries).toEqual([]);
  expect((await app.view(reply)).deliveries).toEqual([expect.objectContaining({ channel: 'webhook', status: 'delivered' })]);
  await eventually(async () => ((await contact()).unsubscribed === false ? true : undefined));
  await text('+15005550009', 'welcome back');
  expect(sentTo('15005550009').map((s) => s.body)).toEqual(['shop: welcome back']);

  // Bounces: two reach the threshold (said once), a third says nothing, a delivered report resets, two more say it again.
  const report = (status: string) => app.post('sms.delivery_report', { messageId: randomUUID(), contactId: 'c-9', phoneNumber: '+15005550009', status });
  let last = '';
  for (const status of ['bounced', 'bounced', 'bounced', 'delivered', 'bounced', 'bounced']) last = await report(status);
  // Counted once the contact's workflow has applied the last report (its state names the events it
  // applied): before, a count could be read between the two bursts.
  const client = new Client({ connection: herald.connection });
  await eventually(async () => {
    const state = await client.workflow.getHandle(`contact/${app.id}/c-9`).query<{ recentEventIds: string[] }>('state');
    return state.recentEventIds.includes(last) ? true : undefined;
  });
  expect(await contact()).toMatchObject({ bounces: 2, bounced: true });
  // Every contact.bounced Herald started for this app, each run to its end.
  const said = await eventually(async () => {
    const runs = [];
    for await (const w of client.workflow.list({ query: `HeraldAppId = "${app.id}" AND HeraldEventType = "contact.bounced"` })) runs.push(w);
    return runs.length >= 2 ? runs : undefined;
  });
  for (const run of said) await client.workflow.getHandle(run.workflowId).result();
  expect(said).toHaveLength(2);
  expect(bodies(hooks, 'contact.bounced').map((b) => b.json.data)).toEqual([
    { contactId: 'c-9', phoneNumber: '+15005550009', bounces: 2 },
    { contactId: 'c-9', phoneNumber: '+15005550009', bounces: 2 },
  ]);
  expect(await contact()).toMatchObject({ contactId: 'c-9', bounces: 2, bounced: true, unsubscribed: false, status: 'active' });

  // The carrier deactivates the number: no SMS to it.
  await app.post('contact.status_changed', { id: 'c-9', phone_number: '+15005550009', status: 'deactivated' });
  await eventually(async () => ((await contact()).status === 'deactivated' ? true : undefined));
  const gone = await text('+15005550009', 'still there?');
  expect((await eventually(async () => bodies(hooks, 'message.rejected').find((r) => r.json.data.eventId === gone))).json.data.code).toBe('contact_deactivated');
  expect(sentTo('15005550009')).toHaveLength(1);
});

it("keeps a contact's bounce count across a worker killed -9, and says contact.bounced in Mobiniti's shape", async () => {
  const taskQueue = `channels-${randomUUID()}`;
  const api = await startTestHerald({ roles: { api: true, worker: false }, config: { taskQueue } });
  const workers = workerProcesses(taskQueue);
  const startWorker = async () => {
    const worker = workers.start();
    await worker.waitForOutput('worker running');
    return worker;
  };
  try {
    const app = await newApp(api, { bounceThreshold: 3 });
    const hooks = await receiver();
    // A receiver moved over from Mobiniti: its payload shape, signed as every Herald webhook.
    const endpoint = (await app.api('POST', `${app.base}/endpoints`, { url: hooks.url, events: ['contact.bounced'], format: 'mobiniti' })).body;
    const first = await startWorker();
    const report = () => app.post('sms.delivery_report', { messageId: randomUUID(), contactId: 'c-7', phoneNumber: '+15005550007', status: 'bounced' });
    await report();
    await report();
    await eventually(async () => ((await app.api('GET', `${app.base}/contacts/c-7`)).body.bounces === 2 ? true : undefined));
    first.process.kill('SIGKILL');
    await first.exited;

    const second = await startWorker();
    await report();
    const [said] = await hooks.waitFor(1, 60_000);
    // A worker on its own serves its metrics itself.
    const metricsUrl = /metrics on (http:\/\/\S+)/.exec(second.output())?.[1];
    expect(metricsUrl).toBeDefined();
    await eventually(async () => ((await (await fetch(metricsUrl!)).text()).includes('herald_delivery_attempts_total{channel="webhook",outcome="delivered"} 1') ? true : undefined));
    expect(new Webhook(endpoint.secret).verify(said.body, said.headers as Record<string, string>)).toMatchObject({
      id: 'c-7', phone_number: '+15005550007', bounces: 3, first_name: null, unsubscribed_at: null,
    });
  } finally {
    workers.killAll();
    await api.stop();
  }
});

it('retries a route on a durable timer, and marks a channel whose URL was revoked failing until it is fixed', async () => {
  const app = await newApp(herald, { retrySchedule: [1] });
  const flaky = await startReceiver((n, _r, res) => res.writeHead(n === 0 ? 503 : 200).end());
  const revoked = await startReceiver((_n, _r, res) => res.writeHead(404).end('no_service'));
  receivers.push(flaky, revoked);
  const slack = (await app.api('POST', `${app.base}/channels`, { type: 'slack', name: 'ops', config: { url: flaky.url } })).body;
  const discord = (await app.api('POST', `${app.base}/channels`, { type: 'discord', name: 'community', config: { url: revoked.url } })).body;
  for (const channel of [slack, discord]) await app.api('POST', `${app.base}/routes`, { events: ['message.sent'], channelId: channel.id });

  const id = await app.post('message.sent', { messageId: 'm1' });
  const deliveries = (await app.view(id)).deliveries;
  expect(deliveries.find((d: { channel: string }) => d.channel === 'slack')).toMatchObject({ status: 'delivered', attempts: 2 });
  expect(deliveries.find((d: { channel: string }) => d.channel === 'discord')).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 404 });
  expect(flaky.requests).toHaveLength(2);
  expect((await app.api('GET', `${app.base}/channels/${discord.id}`)).body).toMatchObject({ status: 'failing', statusReason: expect.stringMatching(/404/) });

  const fixed = await receiver();
  expect((await app.api('PATCH', `${app.base}/channels/${discord.id}`, { config: { url: fixed.url } })).body).toMatchObject({ status: 'ok' });
  await app.post('message.sent', { messageId: 'm2' });
  expect(fixed.requests).toHaveLength(1);
});

it("settles an SMS by Twilio's signed status callback: delivered, or a carrier's refusal told as message.rejected and counted as a bounce", async () => {
  // Herald must know the address Twilio calls back: its public URL (HERALD_PUBLIC_URL).
  const port = await freePort();
  const public_ = await startTestHerald({ config: { apiPort: port, publicUrl: `http://127.0.0.1:${port}` } });
  const fates = await startSmsPeer(account, undefined, (sent) =>
    sent.to.endsWith('0005') ? { status: 'undelivered', errorCode: '30005' } : sent.to.endsWith('0007') ? { status: 'delivered', signWith: 'not-the-token' } : { status: 'delivered' },
  );
  try {
    const app = await newApp(public_);
    const hooks = await receiver();
    await app.api('POST', `${app.base}/endpoints`, { url: hooks.url, events: ['message.rejected', 'sms.delivery_report'] });
    const texts = (await app.api('POST', `${app.base}/channels`, { type: 'sms', name: 'texts', config: { ...account, from: '+15005550000', baseUrl: fates.baseUrl } })).body;
    await app.api('POST', `${app.base}/routes`, { events: ['message.created'], channelId: texts.id, to: '{{data.phoneNumber}}', template: { text: '{{data.body}}' } });
    const send = (phoneNumber: string) => app.post('message.created', { messageId: `m-${phoneNumber}`, from: 'alice', to: 'bob', kind: 'text', body: 'hi', phoneNumber });
    const smsDelivery = async (id: string) => ((await app.view(id)).deliveries as { channel: string; status: string; lastError?: string }[]).find((d) => d.channel === 'sms')!;

    const ok = await send('+15005550006');
    expect(fates.sent.at(-1)!.statusCallback).toBe(`http://127.0.0.1:${port}/callbacks/sms/${app.id}/${ok}/${(await app.api('GET', `${app.base}/routes`)).body.data[0].id}`);
    await eventually(async () => ((await smsDelivery(ok)).status === 'delivered' ? true : undefined));

    const refused = await send('+15005550005');
    const failed = await eventually(async () => {
      const d = await smsDelivery(refused);
      return d.status === 'failed' ? d : undefined;
    });
    expect(failed.lastError).toMatch(/Twilio: undelivered \(error 30005: Unknown destination handset\)/);
    const told = (await hooks.waitFor(2)).map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(told.find((t) => t.type === 'message.rejected')?.data).toMatchObject({ code: '30005', channel: 'sms', eventId: refused, to: '+15005550005' });
    expect(told.find((t) => t.type === 'sms.delivery_report')?.data).toMatchObject({ status: 'bounced', phoneNumber: '+15005550005' });
    await eventually(async () => ((await app.api('GET', `${app.base}/contacts/${encodeURIComponent('+15005550005')}`)).body.bounces === 1 ? true : undefined));

    // A callback whose signature does not verify is refused, and changes nothing.
    const forged = await send('+15005550007');
    await eventually(async () => (fates.callbacks.length >= 3 ? true : undefined));
    expect(fates.callbacks.map((c) => c.status)).toEqual([204, 204, 403]);
    expect((await smsDelivery(forged)).status).toBe('pending');

    // Twilio calls back while the round that sent the SMS still waits on a slow SMTP server (6 s):
    // the status is kept with the send's claim, and the round applies it when it writes.
    const slowMail = await startSmtpPeer({ dataDelayMs: 6000 });
    try {
      const mail = (await app.api('POST', `${app.base}/channels`, { type: 'email', name: 'slow', config: { host: '127.0.0.1', port: slowMail.port, secure: false, from: 'h@example.com' } })).body;
      await app.api('POST', `${app.base}/routes`, { events: ['message.created'], channelId: mail.id, to: 'ops@example.com' });
      const early = await send('+15005550008');
      expect(fates.callbacks.at(-1)!.status).toBe(204); // answered long before the round's write
      expect(slowMail.messages).toHaveLength(1);
      expect((await smsDelivery(early)).status).toBe('delivered');
    } finally {
      await slowMail.close();
    }
  } finally {
    await fates.close();
    await public_.stop();
  }
});
