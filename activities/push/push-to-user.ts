// Pushes a notice to every device of its user, on the app's active credentials: one read, the
// sends in parallel, one write (each push a delivery with channel "push"). Dead tokens are removed
// and come back as `message.rejected` events for the workflow to emit; a refused credential is
// marked failing (and ok again on the next success); 429/5xx come back with their wait.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { HeraldEvent } from '../../domain/event-envelope';
import { planPush, pushLifetime, type PushPlan } from '../../domain/push-payload';
import { webhookMessageId } from '../../domain/ids';
import { nextRetryDelayMs, parseRetryAfter } from '../../domain/retry-policy';
import { mutedBy } from '../../domain/user-profile';
import { quietReason, quietUntil } from '../../domain/quiet-hours';
import type { FcmServiceAccount } from '../../domain/push-credentials';
import type { AttemptRecord, EventsRepository } from '../../db/events-repository';
import type { ActiveCredential, PushDevice, createPushTargetsRepository } from '../../db/push-targets-repository';
import type { createApnsSender } from './apns';
import type { createFcmSender } from './fcm';
import type { PushResult } from './push-result';

export interface PushOutcome {
  target: string;
  token: string;
  attempt: number;
  /** skipped: the user muted it (preferences); held: the user's quiet hours hold it. `reason` says how. */
  outcome: PushResult['outcome'] | 'skipped' | 'held';
  statusCode?: number;
  reason?: string;
  retryInMs?: number;
}

interface Sent {
  device: PushDevice;
  credential?: ActiveCredential;
  result: PushResult;
}

export interface PushRound {
  outcomes: PushOutcome[];
  /** `message.rejected` events for dead tokens, to be delivered as events of their own. */
  rejections: HeraldEvent[];
  /** Set when the pushes were made but their write failed: the workflow records them (recordRound). */
  unrecorded?: AttemptRecord[];
  /** Set when the user's quiet hours hold the pushes: the workflow pushes again when they end (ms). */
  quietUntil?: number;
}

/** The token as logs and views show it: its last 8 characters. */
export const maskToken = (token: string) => `…${token.slice(-8)}`;
const deliveryKey = (d: PushDevice) => `push:${d.platform}:${createHash('sha256').update(d.token).digest('hex').slice(0, 16)}`;

/**
 * What the provider asked to wait, in seconds: its Retry-After; for a 429 without one (FCM's
 * QUOTA_EXCEEDED, APNs' TooManyRequests) a minute, doubling with each attempt up to an hour, as
 * Google asks ("exponential backoff with a minimum initial delay of 1 minute").
 */
export function providerWaitSeconds(result: Pick<PushResult, 'retryAfter' | 'statusCode'>, attempt: number, nowMs: number): number | undefined {
  const asked = parseRetryAfter(result.retryAfter, nowMs);
  if (asked !== undefined || result.statusCode !== 429) return asked;
  return Math.min(60 * 2 ** (attempt - 1), 3600);
}

