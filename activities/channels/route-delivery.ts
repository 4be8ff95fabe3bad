// One send on a route: render the route's recipient and text over the event, refuse an SMS to a
// contact that unsubscribed or whose number is gone, send through the channel, and decide what
// comes next — delivered, retried on the app's schedule, a rejection the app hears of as
// `message.rejected`, or a misconfigured channel marked failing. It writes nothing: the caller
// records a whole round in one statement, as for webhooks.
import { inAttemptSpan } from './attempt-span';
import { createHash } from 'node:crypto';
import type { HeraldEvent } from '../../domain/event-envelope';
import { webhookMessageId } from '../../domain/ids';
import { nextRetryDelayMs, parseRetryAfter } from '../../domain/retry-policy';
import { renderBudget, renderHtmlTemplate, renderTemplate, TemplateTooLarge } from '../../domain/templates';
import type { AttemptRecord } from '../../db/events-repository';
import type { ChannelHealth, FallbackChannel, RouteTarget, RouteTemplate } from '../../db/channels-repository';
import { digestOf, type Digest } from '../../domain/digest';
import type { ChannelDeps, ChannelMessage, ChannelResult } from './channel';
import { CHANNELS } from './registry';
import type { AttemptOutcome } from './webhook';

/**
 * A route's send: its target, and for a route with recipient "user" the user's address and locale
 * (user-recipient.ts), and the events it covers when it is a digest (oldest first, the newest last).
 */
export type RouteSend = RouteTarget & { address?: string; locale?: string; covers?: HeraldEvent[] };

/**
 * The route's template in the user's locale: its `locales` entry for the tag, else for the tag's
 * shorter forms (pt-BR, then pt); a field that entry lacks is the route's own.
 */
export function localizedTemplate(template: RouteTemplate, locale: string | undefined): RouteTemplate {
  const { locales, ...own } = template;
  if (!locale || !locales) return own;
  const parts = locale.split('-');
  for (let n = parts.length; n > 0; n--) {
    const tag = parts.slice(0, n).join('-').toLowerCase();
    const key = Object.keys(locales).find((k) => k.toLowerCase() === tag);
    if (key) return { ...own, ...locales[key] };
  }
  return own;
}

export interface RouteAttempt {
  outcome: AttemptOutcome;
  record: AttemptRecord;
  /** What the send learnt of the channels it used: their circuits move on it (db/channels-repository.ts recordHealth). */
  channels?: ChannelHealth[];
  /** The channels tried before the one that settled it, each logged as an attempt `moved` on. */
  moved?: AttemptRecord[];
}

/** A 429 whose Retry-After is this short (seconds) is waited for on the same channel: the provider is busy for a moment, not down. */
const SHORT_RETRY_AFTER_S = 5;
/** Claims of routes with fallbacks number each channel tried within an attempt (db/send-claims.ts). */
const CLAIMS_PER_ATTEMPT = 8;

/** The event's default text, when the route gives none: its type and data, as an operator reads them. */
function defaultText(event: HeraldEvent): string {
  return `${event.type} (${event.id})\n${JSON.stringify(event.data, null, 2)}`.slice(0, 4000);
}

/**
 * The message a route sends for an event, its fields rendered on one budget (domain/templates.ts):
 * throws TemplateTooLarge when the app's template over this event's data would render too much.
 */
export function renderRouteMessage(
  newest: HeraldEvent,
  target: Pick<RouteSend, 'to' | 'template' | 'routeId' | 'address' | 'locale' | 'covers'>,
): ChannelMessage {
  const budget = renderBudget();
  // Templates see the events this send covers as {{digest.*}}; its other fields are the newest event's.
  const event: HeraldEvent & { digest: Digest } = { ...newest, digest: digestOf(target.covers ?? [newest]) };
  const template = localizedTemplate(target.template, target.locale);
  const to = target.address ?? (target.to ? renderTemplate(target.to, event, budget).trim() : undefined);
  return {
    ...(to && { to }),
    subject: template.subject ? renderTemplate(template.subject, event, budget).replace(/[\r\n]+/g, ' ').slice(0, 998) : `Herald: ${event.type}`,
    text: template.text ? renderTemplate(template.text, event, budget) : defaultText(event),
    ...(template.html && { html: renderHtmlTemplate(template.html, event, budget) }),
    // The same on every attempt of this delivery, so a provider or a reader can tell a repeat.
    deliveryId: `${webhookMessageId(event.appId, event.id)}.${target.routeId}`,
  };
}

/** Where a provider reports a route's message's final status: Herald's API, naming the delivery (api/routes/sms-status.ts). */
export function statusCallbackUrl(publicUrl: string, event: Pick<HeraldEvent, 'appId' | 'id'>, routeId: string): string {
  return `${publicUrl}/callbacks/sms/${encodeURIComponent(event.appId)}/${encodeURIComponent(event.id)}/${encodeURIComponent(routeId)}`;
}

