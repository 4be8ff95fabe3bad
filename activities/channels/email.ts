// Email over SMTP with nodemailer (https://nodemailer.com/smtp/). Connections are pooled per
// channel config, so a burst of events costs one handshake, not one per message. The SMTP server
// is reached at an address the private-address policy allowed (resolved once per pool, the TLS
// name kept as the host's), and its reply decides: 5xx for the recipient or the message is a
// rejection the app hears of (its reply code is the `code`); 4xx and lost connections are tried
// again; a refused login is the channel's misconfiguration.
//
// A route's `to` is a template over the event, so what it renders is the producer's: it must name
// exactly one mailbox (nodemailer's own address parser decides), or a `{{data.to}}` of
// "bob@x, mallory@evil" would mail both. A password is never sent where STARTTLS could have been
// stripped: with `auth` and `secure: false`, TLS is required (requireTLS), unless the operator
// opts out for a relay on loopback. Each message's Message-ID comes from its delivery, so a send
// repeated after a worker crash is one message to a reader's client, not two.
import { inSpan, SpanKind } from '../../runtime/spans';
import { createHash } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Type } from '@sinclair/typebox';
import nodemailer, { type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { isForbiddenAddress } from '../../domain/address-policy';
import type { Channel, ChannelDeps, ChannelResult, ConfigProblem } from './channel';
import type { HostLookup } from './safe-lookup';

interface EmailConfig {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  from: string;
  allowPlaintextAuth?: boolean;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejectedErrors?: SmtpError[];
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|::1)$/i;

/** The one mailbox a rendered `to` names, or why it is not one. */
export function singleRecipient(to: string): { address: string; name: string } | { problem: string } {
  if (/[\r\n]/.test(to)) return { problem: 'the recipient holds a line break' };
  const parsed = addressparser(to, { flatten: true }).filter((a) => a.address);
  if (parsed.length !== 1) return { problem: `the recipient must be exactly one address; "${to.slice(0, 200)}" names ${parsed.length}` };
  const [{ address, name }] = parsed;
  if (!/^[^@\s]+@[^@\s]+$/.test(address)) return { problem: `"${address.slice(0, 200)}" is not an e-mail address` };
  return { address, name };
}

/** `<deliveryId@the sender's domain>`: the same for every attempt of one delivery (RFC 5322 3.6.4). */
function messageIdOf(deliveryId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'herald.invalid';
  return `<${deliveryId.replace(/[^A-Za-z0-9._-]/g, '_')}@${domain}>`;
}

/** How long a pool (and the address it resolved) is kept: DNS answers and passwords change. */
const POOL_TTL_MS = 5 * 60_000;
const MAX_POOLS = 100;
const CONNECTIONS_PER_POOL = 5;
/**
 * How long a send waits for one of its pool's connections before it is retried later, unsent. A
 * slow server must not queue messages without end: a round that outlived its activity timeout
 * would run again while its messages still waited, and they would go twice.
 */
export const SMTP_QUEUE_WAIT_MS = 30_000;

/** At most `limit` at once; a wait longer than `waitMs` gives up (false) with nothing started. */
function createSlots(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire(waitMs: number): Promise<boolean> {
      if (active < limit) {
        active++;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          active++;
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(wake), 1);
          resolve(false);
        }, waitMs);
        waiting.push(wake);
      });
    },
    release(): void {
      active--;
      waiting.shift()?.();
    },
  };
}

