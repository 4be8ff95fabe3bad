// The shape every forwarding channel has (activities/channels/README.md): a config schema the API
// validates with, the fields of it that are secrets, extra checks, and a send that classifies the
// provider's answer. A channel knows nothing of routes, retries or the database.
import type { TObject } from '@sinclair/typebox';
import type { HeraldEvent } from '../../domain/event-envelope';
import type { HttpPoster } from './http-post';
import type { HostLookup } from './safe-lookup';

/** A problem with a config, where it is (a JSON Pointer under `config`). */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** What a route rendered for one send. `to` only for channels with recipients. */
export interface ChannelMessage {
  to?: string;
  subject: string;
  text: string;
  html?: string;
  /** The same on every attempt of one delivery: an email's Message-ID is made from it. */
  deliveryId: string;
  /** Where the provider reports the message's final status (SMS: Twilio's StatusCallback), when Herald's public URL is known. */
  statusCallback?: string;
}

export interface ChannelResult {
  /**
   * delivered; retry later (the provider is away or busy); rejected (the provider refused this
   * message for good: the app hears of it as message.rejected); failed (refused for good, nobody's
   * recipient to tell); misconfigured (the channel's config is wrong: it is marked failing);
   * accepted (the provider took it and will report its fate to the status callback: the delivery
   * is pending until then).
   */
  outcome: 'delivered' | 'accepted' | 'retry' | 'rejected' | 'failed' | 'misconfigured';
  statusCode?: number;
  /** The provider's own code: the SMTP reply code, the SMS provider's error code. */
  code?: string;
  error?: string;
  /** The provider's longer explanation, when it gives one. */
  description?: string;
  retryAfter?: string;
  providerId?: string;
  responseExcerpt?: string;
  latencyMs: number;
}

/** What a channel may use to send; built once per worker. */
export interface ChannelDeps {
  poster: HttpPoster;
  allowPrivateTargets: boolean;
  lookup?: HostLookup;
  /** Certificates (PEM) trusted beside Node's own roots: tests' local CAs. Production uses NODE_EXTRA_CA_CERTS. */
  extraCa?: string;
  /** Herald's API as providers reach it (HERALD_PUBLIC_URL): status callbacks go there. */
  publicUrl?: string;
  /** email: how long a send waits for a free SMTP connection before it is retried later (email.ts). */
  smtpQueueWaitMs?: number;
  /** HERALD_EGRESS_PROXY: SMTP connections go through it too (HTTP channels' go through the poster). */
  egressProxy?: string;
}

export interface Channel<Config = Record<string, unknown>> {
  /** Its name in `POST /channels` `{type}`. */
  type: string;
  /** The config as the API takes it; the API reports each problem under `/config/…`. */
  configSchema: TObject;
  /** Top-level config fields sealed at rest and never returned. */
  secretFields: readonly string[];
  /**
   * Fields that say where the secrets are sent (a host, a URL). A change of any of them needs
   * every stored secret field given again: a stolen or mistaken PATCH must not carry the sealed
   * password, token or authorization header to a destination of its choosing.
   */
  destinationFields: readonly string[];
  /** Recipients: 'email' and 'phone' channels need a route `to`; 'none' post to one place. */
  recipient: 'email' | 'phone' | 'none';
  /**
   * Sent at most once per attempt (SMS): a send is claimed in PostgreSQL before it is made, so a
   * round run again after a worker died mid-send does not send it twice. Without it, at least once
   * (email dedupes on its Message-ID; chat posts are idempotent enough to repeat).
   */
  atMostOnce?: boolean;
  /** Reports each message's final status to Herald's API (`ChannelMessage.statusCallback`). */
  statusCallbacks?: boolean;
  /** Checks past the schema (a URL the private-address policy refuses). */
  check?(config: Config, options: { allowPrivateTargets: boolean }): ConfigProblem[];
  /** The URLs in a config, for the API's name resolution check at creation. */
  targetUrls?(config: Config): { path: string; url: string }[];
  /** Sends one message. Never throws for the provider's answer: it classifies it. */
  createSender(deps: ChannelDeps): (config: Config, message: ChannelMessage, event: HeraldEvent) => Promise<ChannelResult>;
}
