// A route with recipient "user" sends to the event's user: at the address its channel needs (the
// user's e-mail or phone number, PUT /users/:userId), unless the user muted it. What is not sent
// is a delivery too, `skipped`, with its reason in the event view and the attempts log.
import type { HeraldEvent } from '../../domain/event-envelope';
import { webhookMessageId } from '../../domain/ids';
import { eventUserField, eventUserId, mutedBy, preferenceKindOf, type UserRecord } from '../../domain/user-profile';
import { waitsInWorkflow, type RoutePolicy } from '../../domain/notification-policy';
import { quietReason, quietUntil } from '../../domain/quiet-hours';
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
  if (quiet && until !== undefined) return { quietUntil: until, reason: quietReason(quiet, user?.timeZone, until) };
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

/** The event's user, or why a send to the user is skipped. */
function userOf(event: HeraldEvent): { userId: string } | { skip: string } {
  const userId = eventUserId(event.type, event.data);
  return userId ? { userId } : { skip: `the event names no user (data.${eventUserField(event.type)})` };
}

/**
 * A later attempt of a send the first round made: judged by the user's mutes and address as they
 * are now (a user who muted e-mail since is not sent it), not held again (quiet hours, a timing
 * policy given to the route since): it goes as the first try did.
 */
export async function userSendNow(event: HeraldEvent, target: RouteTarget, context: UserSendContext): Promise<{ skip: string } | { address?: string; locale?: string }> {
  const user = userOf(event);
  if ('skip' in user) return user;
  return judgeUserSend(event, target.channelType, user.userId, await context(event.appId, user.userId), undefined) as { skip: string } | { address?: string; locale?: string };
}

export async function userSendOf(event: HeraldEvent, target: RouteTarget, context: UserSendContext, nowMs = Date.now()): Promise<UserSend> {
  const user = userOf(event);
  if ('skip' in user) return user;
  const { userId } = user;
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
