// Everything the workflows may do to the outside world, built once per worker from its deps.
// Workflows see only the type of this object (import type), never the code.
//
// Failures are classified here (../shared/STYLE.md): a receiver's answer is never an activity
// failure but an outcome the workflow retries on the app's schedule; Herald's own transient
// failures (PostgreSQL away) are plain errors that Temporal retries, a bounded number of times; its
// permanent ones (a statement PostgreSQL refuses for its content) are non-retryable
// ApplicationFailures with a reason the operator reads in the Temporal UI. A round's POSTs are
// never repeated because its write failed: the write is handed back to the workflow instead.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { SecretBox } from '../domain/secret-box';
import { deliveryKeyOf, workflowIdOf, type HeraldEvent } from '../domain/event-envelope';
import type { PresenceSettings } from '../domain/presence';
import { createEventsRepository, type AttemptRecord, type RouteTarget as EndpointTarget } from '../db/events-repository';
import { createEndpointsRepository, deliveryTargetOf } from '../db/endpoints-repository';
import { isPermanentDatabaseError } from '../db/errors';
import { createWebhookChannel, waitingForSlot, type AttemptOutcome, type WebhookAttempt } from './channels/webhook';
import { createRateSlots } from '../db/rate-slots';
import type { HttpPoster } from './channels/http-post';
import type { Client } from '@temporalio/client';
import { createAckNotifier, createPresenceNotifier, type SendsForUser, type UserNotification } from './presence-notifier';
import { createPushToUser, type PushRound } from './push/push-to-user';
import type { PushSenders } from './push/senders';
import { createPushTargetsRepository } from '../db/push-targets-repository';
import { createChannelsRepository } from '../db/channels-repository';
import { createContactsRepository } from '../db/contacts-repository';
import { createSendClaims } from '../db/send-claims';
import { pruneExpired } from '../db/retention';
import { createEventStarter } from '../runtime/event-starter';
import { createOrderedRepository, type NextOrdered } from '../db/ordered-repository';
import { createOrderedNotifier } from './ordered-notifier';
import { createRecoveriesRepository } from '../db/recoveries-repository';
import type { RecoveryCursor, RecoveryProgress } from '../domain/recovery';
import { createRouteDelivery, type RouteAttempt, type RouteSend } from './channels/route-delivery';
import { judgeUserSend, unsentSend, userSendNow, userSendOf, type UserSendContext } from './channels/user-recipient';
import { createHeldSends } from '../db/held-sends';
import type { SendForUser, SendSettled } from '../domain/notification-policy';
import { createUsersRepository } from '../db/users-repository';
import type { RouteTarget } from '../db/channels-repository';
import type { HostLookup } from './channels/safe-lookup';
import type { Metrics } from '../runtime/metrics';
import { createContactNotifier, type ContactNotification } from './contact-notifier';
import { isKeywordReply, type ContactSettings, type ContactState } from '../domain/contacts';
import { DEFAULT_ROUND_BUDGET_MS, settleWithin } from './round-budget';
import { DEFAULT_RETRY_SCHEDULE } from '../domain/retry-policy';
import { SLOW_ROUND_SIGNAL } from '../domain/slow-round';

export type { AttemptOutcome } from './channels/webhook';
export type { PushRound, PushOutcome } from './push/push-to-user';

export interface ActivityDeps {
  pool: Pool;
  secretBox: SecretBox;
  poster: HttpPoster;
  push: Pick<PushSenders, 'sendApns' | 'sendFcm'>;
  /** The private-address policy for channels that connect on their own (SMTP), and its resolver. */
  allowPrivateTargets: boolean;
  lookup?: HostLookup;
  /** HERALD_PUBLIC_URL: where providers' status callbacks reach the API (SMS); none, no callbacks. */
  publicUrl?: string;
  /** A CA trusted beside Node's for SMTP's TLS (tests); production uses NODE_EXTRA_CA_CERTS. */
  extraCa?: string;
  /** HERALD_EGRESS_PROXY, for SMTP (HTTP requests go through the poster's own). */
  egressProxy?: string;
  log: Logger;
  /** Counters and histograms of what is delivered (runtime/metrics.ts); none in some tests. */
  metrics?: Pick<Metrics, 'attempts' | 'attemptSeconds' | 'retries' | 'endpointsDisabled'>;
  /** For handing events to entity workflows (signalWithStart), on the worker's own task queue. */
  temporal: { client: Client; taskQueue: string };
  /** Told when an event's first round is done (its slow receivers too), where the API in this process bounds starts. */
  onFirstRound?: (workflowId: string) => void;
  /** Told how many deliveries an event's first round makes, before it makes them (the same bound). */
  onRouted?: (workflowId: string, deliveries: number) => void;
  /**
   * How long the first round's local activity waits for its receivers (HERALD_ROUND_BUDGET_MS):
   * the rest of the round goes on without holding the workflow's task (domain/slow-round.ts).
   */
  roundBudgetMs?: number;
  /** HERALD_WEBHOOK_TIMEOUT_MS: how long a slow receiver may take, so how long its workflow waits to hear of it. */
  webhookTimeoutMs?: number;
}