export interface RouteDeliveryDeps extends ChannelDeps {
  smsRefusal: (appId: string, phone: string) => Promise<{ code: string; message: string } | undefined>;
  /** Claims a send of an at-most-once channel; false when this attempt claimed it before (db/send-claims.ts). */
  claimSend: (claim: { appId: string; eventId: string; routeId: string; attempt: number }) => Promise<boolean>;
}

export function createRouteDelivery(deps: RouteDeliveryDeps) {
  const senders = Object.fromEntries(Object.values(CHANNELS).map((c) => [c.type, c.createSender(deps)]));

  async function send(event: HeraldEvent, target: RouteSend, message: ChannelMessage, attempt: number): Promise<ChannelResult & { herald?: boolean }> {
    const channel = CHANNELS[target.channelType];
    if (!channel) return { outcome: 'misconfigured', error: `Herald has no channel of type ${target.channelType}`, latencyMs: 0 };
    if (!target.config) return { outcome: 'misconfigured', error: target.configError ?? 'no config', latencyMs: 0 };
    if (channel.recipient !== 'none' && !message.to) {
      return { outcome: 'failed', error: `the route's recipient (${target.to ?? 'none given'}) is empty for this event`, latencyMs: 0 };
    }
    if (channel.recipient === 'phone' && message.to) {
      const refusal = await deps.smsRefusal(event.appId, message.to);
      if (refusal) return { outcome: 'rejected', code: refusal.code, error: refusal.message, description: 'not sent: Herald holds the contact as opted out or gone', latencyMs: 0 };
    }
    if (channel.atMostOnce && !(await deps.claimSend({ appId: event.appId, eventId: event.id, routeId: target.routeId, attempt }))) {
      return { outcome: 'failed', error: `not sent again: attempt ${attempt} was begun before and may have been sent (Herald stopped mid-send); ${target.channelType} is sent at most once`, latencyMs: 0 };
    }
    return senders[target.channelType](target.config as never, message, event);
  }

  /**
   * Renders and sends; never throws: the round's other sends may be made already, and a throw
   * would run the round (and them) again. A template too large for this event fails this send
   * alone, for good (the same data renders the same way next time). Herald's own failure here
   * (PostgreSQL away for the contacts check) is this send's to retry; nothing of it was sent.
   */
  async function sendSafely(event: HeraldEvent, target: RouteSend, attempt: number): Promise<{ message?: ChannelMessage; result: ChannelResult; herald?: boolean }> {
    let message: ChannelMessage | undefined;
    try {
      message = renderRouteMessage(event, target);
      if (deps.publicUrl && CHANNELS[target.channelType]?.statusCallbacks) message.statusCallback = statusCallbackUrl(deps.publicUrl, event, target.routeId);
      return { message, result: await send(event, target, message, attempt) };
    } catch (err) {
      if (err instanceof TemplateTooLarge) return { message, result: { outcome: 'failed', error: `not sent: ${err.message}`, latencyMs: 0 } };
      return { message, herald: true, result: { outcome: 'retry', error: `Herald could not send it: ${(err as Error).message}`, latencyMs: 0 } };
    }
  }

  /** `waitedMs`: how long the workflow waited before this attempt (its retry delay; 0 for the first). */
  return function attemptRoute(event: HeraldEvent, target: RouteSend, attempt: number, retrySchedule: readonly number[], waitedMs = 0): Promise<RouteAttempt> {
    // The channel's type and the route's id: never the recipient or the text (nor a provider's
    // error, which may quote the recipient).
    return inAttemptSpan(
      `${target.channelType} attempt`,
      { event, attempt, waitedMs, target: { 'herald.route.id': target.routeId, 'herald.channel.type': target.channelType } },
      () => (target.fallbacks?.length ? attemptWithFailover(event, target, attempt, retrySchedule) : attemptOnce(event, target, attempt, retrySchedule, attempt)),
      (outcome) => outcome.verdict,
    );
  };

  /**
   * A send on a route with fallback channels: its channel, then each fallback in turn, for as long
   * as the one in use fails for a while (a 5xx, a 429 without a short Retry-After, a timeout, a
   * refused connection, a misconfiguration), all in this attempt. A refusal of the recipient ends
   * it: another provider would refuse it too. Channels whose circuit is open (failing, within
   * their cool-down) are skipped, unless every one is.
   */
  async function attemptWithFailover(event: HeraldEvent, target: RouteSend, attempt: number, retrySchedule: readonly number[]): Promise<RouteAttempt> {
    const chain: FallbackChannel[] = [target, ...(target.fallbacks ?? [])];
    const now = Date.now();
    const isOpen = (c: FallbackChannel) => c.channelStatus === 'failing' && (c.openUntil ?? 0) > now;
    const usable = chain.every(isOpen) ? chain : chain.filter((c) => !isOpen(c));
    const moved: AttemptRecord[] = chain.filter(isOpen).filter((c) => !usable.includes(c)).map((c) => ({
      channel: c.channelType,
      endpointId: target.routeId,
      url: `${c.channelType} ${c.channelName}`,
      attempt,
      webhookId: webhookMessageId(event.appId, event.id),
      latencyMs: 0,
      error: `not tried: the channel is failing until ${new Date(c.openUntil!).toISOString()}; the send moved on`,
      deliveryStatus: 'moved' as const,
    }));
    const channels: ChannelHealth[] = [];
    for (const [k, channel] of usable.entries()) {
      const made = await attemptOnce(event, { ...target, ...channel }, attempt, retrySchedule, attempt * CLAIMS_PER_ATTEMPT + chain.indexOf(channel));
      channels.push(...(made.channels ?? []));
      if (k === usable.length - 1 || !made.movesOn) return { outcome: made.outcome, record: made.record, channels, ...(moved.length > 0 && { moved }) };
      moved.push({ ...made.record, deliveryStatus: 'moved', nextAttemptAt: undefined, error: `${made.record.error}; the send moved to the next channel` });
    }
    throw new Error('unreachable: a route has at least its own channel');
  }

  async function attemptOnce(event: HeraldEvent, target: RouteSend, attempt: number, retrySchedule: readonly number[], claimAttempt: number): Promise<RouteAttempt & { movesOn: boolean }> {
    const now = Date.now();
    const { message, result, herald } = await sendSafely(event, target, claimAttempt);
    const retryInMs = result.outcome === 'retry' ? nextRetryDelayMs(retrySchedule, attempt, parseRetryAfter(result.retryAfter, now), Math.random()) : undefined;
    const described = `${target.channelType} ${target.channelName}${message?.to ? ` → ${message.to}` : ''}`;
    const error =
      result.outcome === 'delivered' ? undefined : result.outcome === 'accepted' ? 'accepted by the provider; its status callback will say if it was delivered' : (result.error ?? (result.statusCode ? `HTTP ${result.statusCode}` : result.outcome));
    const record: AttemptRecord = {
      channel: target.channelType,
      endpointId: target.routeId,
      url: described,
      attempt,
      webhookId: result.providerId?.slice(0, 200) ?? webhookMessageId(event.appId, event.id),
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error,
      responseExcerpt: result.responseExcerpt,
      deliveryStatus: result.outcome === 'delivered' ? 'delivered' : result.outcome === 'accepted' ? 'pending' : retryInMs !== undefined ? 'retrying' : 'failed',
      nextAttemptAt: retryInMs !== undefined ? new Date(now + retryInMs) : undefined,
    };
    // A rejection of a message.rejected is not said again: a route taking every event ('*') whose
    // recipient refuses would otherwise feed on its own rejections for ever.
    const rejection: HeraldEvent | undefined =
      result.outcome === 'rejected' && event.type !== 'message.rejected'
        ? {
            appId: event.appId,
            id: `evt_rejected_${createHash('sha256').update(`${event.id}/${target.routeId}`).digest('hex').slice(0, 24)}`,
            type: 'message.rejected',
            data: {
              code: result.code ?? (result.statusCode ? String(result.statusCode) : 'rejected'),
              message: error ?? 'rejected',
              description: result.description ?? `${target.channelType} refused the message for good`,
              channel: target.channelType,
              eventId: event.id,
              ...(message?.to && { to: message.to }),
            },
            occurredAt: new Date(now).toISOString(),
          }
        : undefined;
    const outcome: AttemptOutcome = {
      endpointId: target.routeId,
      url: described,
      attempt,
      // Accepted is the round's end: the provider carries it on, and its callback writes the rest.
      verdict: result.outcome === 'delivered' || result.outcome === 'accepted' ? 'delivered' : retryInMs !== undefined ? 'retry' : 'failed',
      ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
      ...(error && result.outcome !== 'accepted' && { error }),
      ...(retryInMs !== undefined && { retryInMs }),
      ...(rejection && { rejection }),
    };
    // Herald's own trouble (PostgreSQL away for the contacts check) says nothing of the channel.
    const transient = result.outcome === 'retry' && !herald;
    const health: ChannelHealth | undefined =
      result.outcome === 'misconfigured'
        ? { channelId: target.channelId, event: 'misconfigured', reason: error }
        : transient
          ? { channelId: target.channelId, event: 'transient', reason: error }
          : (result.outcome === 'delivered' || result.outcome === 'accepted') && (target.channelStatus === 'failing' || (target.channelFailures ?? 0) > 0)
            ? { channelId: target.channelId, event: 'ok' }
            : undefined;
    const shortWait = (parseRetryAfter(result.retryAfter, now) ?? Infinity) <= SHORT_RETRY_AFTER_S;
    const movesOn = result.outcome === 'misconfigured' || (transient && !shortWait);
    return { outcome, record, movesOn, ...(health && { channels: [health] }) };
  }
}
