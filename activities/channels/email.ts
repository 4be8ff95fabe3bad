// Email over SMTP with nodemailer (https://nodemailer.com/smtp/). Connections are pooled per
// channel config, so a burst of events costs one handshake, not one per message. The SMTP server
// is reached at an address the private-address policy allowed (resolved once per pool, the TLS
// name kept as the host's), and its reply decides: 5xx for the recipient or the message is a
// rejection the app hears of (its reply code is the `code`); 4xx and lost connections are tried
// again; a refused login is the channel's misconfiguration.
import { createHash } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { Type } from '@sinclair/typebox';
import nodemailer, { type Transporter } from 'nodemailer';
import { isForbiddenAddress } from '../../domain/address-policy';
import type { Channel, ChannelDeps, ChannelResult, ConfigProblem } from './channel';
import type { HostLookup } from './safe-lookup';

interface EmailConfig {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  from: string;
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

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
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
    },
    { additionalProperties: false },
  ),
  secretFields: ['auth'],
  recipient: 'email',
  check(config, { allowPrivateTargets }) {
    const problems: ConfigProblem[] = [];
    const host = config.host.replace(/^\[|\]$/g, '');
    if (!allowPrivateTargets && (host === 'localhost' || (isIP(host) && isForbiddenAddress(host)))) {
      problems.push({ path: '/host', message: 'is a private or reserved address (HERALD_ALLOW_PRIVATE_TARGETS is off)' });
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
        // The certificate is checked against the name the operator gave, not the address.
        tls: { servername: isIP(host) ? undefined : host },
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
      const pool = await transporterFor(config);
      if (!('transporter' in pool)) return pool;
      if (!(await pool.slots.acquire(queueWaitMs))) {
        return { outcome: 'retry', error: `SMTP server busy: no connection of ${config.host}'s pool came free in ${queueWaitMs / 1000} s`, latencyMs: Math.round(performance.now() - started) };
      }
      try {
        const info = await pool.transporter.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text, ...(message.html && { html: message.html }) });
        return { outcome: 'delivered', latencyMs: Math.round(performance.now() - started), providerId: info.messageId, responseExcerpt: info.response };
      } catch (err) {
        return classifySmtpError(err as SmtpError, Math.round(performance.now() - started));
      } finally {
        pool.slots.release();
      }
    };
  },
};
