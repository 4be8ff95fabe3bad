// A route with recipient "user" sends to the event's user: at the address its channel needs (the
// user's e-mail or phone number, PUT /users/:userId), unless the user muted it. What is not sent
// is a delivery too, `skipped`, with its reason in the event view and the attempts log.
import type { HeraldEvent } from '../../domain/event-envelope';
import { webhookMessageId } from '../../domain/ids';
import { eventUserId, mutedBy, preferenceKindOf, type UserRecord } from '../../domain/user-profile';
import { waitsInWorkflow, type RoutePolicy } from '../../domain/notification-policy';
import { quietUntil, quietZone } from '../../domain/quiet-hours';
import type { RouteTarget } from '../../db/channels-repository';
import type { WebhookAttempt } from './webhook';
import { CHANNELS } from './registry';

/** Reads what a send to one user is judged by (db/users-repository.ts sendContext). */
export type UserSendContext = (appId: string, userId: string) => Promise<{ user?: UserRecord; criticalEventTypes: string[] } | undefined>;

/**
 * The send as the user's policy has it: made now, at this address (none for a channel that posts
 * to its URL) in the user's locale; skipped, and why; or held by the user's workflow (the route's
 * timing policy, or quiet hours until `quietUntil`), and why.
 */
export type UserSend = { address?: string; locale?: string } | { skip: string } | { hold: string; userId: string; quietUntil?: number };

/** Why a send waits in the user's workflow, as its delivery says while it does. */
function holdReason(policy: RoutePolicy): string {
  const unless = [...(policy.cancelOn ?? []), ...(policy.onlyOffline ? ['the user comes online'] : [])];
  if (policy.delaySeconds !== undefined) return `held: sent in ${policy.delaySeconds} s${unless.length ? ` unless ${unless.join(' or ')}` : ''}`;
  if (policy.digestSeconds !== undefined) return `held: in the user's digest of ${policy.digestSeconds} s`;
  if (policy.throttle) return `held: by the user's workflow, at most ${policy.throttle.max} per ${policy.throttle.perSeconds} s`;
  return 'held: by the user\'s workflow, sent while the user is offline';
}

/** Judges a send by the user's mutes, quiet hours and address as they are at `nowMs`. */
export function judgeUserSend(
  event: Pick<HeraldEvent, 'appId' | 'type'>,
  channelType: string,
  userId: string,
  found: { user?: UserRecord; criticalEventTypes: string[] } | undefined,
  /** The time quiet hours are judged at; undefined: not judged (a send they already let through). */
  nowMs: number | undefined,
): { skip: string } | { quietUntil: number; reason: string } | { address?: string; locale?: string } {
  const user = found?.user;
  const critical = found?.criticalEventTypes ?? [];
  const muted = mutedBy(user?.preferences, event.type, preferenceKindOf(channelType), critical);
  if (muted) return { skip: `muted: ${muted}` };
  const quiet = user?.preferences.quietHours;
  const until = quiet && nowMs !== undefined && !critical.includes(event.type) ? quietUntil(quiet, user?.timeZone, nowMs) : undefined;
  if (quiet && until !== undefined) {
    return { quietUntil: until, reason: `held: the user's quiet hours (${quiet.start}–${quiet.end} ${quietZone(quiet, user?.timeZone)}) until ${new Date(until).toISOString()}` };
  }
  const needs = CHANNELS[channelType]?.recipient ?? 'none';
  const locale = user?.locale;
  if (needs === 'none') return { ...(locale && { locale }) };
  const address = needs === 'email' ? user?.email : user?.phoneNumber;
  if (!address) {
    const field = needs === 'email' ? 'email' : 'phoneNumber';
    return { skip: `user ${userId} has no ${field} (PUT /v1/apps/${event.appId}/users/${userId} sets it)` };
  }
  return { address, ...(locale && { locale }) };
}

export async function userSendOf(event: HeraldEvent, target: RouteTarget, context: UserSendContext, nowMs = Date.now()): Promise<UserSend> {
  const userId = eventUserId(event.type, event.data);
  if (!userId) return { skip: `the event names no user (${eventUserId(event.type, { to: 'x' }) ? 'data.to' : 'data.userId'})` };
  const found = await context(event.appId, userId);
  const judged = judgeUserSend(event, target.channelType, userId, found, nowMs);
  if ('skip' in judged) return judged;
  // The route's timing policy: its user's workflow holds the send (a mute was judged now, and is again when it goes).
  if (target.policy && waitsInWorkflow(target.policy)) return { hold: holdReason(target.policy), userId, ...('quietUntil' in judged && { quietUntil: judged.quietUntil }) };
  if ('quietUntil' in judged) return { hold: judged.reason, userId, quietUntil: judged.quietUntil };
  return judged;
}

/** A send the user's policy did not make now, as the round records it: a delivery `skipped` or `held`, with its reason. */
export function unsentSend(event: HeraldEvent, target: RouteTarget, attempt: number, reason: string, status: 'skipped' | 'held' = 'skipped'): WebhookAttempt {
  const url = `${target.channelType} ${target.channelName}`;
  return {
    outcome: { endpointId: target.routeId, url, attempt, verdict: status === 'held' ? 'held' : 'skipped', error: reason },
    record: {
      channel: target.channelType,
      endpointId: target.routeId,
      url,
      attempt,
      webhookId: webhookMessageId(event.appId, event.id),
      latencyMs: 0,
      error: reason,
      deliveryStatus: status,
    },
  };
}