export interface FirstRound {
  retrySchedule: number[];
  presence: PresenceSettings;
  /** Would anyone hear a message.offline (an enabled endpoint wanting it, an active push credential)? If not, messages need no user workflow. */
  offlineNoticesWanted: boolean;
  outcomes: AttemptOutcome[];
  /** For the contact workflow, when the event concerns a contact. */
  contact?: ContactSettings;
  /** Set when the round was made but its write failed: the workflow records it (recordRound), nothing is re-sent. */
  unrecorded?: WebhookAttempt[];
  /**
   * Deliveries still in flight when the round's budget ran out (a slow receiver): they go on in
   * this process, which reports them to the workflow by signal (domain/slow-round.ts). Absent in
   * rounds recorded before there was a budget.
   */
  pending?: string[];
  /** How long the workflow waits to hear of them before it has them made again (the sender died). */
  pendingWaitMs?: number;
  /** Sends to the event's user that the user's workflow holds (a route's timing policy, quiet hours): handed to it. */
  forUser?: { userId: string } & SendsForUser;
  /** An ack some route's held sends are cancelled by: the users waiting on its message are told. */
  ack?: { type: string; messageId: string; userIds: string[] };
}

/** What became of a held send when its user's workflow let it go (sendHeld). */
export interface HeldSendResult {
  /** sent; skipped or gone (not sent, said in its deliveries); quiet: the user's quiet hours hold it until `until`; retry after `retryInMs`; failed for good. */
  outcome: 'sent' | 'skipped' | 'quiet' | 'retry' | 'failed';
  until?: number;
  retryInMs?: number;
  /** A provider's refusal for good: the workflow says it as message.rejected. */
  rejection?: HeraldEvent;
  /** Events of the batch quiet hours still hold (a critical one among them went): back until `until`. */
  putBack?: { eventIds: string[]; until: number };
  /** The delivery's line on the workflow's page. */
  line: string;
}

/** The first round's slow deliveries, as the workflow hears of them (domain/slow-round.ts). */
export interface SlowRound {
  outcomes: LaterAttempt[];
  /** Set when the attempts were made but their write failed: the workflow records them. */
  unrecorded?: WebhookAttempt[];
}

/** A later attempt's outcome; the fields of AttemptOutcome as before, so histories recorded earlier replay. */
export type LaterAttempt = AttemptOutcome & { unrecorded?: WebhookAttempt[] };

/** Non-retryable failure types, for the workflow's and the operator's eyes. */
export const FAILURE_TYPES = { databaseRefused: 'DatabaseRefused' } as const;

/** A database error as Temporal should see it: retried when it may pass, final when it cannot. */
function classified(err: unknown, what: string): Error {
  if (isPermanentDatabaseError(err)) {
    return ApplicationFailure.nonRetryable(`PostgreSQL refused to ${what}: ${(err as Error).message}`, FAILURE_TYPES.databaseRefused);
  }
  return err as Error;
}

/** A rate-limited delivery whose slot is this close is waited for in the activity: cheaper than a workflow timer. */
const IN_ROUND_WAIT_MS = 200;

/** A delivery whose first attempt is in flight past the round's budget (see record). */
function sendingRecord(event: HeraldEvent, endpointId: string, url: string): AttemptRecord {
  return { endpointId, ...(event.replay && { deliveryKey: deliveryKeyOf(event, endpointId) }), url, attempt: 1, webhookId: '', latencyMs: 0, deliveryStatus: 'sending' };
}

/** The endpoints a round's answers condemned, with why. */
function disablesOf(attempts: WebhookAttempt[]): { endpointId: string; reason: string }[] {
  return attempts.flatMap(({ outcome: o }) => (o.disabledReason ? [{ endpointId: o.endpointId, reason: o.disabledReason }] : []));
}

/** The running activity's context; none when called outside one (a test calling it directly). */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

