// Real peers for the forwarding channels: an SMTP server (smtp-server, messages parsed with
// mailparser) that refuses the recipients and logins a test names, and an HTTP server speaking the
// Twilio Messages API (form-encoded, basic auth) that answers as a test scripts it.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface SmtpPeer {
  port: number;
  messages: (ParsedMail & { envelopeTo: string[]; overTls: boolean })[];
  /** Logins tried, and whether the connection was encrypted at the time. */
  logins: { user: string; overTls: boolean }[];
  close(): Promise<void>;
}

/**
 * Refuses RCPT TO for `rejectRecipients` with 550 (450 for `tempFailRecipients`), MAIL FROM for
 * `rejectSenders` with 553; with `auth`, refuses other logins with 535; holds each message
 * `dataDelayMs` before answering it. With `tls`, it offers STARTTLS with that certificate, or
 * speaks TLS from the first byte (`implicit`, as on port 465); without, it offers no STARTTLS
 * and takes logins in clear (what a downgrading attacker would show a client).
 */
export async function startSmtpPeer(
  options: {
    rejectRecipients?: string[];
    auth?: { user: string; pass: string };
    tempFailRecipients?: string[];
    rejectSenders?: string[];
    dataDelayMs?: number;
    tls?: { key: string; cert: string; implicit?: boolean };
  } = {},
): Promise<SmtpPeer> {
  const messages: SmtpPeer['messages'] = [];
  const logins: SmtpPeer['logins'] = [];
  const server = new SMTPServer({
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    ...(options.tls && { key: options.tls.key, cert: options.tls.cert, secure: Boolean(options.tls.implicit) }),
    // A login in clear is what the tests look for; smtp-server refuses it unless told.
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    // Senders keep pooled connections open; closing does not wait for them.
    closeTimeout: 100,
    onAuth(auth, session, callback) {
      logins.push({ user: auth.username ?? '', overTls: Boolean(session.secure) });
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      const err = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
      callback(err);
    },
    onMailFrom(address, _session, callback) {
      if (options.rejectSenders?.includes(address.address)) {
        return callback(Object.assign(new Error('5.7.1 Sender address rejected: not owned by user'), { responseCode: 553 }));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address)) {
        return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      }
      if (options.tempFailRecipients?.includes(address.address)) {
        return callback(Object.assign(new Error('4.2.1 Mailbox busy, try later'), { responseCode: 450 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (options.dataDelayMs) await new Promise((r) => setTimeout(r, options.dataDelayMs));
          messages.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address), overTls: Boolean(session.secure) }));
          callback();
        })
        .catch(callback);
    },
  });
  // A client that refuses the certificate hangs up mid-handshake: the peer's own business.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SmsSent {
  accountSid: string;
  authorized: boolean;
  to: string;
  from: string;
  body: string;
  /** The StatusCallback Herald gave, if any. */
  statusCallback?: string;
}

/**
 * Twilio's X-Twilio-Signature as its docs spell it, written here apart from Herald's own: base64
 * HMAC-SHA1 (auth token) of the URL, then each parameter's name and value sorted by name.
 */
function signAsTwilio(authToken: string, url: string, params: Record<string, string>): string {
  const text = url + Object.keys(params).sort().map((k) => `${k}${params[k]}`).join('');
  return createHmac('sha1', authToken).update(text).digest('base64');
}

/** What the provider later says of a message: its final status, as Twilio posts it to the StatusCallback. */
export type SmsFate = { status: 'delivered' | 'undelivered' | 'failed'; errorCode?: string; signWith?: string };

export interface SmsPeer {
  baseUrl: string;
  sent: SmsSent[];
  /** The status callbacks made, with Herald's answer. */
  callbacks: { sid: string; status: number }[];
  close(): Promise<void>;
}

type SmsAnswer = { status: number; body: object };

/**
 * A Twilio-compatible Messages API for one account: POST /2010-04-01/Accounts/{sid}/Messages.json
 * with basic auth; answers 401 (code 20003) to a wrong token, else as `script` says (201 by default).
 */
export async function startSmsPeer(
  account: { accountSid: string; authToken: string },
  script: (n: number, sent: SmsSent) => SmsAnswer | undefined = () => undefined,
  fateOf: (sent: SmsSent) => SmsFate | undefined = () => undefined,
): Promise<SmsPeer> {
  const sent: SmsSent[] = [];
  const callbacks: { sid: string; status: number }[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
      const reply = (a: SmsAnswer) => res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
      if (req.method !== 'POST' || !match) return reply({ status: 404, body: { code: 20404, message: 'The requested resource was not found' } });
      const [user, pass] = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const message: SmsSent = {
        accountSid: match[1],
        authorized: user === account.accountSid && pass === account.authToken && match[1] === account.accountSid,
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        body: form.get('Body') ?? '',
        ...(form.get('StatusCallback') && { statusCallback: form.get('StatusCallback')! }),
      };
      sent.push(message);
      if (!message.authorized) return reply({ status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } });
      const scripted = script(n++, message);
      const sid = `SM${String(n).padStart(32, '0')}`;
      reply(scripted ?? { status: 201, body: { sid, status: 'queued', to: message.to, from: message.from, body: message.body } });
      // Later, as Twilio does, the message's fate to the StatusCallback, signed.
      const fate = !scripted && message.statusCallback ? fateOf(message) : undefined;
      if (fate) {
        const params: Record<string, string> = { AccountSid: account.accountSid, MessageSid: sid, SmsSid: sid, MessageStatus: fate.status, SmsStatus: fate.status, To: message.to, From: message.from, ApiVersion: '2010-04-01', ...(fate.errorCode && { ErrorCode: fate.errorCode }) };
        setTimeout(() => {
          void fetch(message.statusCallback!, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signAsTwilio(fate.signWith ?? account.authToken, message.statusCallback!, params) },
            body: new URLSearchParams(params).toString(),
          }).then((res) => callbacks.push({ sid, status: res.status }), () => callbacks.push({ sid, status: 0 }));
        }, 50);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    callbacks,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Twilio's answer to a number it cannot send to (https://www.twilio.com/docs/errors/21211). */
export const INVALID_NUMBER = { status: 400, body: { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number.", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 } };
