// The channels scenario: events routed to an email channel, delivered through the workflows to a
// local SMTP server (the test suite's smtp-server peer), beside nodemailer sending the same
// number of emails to it directly, pooled the same way, in the same run.
import nodemailer from 'nodemailer';
import { startSmtpPeer } from '../test/support/channel-peers';
import { pool, round } from './stats';

export async function runChannelsBench(o: {
  emails: number;
  concurrency: number;
  /** Posts through the API as the bench's channels app; returns the answer's body. */
  post: (path: string, body: object) => Promise<{ id?: string }>;
  log: (line: string) => void;
}) {
  const smtp = await startSmtpPeer();
  try {
    const from = 'Herald bench <bench@example.com>';
    const config = { host: '127.0.0.1', port: smtp.port, secure: false, from };
    const channel = await o.post('/channels', { type: 'email', name: 'bench mail', config });
    await o.post('/routes', { events: ['message.sent'], channelId: channel.id, to: 'inbox@example.com', template: { subject: 'Message {{data.messageId}} sent', text: '{{data.messageId}} was sent.' } });

    o.log(`channels: ${o.emails} events routed to email, at ${o.concurrency} producers`);
    const wait = async (count: number) => {
      const deadline = Date.now() + 300_000;
      while (smtp.messages.length < count) {
        if (Date.now() > deadline) throw new Error(`channels: ${smtp.messages.length} of ${count} emails arrived`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const started = Date.now();
    await pool(o.emails, o.concurrency, async (i) => {
      await o.post('/events', { id: `mail-${started.toString(36)}-${i}`, type: 'message.sent', data: { messageId: `m${i}` } });
    });
    await wait(o.emails);
    const through = o.emails / ((Date.now() - started) / 1000);
    o.log(`  ${round(through)} emails/s through Herald`);

    const transporter = nodemailer.createTransport({ pool: true, maxConnections: 5, host: '127.0.0.1', port: smtp.port, secure: false });
    const directStarted = Date.now();
    await pool(o.emails, o.concurrency, async (i) => {
      await transporter.sendMail({ from, to: 'inbox@example.com', subject: `Message m${i} sent`, text: `m${i} was sent.` });
    });
    await wait(2 * o.emails);
    const direct = o.emails / ((Date.now() - directStarted) / 1000);
    transporter.close();
    o.log(`  ${round(direct)} emails/s sent directly with nodemailer`);
    return { emailsPerSecond: round(through), emailDirectPerSecond: round(direct), emailRatioToDirect: round(through / direct, 2), emails: o.emails };
  } finally {
    await smtp.close();
  }
}