export function createActivities({ pool, secretBox, poster, push, allowPrivateTargets, lookup, publicUrl, extraCa, egressProxy, log, metrics, temporal, onFirstRound, onRouted, roundBudgetMs = DEFAULT_ROUND_BUDGET_MS, webhookTimeoutMs = 120_000 }: ActivityDeps) {
  const events = createEventsRepository(pool, secretBox);
  const channels = createChannelsRepository(pool, secretBox);
  const contacts = createContactsRepository(pool);
  const sendClaims = createSendClaims(pool);
  const attemptRoute = createRouteDelivery({ poster, allowPrivateTargets, lookup, publicUrl, extraCa, egressProxy, smsRefusal: (appId, phone) => contacts.smsRefusal(appId, phone), claimSend: (c) => sendClaims.claim(c) });
  const notifyContact = createContactNotifier(temporal.client, temporal.taskQueue);
  const pushToUser = createPushToUser({ targets: createPushTargetsRepository(pool, secretBox), events, ...push, log });
  const endpoints = createEndpointsRepository(pool, secretBox);
  const attemptWebhook = createWebhookChannel(poster);
  const rateSlots = createRateSlots(pool);

  /**
   * The attempts to these endpoints, each in its turn under its rate limit: one statement takes
   * the slots of every limited endpoint of the round (db/rate-slots.ts). A slot due within
   * IN_ROUND_WAIT_MS is waited for here; a later one is the workflow's timer to wait.
   * `slotted`: the slot was taken before this attempt's wait, not to be taken again.
   */
  async function pacedAttempts(event: HeraldEvent, targets: EndpointTarget[], attempt: number, retrySchedule: number[], options: { waitedMs?: number; slotted?: boolean } = {}): Promise<Promise<WebhookAttempt>[]> {
    const limited = options.slotted ? [] : targets.filter((t) => t.controls?.rateLimit);
    const delays = limited.length > 0
      ? await rateSlots.take(limited.map((t) => ({ endpointId: t.endpointId, rate: t.controls!.rateLimit! }))).catch((err) => {
          throw classified(err, 'take the rate-limited endpoints\' slots');
        })
      : [];
    const delayOf = new Map(limited.map((t, i) => [t.endpointId, delays[i]]));
    return targets.map((t) => {
      const delay = delayOf.get(t.endpointId) ?? 0;
      if (delay <= 0) return attemptWebhook(event, t, attempt, retrySchedule, options.waitedMs);
      if (delay > IN_ROUND_WAIT_MS) return Promise.resolve(waitingForSlot(event, t, attempt, delay));
      return new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => attemptWebhook(event, t, attempt, retrySchedule, options.waitedMs));
    });
  }
  const notifyUser = createPresenceNotifier(temporal.client, temporal.taskQueue);
  const recoveries = createRecoveriesRepository(pool);
  const starter = createEventStarter(temporal.client, { taskQueue: temporal.taskQueue, eagerStart: false });
  // The activities' client shares the worker's connection, so a start made here can hand the new
  // workflow's first task straight to this worker.
  const eagerStarter = createEventStarter(temporal.client, { taskQueue: temporal.taskQueue, eagerStart: true });
  const ordered = createOrderedRepository(pool);
  const wakeOrdered = createOrderedNotifier(temporal.client, temporal.taskQueue);
  const users = createUsersRepository(pool);
  const heldSends = createHeldSends(pool);
  const ackToUsers = createAckNotifier(temporal.client);

  /**
   * Each route's send as the user's policy has it (routes with recipient "user"): read before
   * anything is sent, so a failed read runs the activity again with nothing made twice. One read
   * however many routes address the user (an event has one user).
   */
  async function userSends(event: HeraldEvent, targets: RouteTarget[]): Promise<{ sends: Map<string, RouteSend | WebhookAttempt>; forUser?: FirstRound['forUser'] }> {
    let read: ReturnType<UserSendContext> | undefined;
    const context: UserSendContext = (appId, userId) => (read ??= users.sendContext(appId, userId));
    const sends = new Map<string, RouteSend | WebhookAttempt>();
    const held: SendForUser[] = [];
    let heldFor: string | undefined;
    for (const t of targets) {
      if (t.recipient !== 'user') continue;
      const send = await userSendOf(event, t, context).catch((err) => {
        throw classified(err, 'read the user the route sends to');
      });
      if ('skip' in send) sends.set(t.routeId, unsentSend(event, t, 1, send.skip));
      else if ('hold' in send) {
        sends.set(t.routeId, unsentSend(event, t, 1, send.hold, 'held'));
        heldFor = send.userId;
        const messageId = typeof event.data.messageId === 'string' ? event.data.messageId : undefined;
        held.push({ routeId: t.routeId, policy: t.policy ?? {}, send: { eventId: event.id, type: event.type, ...(messageId && { messageId }) }, ...(send.quietUntil !== undefined && { quietUntil: send.quietUntil }) });
      } else sends.set(t.routeId, { ...t, ...send });
    }
    return { sends, ...(heldFor && { forUser: { userId: heldFor, eventId: event.id, sends: held } }) };
  }

  /**
   * The first round's attempts still in flight past its budget: logged here as they settle, and
   * the event's workflow told (domain/slow-round.ts). Nothing here may throw: the workflow makes
   * them again (finishRound) if it is never told.
   */
  async function finishInProcess(event: HeraldEvent, pending: Map<string, Promise<WebhookAttempt>>): Promise<void> {
    const workflowId = workflowIdOf(event);
    let attempts: WebhookAttempt[];
    try {
      attempts = await Promise.all(pending.values());
    } catch (err) {
      log.error({ err, appId: event.appId, eventId: event.id }, 'slow first attempts failed in Herald; the workflow will make them again');
      return;
    }
    const { unrecorded } = await record(event, attempts);
    const round: SlowRound = { outcomes: attempts.map((a) => a.outcome), ...(unrecorded && { unrecorded }) };
    for (let tries = 1; ; tries++) {
      try {
        await temporal.client.workflow.getHandle(workflowId).signal(SLOW_ROUND_SIGNAL, round);
        return;
      } catch (err) {
        if (tries >= 5) {
          log.warn({ err, appId: event.appId, eventId: event.id }, 'could not tell the workflow of its slow first attempts; it will make them again');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 * tries));
      }
    }
  }

  function logAttempts(event: HeraldEvent, attempts: WebhookAttempt[]): void {
    for (const { outcome: o } of attempts) {
      if (o.verdict === 'delivered') continue;
      // Waiting for a rate limit's slot is not an attempt.
      if (o.slotted) continue;
      // The user's policy decided, nothing failed: the delivery and its attempt row say why.
      if (o.verdict === 'skipped' || o.verdict === 'held') {
        log.debug({ appId: event.appId, eventId: event.id, routeId: o.endpointId, verdict: o.verdict, reason: o.error }, 'send not made now, by the user\'s policy');
        continue;
      }
      const fields = { appId: event.appId, eventId: event.id, endpointId: o.endpointId, url: o.url, attempt: o.attempt, statusCode: o.statusCode, error: o.error, retryInMs: o.retryInMs };
      if (o.disabledReason) log.warn({ ...fields, reason: o.disabledReason }, 'endpoint disabled');
      else log.warn(fields, o.retryInMs !== undefined ? 'webhook attempt failed; will retry' : 'webhook delivery failed');
    }
  }

  /** Channels' circuits move on what the sends learnt (db/channels-repository.ts recordHealth). Best effort: the sends are made. */
  async function updateChannels(event: HeraldEvent, attempts: (WebhookAttempt | RouteAttempt)[]): Promise<void> {
    const changes = attempts.flatMap((a) => ('channels' in a ? (a.channels ?? []) : []));
    if (changes.length === 0) return;
    for (const c of changes) if (c.event === 'misconfigured') log.warn({ appId: event.appId, channelId: c.channelId, reason: c.reason }, 'channel misconfigured');
    await channels.recordHealth(changes).catch((err) => log.error({ err, appId: event.appId }, 'could not update the channels\' health'));
  }

  function count(attempts: WebhookAttempt[]): void {
    if (!metrics) return;
    for (const { outcome, record } of attempts) {
      if (outcome.slotted) continue;
      const channel = record.channel ?? 'webhook';
      metrics.attempts.inc({ channel, outcome: outcome.rejection ? 'rejected' : outcome.verdict });
      metrics.attemptSeconds.observe({ channel }, record.latencyMs / 1000);
      if (record.attempt > 1) metrics.retries.inc({ channel });
      if (outcome.disabledReason) metrics.endpointsDisabled.inc();
    }
  }

  /**
   * One write for the whole round, disables included; on failure the round goes back unrecorded.
   * `sending`: deliveries whose attempt is still in flight, marked so (db/attempts-writer.ts).
   */
  async function record(event: HeraldEvent, attempts: WebhookAttempt[], sending: AttemptRecord[] = []): Promise<{ unrecorded?: WebhookAttempt[] }> {
    logAttempts(event, attempts);
    count(attempts);
    await updateChannels(event, attempts);
    let operational: HeraldEvent[];
    try {
      operational = await events.recordAttempts(event, [...attempts.flatMap((a) => [...(a.moved ?? []), a.record]), ...sending], disablesOf(attempts));
    } catch (err) {
      log.error({ err, appId: event.appId, eventId: event.id }, 'could not record a round of attempts; the workflow will record it');
      return { unrecorded: attempts };
    }
    // A provider that called back before this write (api/routes/sms-status.ts) settled its
    // message with the send's claim: applied now. Only rounds with such a delivery pay for it.
    const pending = attempts.filter((a) => a.record.deliveryStatus === 'pending').map((a) => a.record.endpointId);
    if (pending.length > 0) await sendClaims.applyEarly(event.appId, event.id, pending).catch((err) => log.warn({ err, eventId: event.id }, 'could not apply an early status callback'));
    await startOperational(operational);
    return {};
  }

  /**
   * Starts the operational events a round caused (endpoint.failing, .recovered, .disabled), each
   * an event workflow of its own like any event posted to the API. They were stored with the
   * round and noted for the API's start sweeper, which starts any this could not.
   */
  async function startOperational(operational: HeraldEvent[]): Promise<void> {
    for (const e of operational) {
      if (e.type === 'endpoint.failing') log.warn({ appId: e.appId, ...e.data }, 'endpoint failing');
      else if (e.type === 'endpoint.recovered') log.info({ appId: e.appId, ...e.data }, 'endpoint recovered');
      await starter.start(e).catch((err) => log.warn({ err, appId: e.appId, eventId: e.id, type: e.type }, 'could not start an operational event; the start sweeper will'));
    }
  }

  /** A later attempt on a route, recorded; skipped when the route or its channel was deleted meanwhile. */
  async function retryRoute(event: HeraldEvent, routeId: string, attempt: number, retrySchedule: number[], waitedMs?: number): Promise<LaterAttempt> {
    const result = await attemptRouteUnrecorded(event, routeId, attempt, retrySchedule, waitedMs);
    if ('skipped' in result) return result.skipped;
    const { unrecorded } = await record(event, [result]);
    return { ...result.outcome, ...(unrecorded && { unrecorded }) };
  }

  /** The attempt on a route alone: the caller records it. A skip is written here. */
  async function attemptRouteUnrecorded(event: HeraldEvent, routeId: string, attempt: number, retrySchedule: number[], waitedMs?: number): Promise<WebhookAttempt | { skipped: LaterAttempt }> {
    const target = await channels.target(event.appId, routeId).catch((err) => {
      throw classified(err, 'read the route');
    });
    if (!target) {
      const reason = 'route or channel deleted';
      await events.markEnded(event.appId, event.id, routeId, 'skipped', reason).catch((err) => {
        throw classified(err, 'mark the delivery skipped');
      });
      return { skipped: { endpointId: routeId, url: '', attempt, verdict: 'failed', error: reason } };
    }
    if (target.recipient === 'user') {
      const send = await userSendNow(event, target, (appId, userId) => users.sendContext(appId, userId)).catch((err) => {
        throw classified(err, 'read the user the route sends to');
      });
      if ('skip' in send) return unsentSend(event, target, attempt, send.skip);
      return attemptRoute(event, { ...target, ...send }, attempt, retrySchedule, waitedMs);
    }
    return attemptRoute(event, target, attempt, retrySchedule, waitedMs);
  }

  /** An attempt to one webhook endpoint, recorded; skipped when it was disabled or deleted meanwhile. */
  async function attemptEndpoint(event: HeraldEvent, endpointId: string, attempt: number, retrySchedule: number[], waitedMs?: number, slotted?: boolean): Promise<LaterAttempt> {
    const result = await attemptEndpointUnrecorded(event, endpointId, attempt, retrySchedule, waitedMs, slotted);
    if ('skipped' in result) return result.skipped;
    const { unrecorded } = await record(event, [result]);
    return { ...result.outcome, ...(unrecorded && { unrecorded }) };
  }

  /** The attempt alone: the caller records it (with others of its round). A skip is written here. */
  async function attemptEndpointUnrecorded(event: HeraldEvent, endpointId: string, attempt: number, retrySchedule: number[], waitedMs?: number, slotted?: boolean): Promise<WebhookAttempt | { skipped: LaterAttempt }> {
    const endpoint = await endpoints.getWithSecrets(event.appId, endpointId).catch((err) => {
      throw classified(err, 'read the endpoint');
    });
    if (!endpoint || endpoint.status !== 'enabled') {
      const reason = endpoint ? `endpoint disabled: ${endpoint.disabledReason ?? 'by the app'}` : 'endpoint deleted';
      await events.markEnded(event.appId, event.id, deliveryKeyOf(event, endpointId), 'skipped', reason).catch((err) => {
        throw classified(err, 'mark the delivery skipped');
      });
      return { skipped: { endpointId, url: endpoint?.url ?? '', attempt, verdict: 'failed', error: reason } };
    }
    if (endpoint.secretError) {
      log.error({ appId: event.appId, eventId: event.id, endpointId, reason: endpoint.secretError }, 'signing secret unreadable');
    }
    const [made] = await pacedAttempts(event, [deliveryTargetOf(endpoint)], attempt, retrySchedule, { waitedMs, slotted });
    return made;
  }

  /** A first-round attempt made again: the process that made the first try died before reporting it (finishRound). */
  function attemptAgain(event: HeraldEvent, id: string, retrySchedule: number[]): Promise<WebhookAttempt | { skipped: LaterAttempt }> {
    return id.startsWith('rt_') ? attemptRouteUnrecorded(event, id, 1, retrySchedule) : attemptEndpointUnrecorded(event, id, 1, retrySchedule);
  }

  return {
    /**
     * Routes the event and makes the first attempt to every endpoint that wants it, in parallel,
     * in one local activity: one read, the POSTs, one write. The common case (every receiver
     * answers 2xx) costs the workflow no further round trip.
     */
    async deliverEvent(event: HeraldEvent): Promise<FirstRound> {
      const { settings, targets: found, offlineNoticesWanted, routesWanted, cancelsWanted } = await events.targets(event.appId, event.type, event.data).catch((err) => {
        throw classified(err, 'read the event\'s endpoints');
      });
      const routeTargets = routesWanted
        ? await channels.targets(event.appId, event.type, event.data).catch((err) => {
            throw classified(err, 'read the event\'s routes');
          })
        : [];
      // An app that wants only real replies is not sent STOP/HELP/START or its opt-in keywords
      // (the contact's workflow still hears them).
      const forwarded = !(event.type === 'sms.inbound' && settings.smsInbound.unknownOnly && isKeywordReply(event.data, settings.smsInbound.optInKeywords));
      // A replay goes to the webhook endpoints again (the one named, if any), nothing else. What
      // Herald says about an endpoint goes to the app's other endpoints, not to the one concerned.
      const about = event.type.startsWith('endpoint.') ? event.data.endpointId : undefined;
      const targets = (event.replay ? found.filter((t) => !event.replay!.endpointId || t.endpointId === event.replay!.endpointId) : forwarded ? found : []).filter(
        (t) => t.endpointId !== about,
      );
      // Ordered endpoints get the event in their queue, before anything is sent: their own
      // workflow delivers it in its turn. A replay goes at once, ordered or not.
      const queued = event.replay ? [] : targets.filter((t) => t.ordered);
      if (queued.length > 0) {
        await ordered.queue(event, queued.map((t) => ({ endpointId: t.endpointId, url: t.url }))).catch((err) => {
          throw classified(err, 'queue the event for its ordered endpoints');
        });
        for (const t of queued) await wakeOrdered(event.appId, t.endpointId);
      }
      const direct = queued.length > 0 ? targets.filter((t) => !t.ordered) : targets;
      for (const t of direct) {
        if (t.secretError) log.error({ appId: event.appId, eventId: event.id, endpointId: t.endpointId, reason: t.secretError }, 'signing secret unreadable');
      }
      const routed = forwarded && !event.replay ? routeTargets : [];
      const toUsers = routed.some((t) => t.recipient === 'user') ? await userSends(event, routed) : undefined;
      const messageId = typeof event.data.messageId === 'string' ? event.data.messageId : undefined;
      // Held sends an ack may cancel: their user is noted under the message before they are handed over.
      const forUser = toUsers?.forUser;
      if (forUser && messageId && forUser.sends.some((x) => x.policy.cancelOn?.length)) {
        await heldSends.noteWaiting(event.appId, forUser.userId, [messageId]).catch((err) => {
          throw classified(err, 'note who waits on the message');
        });
      }
      // An ack naming its reader (data.userId) cancels that user's sends only; one naming nobody, every waiting user's.
      const reader = typeof event.data.userId === 'string' ? event.data.userId : undefined;
      const waiting =
        cancelsWanted && messageId && !event.replay
          ? (
              await heldSends.usersWaitingOn(event.appId, messageId).catch((err) => {
                throw classified(err, 'find the users waiting on the message');
              })
            ).filter((u) => !reader || u === reader)
          : [];
      const workflowId = workflowIdOf(event);
      onRouted?.(workflowId, direct.length + routed.length);
      const webhooks = await pacedAttempts(event, direct, 1, settings.retrySchedule);
      const inFlight = new Map<string, Promise<WebhookAttempt>>([
        ...direct.map((t, i) => [t.endpointId, webhooks[i]] as const),
        ...routed.map((t) => {
          const send = toUsers?.sends.get(t.routeId) ?? t;
          return [t.routeId, 'record' in send ? Promise.resolve(send) : attemptRoute(event, send, 1, settings.retrySchedule)] as const;
        }),
      ]);
      // The round waits for its receivers up to its budget: a slow one then goes on without
      // holding the workflow's task (finishInProcess reports it), and the others are recorded now.
      // The API's bound on rounds in flight holds until every attempt has settled, slow ones too:
      // a receiver that never answers must not let requests pile up without bound.
      void Promise.allSettled(inFlight.values()).then(() => onFirstRound?.(workflowId));
      const { settled, pending } = await settleWithin(inFlight, roundBudgetMs, (a) => a.outcome.endpointId);
      if (pending.size > 0) finishInProcess(event, pending).catch((err) => log.error({ err, eventId: event.id }, 'could not finish the slow first attempts'));
      const attempts = [...inFlight.keys()].flatMap((id) => settled.get(id) ?? []);
      const sending: AttemptRecord[] = [
        ...direct.filter((t) => pending.has(t.endpointId)).map((t) => sendingRecord(event, t.endpointId, t.url)),
        ...routed.filter((t) => pending.has(t.routeId)).map((t) => ({ ...sendingRecord(event, t.routeId, `${t.channelType} ${t.channelName}`), channel: t.channelType })),
      ];
      const { unrecorded } = await record(event, attempts, sending);
      return {
        retrySchedule: settings.retrySchedule,
        presence: { offlineSuppressionSeconds: settings.offlineSuppressionSeconds, unknownUsersAreOffline: settings.unknownUsersAreOffline },
        offlineNoticesWanted,
        contact: { bounceThreshold: settings.bounceThreshold },
        outcomes: attempts.map((a) => a.outcome),
        ...(unrecorded && { unrecorded }),
        // Their answer (at most the webhook timeout), the write, and a signal's retries, with room.
        ...(pending.size > 0 && { pending: [...pending.keys()], pendingWaitMs: 2 * webhookTimeoutMs + 15_000 }),
        ...(toUsers?.forUser && { forUser: toUsers.forUser }),
        ...(waiting.length > 0 && messageId && { ack: { type: event.type, messageId, userIds: waiting } }),
      };
    },

    /** Tells the users' workflows waiting on a message of its ack (FirstRound.ack). */
    async ackToUsers(input: { appId: string; userIds: string[]; type: string; messageId: string }): Promise<void> {
      await ackToUsers(input);
    },

    /** Ends held sends the user's workflow cancelled or skipped without sending (an ack, the user online). */
    async settleHeld(input: { appId: string } & SendSettled): Promise<void> {
      await heldSends.settle(input.appId, input.routeId, input.eventIds, input.status, input.reason).catch((err) => {
        throw classified(err, 'end the held sends');
      });
    },

    /**
     * Makes a held send when its user's workflow lets it go: one send for the events it covers (a
     * digest when several), judged again by the user's mutes, quiet hours and address as they are
     * now, and logged on each event's delivery. Nothing here throws once the send is made: a
     * failed write is logged, not made again by a retry.
     */
    async sendHeld(input: {
      appId: string;
      userId: string;
      routeId: string;
      eventIds: string[];
      attempt: number;
      /** The workflow's time, which quiet hours are judged at (its timers run on it). */
      atMs: number;
    }): Promise<HeldSendResult> {
      const { appId, userId, routeId, attempt } = input;
      const read = async <T>(what: string, run: () => Promise<T>) =>
        run().catch((err) => {
          throw classified(err, what);
        });
      const covered = await read('read the held events', () => heldSends.events(appId, input.eventIds));
      const target = await read('read the route', () => channels.target(appId, routeId));
      const gone = input.eventIds.filter((id) => !covered.some((e) => e.id === id));
      if (gone.length > 0) log.warn({ appId, routeId, events: gone }, 'held sends of events no longer stored: not sent');
      if (!target || covered.length === 0) {
        const reason = !target ? 'route or channel deleted' : 'its events are no longer stored';
        await read('end the held sends', () => heldSends.settle(appId, routeId, input.eventIds, 'skipped', reason));
        return { outcome: 'skipped', line: `skipped: ${reason}` };
      }
      const context = await read('read the user the route sends to', () => users.sendContext(appId, userId));
      const newest = covered[covered.length - 1];
      // Muted since: those events are not sent; a critical one among them lets the send through quiet hours.
      const judged = covered.map((e) => ({ event: e, verdict: judgeUserSend(e, target.channelType, userId, context, input.atMs) }));
      const muted = judged.filter((j) => 'skip' in j.verdict);
      for (const j of muted) await read('end the held sends', () => heldSends.settle(appId, routeId, [j.event.id], 'skipped', (j.verdict as { skip: string }).skip));
      const unmuted = judged.filter((j) => !('skip' in j.verdict));
      if (unmuted.length === 0) return { outcome: 'skipped', line: `skipped: ${(muted[0].verdict as { skip: string }).skip}` };
      // Quiet hours hold what is not critical; a critical event goes now, alone.
      const held = unmuted.filter((j) => 'quietUntil' in j.verdict);
      const going = unmuted.filter((j) => !('quietUntil' in j.verdict));
      const quiet = held.length > 0 ? (held[0].verdict as { quietUntil: number; reason: string }) : undefined;
      if (quiet && going.length === 0) return { outcome: 'quiet', until: quiet.quietUntil, line: quiet.reason };
      const putBack = quiet && { putBack: { eventIds: held.map((j) => j.event.id), until: quiet.quietUntil } };
      // Quiet hours let a critical event through: the address comes from the judgement outside them.
      const open = judgeUserSend(newest, target.channelType, userId, context, undefined);
      if ('skip' in open) {
        await read('end the held sends', () => heldSends.settle(appId, routeId, going.map((j) => j.event.id), 'skipped', open.skip));
        return { outcome: 'skipped', line: `skipped: ${open.skip}` };
      }
      const sending = going.map((j) => j.event);
      const last = sending[sending.length - 1];
      const sent = await attemptRoute(last, { ...target, ...open, covers: sending }, attempt, context?.retrySchedule ?? [...DEFAULT_RETRY_SCHEDULE]);
      await updateChannels(last, [sent]);
      count([sent]);
      for (const e of sending) {
        // The other events of a digest: a provider's status callback names the newest alone, so a
        // send it accepted is delivered for them, as far as Herald will ever hear.
        const other = { ...sent.record, error: sent.record.error ?? `sent in one digest of ${sending.length} with ${last.id}` };
        const record = e.id === last.id ? sent.record : sent.record.deliveryStatus === 'pending' ? { ...other, deliveryStatus: 'delivered' as const, error: `sent in one digest of ${sending.length} with ${last.id} (its status callback settles that one)` } : other;
        // The channels the send moved on from are logged once, with the event it was made for.
        await events.recordAttempts(e, e.id === last.id ? [...(sent.moved ?? []), record] : [record]).catch((err: unknown) => log.error({ err, appId, eventId: e.id, routeId }, 'could not record a held send'));
      }
      const o = sent.outcome;
      const line = `${o.verdict}${sending.length > 1 ? ` (a digest of ${sending.length})` : ''}, attempt ${attempt}${o.statusCode !== undefined ? `, ${o.statusCode}` : ''}${o.error ? `, ${o.error}` : ''}`;
      if (o.verdict === 'delivered') return { outcome: 'sent', line, ...putBack };
      if (o.retryInMs !== undefined) return { outcome: 'retry', retryInMs: o.retryInMs, line, ...putBack };
      return { outcome: 'failed', line, ...(o.rejection && { rejection: o.rejection }), ...putBack };
    },

    /**
     * The first round's slow deliveries (FirstRound.pending) made again, when the process that
     * sent them never told the workflow how they went (it died): the same webhook-id, as any
     * retry; recorded in one write. An activity, not a local one: it may wait for a slow receiver
     * without holding the workflow's task; it heartbeats, so a worker that died is noticed in seconds.
     */
    async finishRound(input: { event: HeraldEvent; pending: string[]; retrySchedule: number[] }): Promise<SlowRound> {
      const { event } = input;
      log.warn({ appId: event.appId, eventId: event.id, deliveries: input.pending.length }, 'slow first attempts never reported: made again');
      // Taken here: the timer's callback runs outside the activity's own async context.
      const context = activityContext();
      const heartbeat = setInterval(() => context?.heartbeat(), 5_000);
      try {
        const results = await Promise.all(input.pending.map((id) => attemptAgain(event, id, input.retrySchedule)));
        const attempts = results.filter((r): r is WebhookAttempt => !('skipped' in r));
        const { unrecorded } = attempts.length > 0 ? await record(event, attempts) : {};
        return { outcomes: results.map((r) => ('skipped' in r ? r.skipped : r.outcome)), ...(unrecorded && { unrecorded }) };
      } finally {
        clearInterval(heartbeat);
      }
    },

    /** Records a round whose write failed inside the activity that made it (Temporal retries this, not the POSTs). */
    async recordRound(input: { event: HeraldEvent; attempts: WebhookAttempt[]; records?: AttemptRecord[] }): Promise<void> {
      const { event, attempts } = input;
      const records = [...attempts.map((a) => a.record), ...(input.records ?? [])];
      const operational = await events.recordAttempts(event, records, disablesOf(attempts)).catch((err) => {
        throw classified(err, 'record the attempts');
      });
      await startOperational(operational);
    },

    /** Ends a delivery Herald itself could not carry through (its workflow gave up on an outage). */
    async failDelivery(input: { appId: string; eventId: string; endpointId: string; reason: string; replayId?: string }): Promise<void> {
      const key = deliveryKeyOf(input.replayId ? { replay: { id: input.replayId } } : {}, input.endpointId);
      await events.markEnded(input.appId, input.eventId, key, 'failed', input.reason);
    },

    /** Pushes a notice to its user's devices (all of them, or the ones a retry names). */
    async pushToUser(input: { event: HeraldEvent; attempt: number; onlyTokens?: string[]; atMs?: number }): Promise<PushRound> {
      const round = await pushToUser(input).catch((err) => {
        throw classified(err, 'push to the user\'s devices');
      });
      for (const o of round.outcomes) {
        metrics?.attempts.inc({ channel: 'push', outcome: o.outcome });
        if (o.attempt > 1) metrics?.retries.inc({ channel: 'push' });
      }
      return round;
    },

    /** One batch of the retention schedule's pruning (db/retention.ts). */
    async pruneExpired(input: { batch: number }): Promise<{ events: number; attempts: number }> {
      return pruneExpired(pool, input.batch).catch((err) => {
        throw classified(err, 'prune expired events');
      });
    },

    /** The next events a recovery delivers again (db/recoveries-repository.ts). */
    async recoveryPage(input: { appId: string; endpointId: string; recoveryId: string; cursor?: RecoveryCursor }) {
      return recoveries.failedPage(input).catch((err) => {
        throw classified(err, 'read failed deliveries');
      });
    },

    /** A recovery's progress, for GET …/recover/:id. */
    async saveRecovery(input: { id: string; progress: RecoveryProgress; status: 'running' | 'completed' | 'failed'; error?: string }): Promise<void> {
      await recoveries.save(input.id, input.progress, input.status, input.error).catch((err) => {
        throw classified(err, 'save the recovery\'s progress');
      });
    },

    /** Hands what an event says about an SMS contact to the contact's entity workflow. */
    async notifyContact(notification: ContactNotification): Promise<void> {
      await notifyContact(notification);
    },

    /** The contact workflow's copy of its state, for sends to check (no SMS to an opted-out contact). */
    async saveContact(state: ContactState): Promise<void> {
      await contacts.save(state).catch((err) => {
        throw classified(err, 'save the contact');
      });
    },

    /**
     * Starts an event Herald says itself (a message.offline notice, message.rejected,
     * contact.bounced) as an event workflow of its own, eagerly where this worker has room. False
     * when it was started before: the workflow id is the event's, and a finished one is not reused.
     */
    async startEvent(input: { event: HeraldEvent; summary: string; indexed: boolean }): Promise<boolean> {
      return eagerStarter.start(input.event, { summary: input.summary, indexed: input.indexed });
    },

    /** Hands a presence change or a waiting message to the user's entity workflow. */
    async notifyUser(notification: UserNotification): Promise<void> {
      await notifyUser(notification);
    },

    /** One later attempt to one endpoint; skipped when the endpoint was disabled meanwhile. */
    async retryDelivery(input: {
      event: HeraldEvent;
      endpointId: string;
      attempt: number;
      retrySchedule: number[];
      /** The wait before this attempt, for its span (absent in workflows started before it was passed). */
      waitedMs?: number;
      /** The wait was for a rate-limit slot already taken (AttemptOutcome.slotted). */
      slotted?: boolean;
    }): Promise<LaterAttempt> {
      const { event, endpointId, attempt } = input;
      if (endpointId.startsWith('rt_')) return retryRoute(event, endpointId, attempt, input.retrySchedule, input.waitedMs);
      return attemptEndpoint(event, endpointId, attempt, input.retrySchedule, input.waitedMs, input.slotted);
    },

    /** What an ordered endpoint's workflow delivers next (db/ordered-repository.ts). */
    async nextOrdered(input: { appId: string; endpointId: string; after?: string }): Promise<NextOrdered> {
      return ordered.next(input.appId, input.endpointId, input.after).catch((err) => {
        throw classified(err, 'read the ordered queue');
      });
    },

    /** An attempt of a queued delivery to an ordered endpoint, on the app's current schedule. */
    async deliverOrdered(input: { appId: string; endpointId: string; eventId: string; attempt: number; waitedMs?: number }): Promise<LaterAttempt & { event?: HeraldEvent }> {
      const loaded = await ordered.load(input.appId, input.eventId).catch((err) => {
        throw classified(err, 'read the queued event');
      });
      // Pruned or its app deleted while it waited: nothing left to deliver.
      if (!loaded) return { endpointId: input.endpointId, url: '', attempt: input.attempt, verdict: 'failed', error: 'event gone' };
      const outcome = await attemptEndpoint(loaded.event, input.endpointId, input.attempt, loaded.retrySchedule, input.waitedMs);
      // The workflow needs the event only to record a round whose write failed.
      return { ...outcome, ...(outcome.unrecorded && { event: loaded.event }) };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
