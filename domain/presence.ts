// Presence and offline-notice rules, pure and deterministic: the user entity workflow applies them
// to its state. Chat platforms' rule (mesibo): "an offline message indication for a user may not
// be invoked again until that user comes online or for a certain duration".
import type { SendForUser } from './notification-policy';

export type Presence = 'online' | 'offline' | 'unknown';

export interface PresenceSettings {
  offlineSuppressionSeconds: number;
  unknownUsersAreOffline: boolean;
}

export interface UserState {
  appId: string;
  userId: string;
  presence: Presence;
  /** occurredAt of the presence event that set `presence`: older ones arriving later are ignored. */
  presenceAt?: string;
  /** When the user was last known online (the online event's time, or the offline event's). */
  lastSeenAt?: string;
  /** While set and in the future, messages for this offline user are counted, not announced. */
  windowUntil?: string;
  /** Messages suppressed since the last notice; the next notice carries it. */
  heldBack: number;
  lastNoticeAt?: string;
  noticesSent: number;
  messagesSuppressed: number;
  /** Event ids already applied, newest last: a repeated signal changes nothing. */
  recentEventIds: string[];
}

export interface PresenceUpdate {
  eventId: string;
  online: boolean;
  occurredAt: string;
}

export interface MessageForUser {
  eventId: string;
  type: string;
  messageId?: string;
  from?: string;
  /** The message's first 140 characters: a visible push may show it (settings.push.includeContent). */
  preview?: string;
  occurredAt: string;
  /** Sends of this event the user's workflow holds (domain/notification-policy.ts), handed over with the message. */
  sends?: { eventId: string; sends: SendForUser[] };
}

const RECENT_IDS = 256;

export function newUserState(appId: string, userId: string): UserState {
  return { appId, userId, presence: 'unknown', heldBack: 0, noticesSent: 0, messagesSuppressed: 0, recentEventIds: [] };
}

/** Records an event id; false when it was applied before. */
export function firstSighting(state: UserState, eventId: string): boolean {
  if (state.recentEventIds.includes(eventId)) return false;
  state.recentEventIds.push(eventId);
  if (state.recentEventIds.length > RECENT_IDS) state.recentEventIds.splice(0, state.recentEventIds.length - RECENT_IDS);
  return true;
}

/**
 * Applies a presence change unless an event stamped later has been applied already. With
 * `lateOnlineEndsWindow`, an online stamped earlier than the presence held but after the last
 * notice still ends that notice's window: the user was online after those messages, whichever
 * of the two events' workflows handed it over first.
 */
export function applyPresence(state: UserState, update: PresenceUpdate, lateOnlineEndsWindow = false): boolean {
  const at = Date.parse(update.occurredAt);
  if (state.presenceAt && at < Date.parse(state.presenceAt)) {
    if (lateOnlineEndsWindow && update.online && state.lastNoticeAt && at >= Date.parse(state.lastNoticeAt)) {
      state.windowUntil = undefined;
      state.heldBack = 0;
    }
    return false;
  }
  state.presence = update.online ? 'online' : 'offline';
  state.presenceAt = update.occurredAt;
  state.lastSeenAt = update.occurredAt;
  if (update.online) {
    // Coming online ends the window at once; what was held back is no longer waiting.
    state.windowUntil = undefined;
    state.heldBack = 0;
  }
  return true;
}

export function isOffline(state: UserState, settings: PresenceSettings): boolean {
  return state.presence === 'offline' || (state.presence === 'unknown' && settings.unknownUsersAreOffline);
}

/**
 * A message waits for the user: announce it (and open the window), count it, or ignore it when
 * the user is online. `nowMs` is the workflow's deterministic clock.
 */
export function onMessage(
  state: UserState,
  settings: PresenceSettings,
  nowMs: number,
): { notice: false } | { notice: true; heldBack: number } {
  if (!isOffline(state, settings)) return { notice: false };
  if (state.windowUntil && Date.parse(state.windowUntil) > nowMs) {
    state.heldBack++;
    state.messagesSuppressed++;
    return { notice: false };
  }
  const heldBack = state.heldBack;
  state.heldBack = 0;
  state.noticesSent++;
  state.lastNoticeAt = new Date(nowMs).toISOString();
  state.windowUntil =
    settings.offlineSuppressionSeconds > 0 ? new Date(nowMs + settings.offlineSuppressionSeconds * 1000).toISOString() : undefined;
  return { notice: true, heldBack };
}

/**
 * A missed call for an offline user is announced every time: a call is rarer and more urgent than
 * a message, so the message window neither holds it back nor is opened or extended by it.
 */
export function onMissedCall(state: UserState, settings: PresenceSettings, nowMs: number): { notice: false } | { notice: true; heldBack: number } {
  if (!isOffline(state, settings)) return { notice: false };
  state.noticesSent++;
  state.lastNoticeAt = new Date(nowMs).toISOString();
  return { notice: true, heldBack: 0 };
}

/** Which user an event concerns for presence, and how; undefined for events that do not. */
export function userTouchedBy(
  type: string,
  data: Record<string, unknown>,
): { userId: string; kind: 'presence'; online: boolean } | { userId: string; kind: 'message' } | undefined {
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  if (type === 'user.online' || type === 'user.offline') {
    const userId = str(data.userId);
    return userId ? { userId, kind: 'presence', online: type === 'user.online' } : undefined;
  }
  if (type === 'message.created' || type === 'call.missed') {
    const userId = str(data.to);
    return userId ? { userId, kind: 'message' } : undefined;
  }
  return undefined;
}

export function userWorkflowId(appId: string, userId: string): string {
  return `user/${appId}/${userId}`;
}