export function createPushToUser(deps: {
  targets: ReturnType<typeof createPushTargetsRepository>;
  events: EventsRepository;
  sendApns: ReturnType<typeof createApnsSender>;
  sendFcm: ReturnType<typeof createFcmSender>;
  log: Logger;
}) {
  /** The APNs host (and credential) a device is pushed through; mesibo's switch sends sandbox devices through production. */
  const apnsEnvironment = (device: PushDevice, sandboxAsProduction: boolean) =>
    device.environment === 'sandbox' && !sandboxAsProduction ? 'sandbox' : 'production';

  function credentialFor(device: PushDevice, credentials: ActiveCredential[], sandboxAsProduction: boolean) {
    if (device.platform === 'fcm') return credentials.find((c) => c.platform === 'fcm');
    const environment = apnsEnvironment(device, sandboxAsProduction);
    return credentials.find((c) => c.platform === 'apns' && c.environment === environment);
  }

  /** Every device's push not made, by the user's preferences: each a delivery `skipped` or `held`, with its reason. */
  async function unsentAll(event: HeraldEvent, devices: PushDevice[], attempt: number, reason: string, status: 'skipped' | 'held'): Promise<PushRound> {
    const outcomes: PushOutcome[] = devices.map((d) => ({ target: `${d.platform} ${maskToken(d.token)}`, token: d.token, attempt, outcome: status, reason }));
    const records: AttemptRecord[] = devices.map((d) => ({
      channel: 'push',
      endpointId: deliveryKey(d),
      url: `${d.platform} ${maskToken(d.token)}`,
      attempt,
      webhookId: webhookMessageId(event.appId, event.id),
      latencyMs: 0,
      error: reason,
      deliveryStatus: status,
    }));
    try {
      await deps.events.recordAttempts(event, records);
      return { outcomes, rejections: [] };
    } catch (err) {
      deps.log.error({ err, appId: event.appId, eventId: event.id }, 'could not record the skipped pushes; the workflow will record them');
      return { outcomes, rejections: [], unrecorded: records };
    }
  }

  return async function pushToUser(input: {
    event: HeraldEvent;
    attempt: number;
    onlyTokens?: string[];
    /** The workflow's time, which quiet hours are judged at (its timer waits on it); now when absent. */
    atMs?: number;
    /** Set on the round after quiet hours held the pushes: a newer notice held with them pushes instead. */
    afterQuiet?: boolean;
  }): Promise<PushRound> {
    const { event, attempt } = input;
    const userId = String(event.data.userId ?? '');
    const found = await deps.targets.targets(event.appId, userId);
    if (!found) return { outcomes: [], rejections: [] };
    // A PushKit token takes VoIP pushes for calls only; a regular token never gets one.
    const plans = { regular: planPush(event, found.settings.push), voip: planPush(event, found.settings.push, 'voip') };
    const planned = found.devices.flatMap((device) => {
      const plan = device.voip ? plans.voip : plans.regular;
      return plan && (!input.onlyTokens || input.onlyTokens.includes(device.token)) ? [{ device, plan }] : [];
    });
    if (planned.length === 0) return { outcomes: [], rejections: [] };
    // A notice pushes for its cause (a message, a missed call): the user's mutes of either type hold it back.
    const cause = typeof event.data.cause === 'string' ? event.data.cause : event.type;
    const muted =
      mutedBy(found.preferences, cause, 'push', found.settings.criticalEventTypes) ??
      (cause !== event.type ? mutedBy(found.preferences, event.type, 'push', found.settings.criticalEventTypes) : undefined);
    if (muted) return unsentAll(event, planned.map((p) => p.device), attempt, `muted: ${muted}`, 'skipped');
    // Quiet hours hold a push that is not critical (nor a VoIP call, which rings now or never).
    const quiet = found.preferences?.quietHours;
    const critical = found.settings.criticalEventTypes.includes(cause) || found.settings.criticalEventTypes.includes(event.type);
    const until = quiet && !critical && !planned.some((p) => p.plan === plans.voip) ? quietUntil(quiet, found.timeZone, input.atMs ?? Date.now()) : undefined;
    if (quiet && until !== undefined) {
      await deps.targets.holdPush(event.appId, userId, event.id, event.occurredAt);
      return { ...(await unsentAll(event, planned.map((p) => p.device), attempt, quietReason(quiet, found.timeZone, until), 'held')), quietUntil: until };
    }
    // What quiet hours held goes as one push: the newest notice's; the older ones fold into it.
    if (input.afterQuiet) {
      const newer = await deps.targets.newerHeldPush(event.appId, userId, event.id, event.occurredAt);
      if (newer) return unsentAll(event, planned.map((p) => p.device), attempt, `folded into the push of ${newer}, the newest notice quiet hours held`, 'skipped');
    }

    const sendOne = async (device: PushDevice, plan: PushPlan): Promise<Sent> => {
      const credential = credentialFor(device, found.credentials, found.settings.push.sandboxAsProduction);
      if (!credential) {
        const what = device.platform === 'apns' ? `APNs ${device.environment ?? 'production'}` : 'FCM';
        return { device, result: { outcome: 'misconfigured', error: `the app has no active ${what} credential`, latencyMs: 0 } };
      }
      if (!credential.secret) return { device, credential, result: { outcome: 'misconfigured', error: credential.secretError, latencyMs: 0 } };
      const lifetime = pushLifetime(plan, attempt, Date.now());
      if (!lifetime) {
        const error = plan.ttlSeconds === 0 ? 'not sent again: its time to live is 0 (now or never)' : `not sent: its time to live (${plan.ttlSeconds} s) has passed`;
        return { device, credential, result: { outcome: 'failed', error, latencyMs: 0 } };
      }
      if (device.platform === 'apns') {
        const key = { ...(credential.details as { keyId: string; teamId: string; topic: string }), privateKey: credential.secret };
        const result = await deps.sendApns(key, {
          deviceToken: device.token,
          environment: apnsEnvironment(device, found.settings.push.sandboxAsProduction),
          pushType: plan.apns.pushType,
          priority: plan.apns.priority,
          payload: plan.apns.payload,
          collapseId: plan.apns.collapseId,
          expiration: lifetime.apnsExpiration,
          ...(plan.apns.topicSuffix && { topic: `${key.topic}${plan.apns.topicSuffix}` }),
        });
        return { device, credential, result };
      }
      const account = JSON.parse(credential.secret) as FcmServiceAccount;
      const apns = plan.fcm.apns && { ...plan.fcm.apns, headers: { ...plan.fcm.apns.headers, 'apns-expiration': String(lifetime.apnsExpiration) } };
      const result = await deps.sendFcm(account, { token: device.token, ...plan.fcm, android: { ...plan.fcm.android, ttl: lifetime.fcmTtl }, ...(apns && { apns }) });
      return { device, credential, result };
    };

    const sent = await Promise.all(
      planned.map(async ({ device, plan }): Promise<Sent> => {
        try {
          return await sendOne(device, plan);
        } catch (err) {
          // A fault of Herald's own after other devices may have been pushed: this device's push
          // fails with the reason rather than the whole round running (and pushing) again.
          deps.log.error({ err, appId: event.appId, eventId: event.id }, 'push could not be sent');
          return { device, result: { outcome: 'failed', error: `Herald could not send it: ${(err as Error).message}`, latencyMs: 0 } };
        }
      }),
    );

    // The pushes are made: a write failing after them must not make the round (and its pushes)
    // run again, so nothing below throws.
    const bestEffort = async (what: string, write: () => Promise<unknown>) => {
      try {
        await write();
      } catch (err) {
        deps.log.error({ err, appId: event.appId, eventId: event.id }, `could not ${what}`);
      }
    };
    const now = Date.now();
    const outcomes: PushOutcome[] = [];
    const records: AttemptRecord[] = [];
    const rejections: HeraldEvent[] = [];
    for (const { device, credential, result } of sent) {
      const target = `${device.platform} ${maskToken(device.token)}`;
      const retryInMs = result.outcome === 'retry' ? nextRetryDelayMs(found.settings.retrySchedule, attempt, providerWaitSeconds(result, attempt, now), Math.random()) : undefined;
      const error = result.outcome === 'delivered' ? undefined : (result.reason ?? result.error ?? `HTTP ${result.statusCode}`);
      outcomes.push({ target, token: device.token, attempt, outcome: result.outcome, ...(result.statusCode !== undefined && { statusCode: result.statusCode }), ...(error && { reason: error }), ...(retryInMs !== undefined && { retryInMs }) });
      records.push({
        channel: 'push',
        endpointId: deliveryKey(device),
        url: target,
        attempt,
        webhookId: result.providerId ?? webhookMessageId(event.appId, event.id),
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        error,
        deliveryStatus: result.outcome === 'delivered' ? 'delivered' : retryInMs !== undefined ? 'retrying' : 'failed',
        nextAttemptAt: retryInMs !== undefined ? new Date(now + retryInMs) : undefined,
      });
      if (result.outcome !== 'delivered') {
        deps.log.warn({ appId: event.appId, eventId: event.id, userId, target, attempt, outcome: result.outcome, statusCode: result.statusCode, reason: error, retryInMs }, 'push not delivered');
      }
      if (credential && result.outcome === 'credential-failing') {
        deps.log.warn({ appId: event.appId, credentialId: credential.id, reason: error }, 'push credential refused by the provider');
        await bestEffort('mark the credential failing', () => deps.targets.setCredentialStatus(credential.id, 'failing', `${device.platform} answered ${result.statusCode}: ${error}`));
      } else if (credential && result.outcome === 'delivered' && credential.status === 'failing') {
        await bestEffort('mark the credential ok', () => deps.targets.setCredentialStatus(credential.id, 'ok'));
      }
      let registeredAgain = false;
      if (result.outcome === 'token-dead') {
        // Left in place if this fails: the next push finds it dead again and removes it then. A
        // device registered again after the provider's verdict is alive, and stays.
        const invalidSince = result.invalidSince !== undefined ? new Date(result.invalidSince) : undefined;
        await bestEffort('remove a dead device token', async () => {
          registeredAgain = !(await deps.targets.removeDevice(event.appId, device.token, invalidSince)) && invalidSince !== undefined;
        });
      }
      if (result.outcome === 'token-dead' && !registeredAgain) {
        rejections.push({
          appId: event.appId,
          id: `evt_rejected_${createHash('sha256').update(`${event.id}/${device.token}`).digest('hex').slice(0, 24)}`,
          type: 'message.rejected',
          data: {
            code: result.reason ?? String(result.statusCode),
            message: `the ${device.platform === 'apns' ? 'APNs' : 'FCM'} device token is no longer valid; Herald removed it`,
            description: `${device.platform} answered ${result.statusCode} ${result.reason ?? ''}`.trim(),
            channel: 'push',
            platform: device.platform,
            userId,
            eventId: event.id,
            token: device.token.slice(-8),
          },
          occurredAt: new Date(now).toISOString(),
        });
      }
    }
    try {
      await deps.events.recordAttempts(event, records);
    } catch (err) {
      deps.log.error({ err, appId: event.appId, eventId: event.id }, 'could not record a round of pushes; the workflow will record it');
      return { outcomes, rejections, unrecorded: records };
    }
    return { outcomes, rejections };
  };
}