function resolveHost(lookup: HostLookup, host: string): Promise<{ address: string }[]> {
  return new Promise((resolve, reject) => lookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** What an SMTP failure means for this message and this channel. */
export function classifySmtpError(err: SmtpError, latencyMs: number): ChannelResult {
  const reply = err.response ?? err.message;
  const base = { latencyMs, error: reply, ...(err.responseCode && { statusCode: err.responseCode, code: String(err.responseCode) }) };
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH' || err.code === 'ETLS' || err.code === 'EREQUIRETLS') {
    return { ...base, outcome: 'misconfigured', error: `SMTP ${err.code}: ${reply}` };
  }
  // The server refuses the sender, not the recipient: a login it wants (530), a `from` it will
  // not relay for (550/553 at MAIL FROM). The channel's config is wrong; nobody's message is.
  if (err.responseCode === 530 || (err.responseCode && err.responseCode >= 500 && err.command === 'MAIL FROM')) {
    return { ...base, outcome: 'misconfigured', error: `the SMTP server refused the sender at ${err.command ?? 'SMTP'}: ${reply}` };
  }
  // Every recipient refused (Herald sends to one): a 4xx among them is a deferral, tried again.
  const refusal = err.rejectedErrors?.find((r) => r.responseCode && r.responseCode < 500) ?? err.rejectedErrors?.[0];
  if (refusal?.responseCode) {
    const byRecipient = { ...base, error: refusal.response ?? reply, statusCode: refusal.responseCode, code: String(refusal.responseCode) };
    if (refusal.responseCode < 500) return { ...byRecipient, outcome: 'retry' };
    return { ...byRecipient, outcome: 'rejected', description: `the SMTP server refused the recipient at RCPT TO: ${refusal.response ?? reply}` };
  }
  if (err.responseCode && err.responseCode >= 500) {
    // Refused for good at RCPT TO (no such user), MAIL FROM or DATA (policy, content).
    return { ...base, outcome: 'rejected', description: `the SMTP server refused the message at ${err.command ?? 'SMTP'}: ${reply}` };
  }
  if (err.code === 'EENVELOPE' && !err.responseCode) return { ...base, outcome: 'rejected', code: 'invalid_address', description: reply };
  return { ...base, outcome: 'retry', error: `SMTP ${err.code ?? 'error'}: ${reply}` };
}

export const emailChannel: Channel<EmailConfig> = {
  type: 'email',
  configSchema: Type.Object(
    {
      host: Type.String({ pattern: '^[A-Za-z0-9.:\\[\\]-]{1,253}$' }),
      port: Type.Integer({ minimum: 1, maximum: 65_535 }),
      secure: Type.Boolean({ description: 'true: TLS from the start (port 465); false: STARTTLS when offered' }),
      auth: Type.Optional(Type.Object({ user: Type.String({ minLength: 1, maxLength: 256 }), pass: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false })),
      from: Type.String({ minLength: 3, maxLength: 320, pattern: '@' }),
      allowPlaintextAuth: Type.Optional(
        Type.Boolean({ description: 'send `auth` even where STARTTLS is not offered: only for a relay on loopback (localhost, 127.0.0.0/8, ::1)' }),
      ),
    },
    { additionalProperties: false },
  ),
  secretFields: ['auth'],
  destinationFields: ['host', 'port', 'secure'],
  recipient: 'email',
  check(config, { allowPrivateTargets }) {
    const problems: ConfigProblem[] = [];
    const host = config.host.replace(/^\[|\]$/g, '');
    if (!allowPrivateTargets && (host === 'localhost' || (isIP(host) && isForbiddenAddress(host)))) {
      problems.push({ path: '/host', message: 'is a private or reserved address (HERALD_ALLOW_PRIVATE_TARGETS is off)' });
    }
    if (config.allowPlaintextAuth && !LOOPBACK_HOSTS.test(host)) {
      problems.push({ path: '/allowPlaintextAuth', message: 'is allowed only for a relay on loopback: elsewhere a password must not travel without TLS' });
    }
    return problems;
  },
  createSender(deps: ChannelDeps) {
    const queueWaitMs = deps.smtpQueueWaitMs ?? SMTP_QUEUE_WAIT_MS;
    const lookup = deps.lookup ?? (dnsLookup as HostLookup);
    const pools = new Map<string, { transporter: Transporter; until: number; slots: ReturnType<typeof createSlots> }>();

    async function transporterFor(config: EmailConfig): Promise<{ transporter: Transporter; slots: ReturnType<typeof createSlots> } | ChannelResult> {
      const key = createHash('sha256').update(JSON.stringify(config)).digest('base64url');
      const kept = pools.get(key);
      if (kept && kept.until > Date.now()) return kept;
      if (kept) {
        kept.transporter.close();
        pools.delete(key);
      }
      const host = config.host.replace(/^\[|\]$/g, '');
      let address = host;
      if (!isIP(host)) {
        let addresses: { address: string }[];
        try {
          addresses = await resolveHost(lookup, host);
        } catch (err) {
          return { outcome: 'retry', error: `SMTP host ${host}: ${(err as Error).message}`, latencyMs: 0 };
        }
        const allowed = deps.allowPrivateTargets ? addresses : addresses.filter((a) => !isForbiddenAddress(a.address));
        if (allowed.length === 0) return { outcome: 'misconfigured', error: `SMTP host ${host} resolves only to private or reserved addresses (HERALD_ALLOW_PRIVATE_TARGETS is off)`, latencyMs: 0 };
        address = allowed[0].address;
      } else if (!deps.allowPrivateTargets && isForbiddenAddress(host)) {
        return { outcome: 'misconfigured', error: `SMTP host ${host} is a private or reserved address (HERALD_ALLOW_PRIVATE_TARGETS is off)`, latencyMs: 0 };
      }
      const transporter = nodemailer.createTransport({
        pool: true,
        maxConnections: CONNECTIONS_PER_POOL,
        host: address,
        port: config.port,
        secure: config.secure,
        ...(config.auth && { auth: config.auth }),
        // A password goes only over TLS: without this, a STARTTLS stripped on the way would
        // have nodemailer log in in clear.
        requireTLS: Boolean(config.auth) && !config.secure && !config.allowPlaintextAuth,
        // The certificate is checked against the name the operator gave, not the address.
        tls: { servername: isIP(host) ? undefined : host, ...(deps.extraCa && { ca: [...rootCertificates, deps.extraCa] }) },
        // nodemailer opens an HTTP CONNECT tunnel to the address checked above.
        ...(deps.egressProxy && { proxy: deps.egressProxy }),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      if (pools.size >= MAX_POOLS) {
        const [oldest] = pools.keys();
        pools.get(oldest)?.transporter.close();
        pools.delete(oldest);
      }
      const entry = { transporter, until: Date.now() + POOL_TTL_MS, slots: createSlots(CONNECTIONS_PER_POOL) };
      pools.set(key, entry);
      return entry;
    }

    return async function sendEmail(config, message): Promise<ChannelResult> {
      const started = performance.now();
      const recipient = singleRecipient(message.to ?? '');
      if ('problem' in recipient) return { outcome: 'rejected', code: 'invalid_address', error: recipient.problem, description: 'not sent: the route\'s recipient did not render to one e-mail address', latencyMs: 0 };
      const pool = await transporterFor(config);
      if (!('transporter' in pool)) return pool;
      if (!(await pool.slots.acquire(queueWaitMs))) {
        return { outcome: 'retry', error: `SMTP server busy: no connection of ${config.host}'s pool came free in ${queueWaitMs / 1000} s`, latencyMs: Math.round(performance.now() - started) };
      }
      try {
        const info = await inSpan('SMTP send', { kind: SpanKind.CLIENT, attributes: { 'server.address': config.host, 'server.port': config.port } }, () =>
          pool.transporter.sendMail({
            from: config.from,
            to: recipient,
            subject: message.subject,
            text: message.text,
            ...(message.html && { html: message.html }),
            messageId: messageIdOf(message.deliveryId, config.from),
          }),
        );
        // Herald names one recipient; a server that accepted the message but refused it is a refusal.
        const refused = (info as { rejectedErrors?: SmtpError[] }).rejectedErrors;
        if ((info.rejected ?? []).length > 0) return classifySmtpError(Object.assign(new Error('recipient refused'), { code: 'EENVELOPE', rejectedErrors: refused ?? [] }), Math.round(performance.now() - started));
        return { outcome: 'delivered', latencyMs: Math.round(performance.now() - started), providerId: info.messageId, responseExcerpt: info.response };
      } catch (err) {
        return classifySmtpError(err as SmtpError, Math.round(performance.now() - started));
      } finally {
        pool.slots.release();
      }
    };
  },
};
