// A route with recipient "user" sends to the event's user: at the address its channel needs (the
// user's e-mail or phone number, PUT /users/:userId), unless the user muted it. What is not sent
// is a delivery too, `skipped`, with its reason in the event view and the attempts log.
import type { HeraldEvent } from '../../domain/event-envelope';
import { webhookMessageId } from '../../domain/ids';
import { eventUserId, mutedBy, preferenceKindOf, type UserRecord } from '../../domain/user-profile';
import type { RouteTarget } from '../../db/channels-repository';
import type { WebhookAttempt } from './webhook';
import { CHANNELS } from './registry';

/** Reads what a send to one user is judged by (db/users-repository.ts sendContext). */
export type UserSendContext = (appId: string, userId: string) => Promise<{ user?: UserRecord; criticalEventTypes: string[] } | undefined>;

/** The send as the user's policy has it: made, at this address (none for a channel that posts to its URL), or skipped, and why. */
export type UserSend = { address?: string } | { skip: string };

export async function userSendOf(event: HeraldEvent, target: RouteTarget, context: UserSendContext): Promise<UserSend> {
  const userId = eventUserId(event.type, event.data);
  if (!userId) return { skip: `the event names no user (${event.type.startsWith('message.') ? 'data.to' : 'data.userId'})` };
  const found = await context(event.appId, userId);
  const user = found?.user;
  const muted = mutedBy(user?.preferences, event.type, preferenceKindOf(target.channelType), found?.criticalEventTypes ?? []);
  if (muted) return { skip: `muted: ${muted}` };
  const needs = CHANNELS[target.channelType]?.recipient ?? 'none';
  if (needs === 'none') return {};
  const address = needs === 'email' ? user?.email : user?.phoneNumber;
  if (!address) {
    const field = needs === 'email' ? 'email' : 'phoneNumber';
    return { skip: `user ${userId} has no ${field} (PUT /v1/apps/${event.appId}/users/${userId} sets it)` };
  }
  return { address };
}

/** A send the user's policy did not make, as the round records it: a delivery `skipped`, with its reason. */
export function skippedSend(event: HeraldEvent, target: RouteTarget, attempt: number, reason: string): WebhookAttempt {
  const url = `${target.channelType} ${target.channelName}`;
  return {
    outcome: { endpointId: target.routeId, url, attempt, verdict: 'skipped', error: reason },
    record: {
      channel: target.channelType,
      endpointId: target.routeId,
      url,
      attempt,
      webhookId: webhookMessageId(event.appId, event.id),
      latencyMs: 0,
      error: reason,
      deliveryStatus: 'skipped',
    },
  };
}
