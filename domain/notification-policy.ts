// A route's timing policy for its sends to the event's user (recipient "user"), and the pure rules
// the user's workflow keeps its pending sends by: delays cancelled by an ack or by the user coming
// online, digests, throttles, and what quiet hours held. Deterministic: the workflow applies them
// to its state on its own clock; what needs a time zone is worked out by activities
// (domain/quiet-hours.ts) and comes in as instants.
import { Type, type Static } from '@sinclair/typebox';

const DAY = 86_400;

/** Signals the user workflow takes for held sends (workflows/user-workflow.ts): sends to hold, and acks that cancel them. */
export const USER_SIGNALS = { sends: 'sendsForUser', ack: 'ack' } as const;

export const RoutePolicySchema = {
  onlyOffline: Type.Optional(Type.Boolean({ description: 'send only while the user is offline (Herald\'s presence)' })),
  delaySeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * DAY, description: 'wait this long on a durable timer; cancelOn or the user coming online (onlyOffline) cancels' })),
  cancelOn: Type.Optional(
    Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,99}$' }), { minItems: 1, maxItems: 10, uniqueItems: true, description: 'ack types (message.read, …) that cancel a waiting send of the same messageId' }),
  ),
  digestSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * DAY, description: 'sends within the window (opened by the first) go as one when it ends' })),
  throttle: Type.Optional(
    Type.Object(
      { max: Type.Integer({ minimum: 1, maximum: 1000 }), perSeconds: Type.Integer({ minimum: 1, maximum: 7 * DAY }) },
      { additionalProperties: false, description: 'at most max sends per user per perSeconds; the rest folded into the next as a digest' },
    ),
  ),
};
export const RoutePolicyObject = Type.Object(RoutePolicySchema, { additionalProperties: false });
export type RoutePolicy = Static<typeof RoutePolicyObject>;

/** Fields of a route's policy that make its sends wait in the user's workflow. */
export const waitsInWorkflow = (p: RoutePolicy): boolean =>
  p.onlyOffline === true || p.delaySeconds !== undefined || p.digestSeconds !== undefined || p.throttle !== undefined;

/** What is wrong with a route's policy as a whole (each field's shape is the schema's). */
export function policyProblems(p: RoutePolicy, recipient: string | undefined): { path: string; message: string }[] {
  const given = (Object.keys(RoutePolicySchema) as (keyof RoutePolicy)[]).filter((k) => p[k] !== undefined);
  if (given.length > 0 && recipient !== 'user') return [{ path: `/${given[0]}`, message: 'applies to routes with recipient: "user" (the event\'s user)' }];
  if (p.delaySeconds !== undefined && p.digestSeconds !== undefined) return [{ path: '/digestSeconds', message: 'and /delaySeconds are exclusive: a digest already waits for its window' }];
  if (p.digestSeconds !== undefined && p.throttle !== undefined) return [{ path: '/throttle', message: 'and /digestSeconds are exclusive: a digest already makes one send per window' }];
  if (p.cancelOn && p.delaySeconds === undefined && p.digestSeconds === undefined) {
    return [{ path: '/cancelOn', message: 'needs delaySeconds or digestSeconds: a send made at once cannot be cancelled' }];
  }
  return [];
}

/** One event's send on one route, waiting in its user's workflow. */
export interface HeldSend {
  eventId: string;
  type: string;
  /** The message it is about: an ack of a cancelOn type for it cancels the send. */
  messageId?: string;
}

/** Sends of one route that go together, as one send, at `dueAt` (ms since the epoch). */
export interface Batch {
  routeId: string;
  policy: RoutePolicy;
  dueAt: number;
  /** What it waits for, as the workflow's page names it. */
  why: 'delay' | 'digest' | 'throttle' | 'quiet hours' | 'retry';
  sends: HeldSend[];
  /** The send's attempt (a provider asked to try again later). */
  attempt: number;
}

/** What became of a held send without its being made: written to its delivery by an activity. */
export interface SendSettled {
  routeId: string;
  eventIds: string[];
  status: 'cancelled' | 'skipped';
  reason: string;
}

export interface PolicyState {
  batches: Batch[];
  /** Per throttled route, when its sends within the window were made (ms). */
  sentAt: Record<string, number[]>;
  /**
   * The last acks heard (type and message), newest last: a send handed over after the ack of its
   * message (the two events' workflows race) is cancelled as it comes in. Absent in older state.
   */
  recentAcks?: { type: string; messageId: string }[];
}

/** Acks remembered for sends that come in after them. */
const RECENT_ACKS = 200;

export const newPolicyState = (): PolicyState => ({ batches: [], sentAt: {} });

/** A send handed to the user's workflow: the route's policy, and when quiet hours end if they held it. */
export interface SendForUser {
  routeId: string;
  policy: RoutePolicy;
  send: HeldSend;
  /** Set when the user's quiet hours held it at the round: it goes when they end (ms). */
  quietUntil?: number;
}

/**
 * Takes a send in. Returns what was settled at once (onlyOffline with the user online). `online`
 * is the user's presence as the workflow holds it.
 */
export function intake(state: PolicyState, input: SendForUser, nowMs: number, online: boolean): SendSettled | undefined {
  const { routeId, policy, send } = input;
  if (policy.onlyOffline && online) return { routeId, eventIds: [send.eventId], status: 'skipped', reason: 'the user is online (onlyOffline)' };
  const acked = ackOf(state, policy, send);
  if (acked) return { routeId, eventIds: [send.eventId], status: 'cancelled', reason: `cancelled: ${acked} for message ${send.messageId}` };
  if (policy.delaySeconds !== undefined) {
    // Quiet hours never shorten a delay (an ack may still come): due at the later of the two; the send judges quiet hours again.
    state.batches.push({ routeId, policy, dueAt: Math.max(nowMs + policy.delaySeconds * 1000, input.quietUntil ?? 0), why: 'delay', sends: [send], attempt: 1 });
  } else if (input.quietUntil !== undefined) {
    join(state, routeId, policy, 'quiet hours', input.quietUntil, send);
  } else if (policy.digestSeconds !== undefined) {
    join(state, routeId, policy, 'digest', nowMs + policy.digestSeconds * 1000, send);
  } else {
    // Throttled or only-offline: due now; the throttle is judged when it goes.
    state.batches.push({ routeId, policy, dueAt: nowMs, why: 'throttle', sends: [send], attempt: 1 });
  }
  return undefined;
}

/** The ack type that cancels this send, if one was heard for its message. */
function ackOf(state: PolicyState, policy: RoutePolicy, send: HeldSend): string | undefined {
  if (!send.messageId || !policy.cancelOn) return undefined;
  return state.recentAcks?.find((a) => a.messageId === send.messageId && policy.cancelOn!.includes(a.type))?.type;
}

/**
 * Adds the send to the route's open batch of this kind, or opens one due at `dueAt`. A batch
 * keeps the highest attempt of what it gathers: an attempt number once tried is never made again
 * (an SMS's claim is per attempt).
 */
function join(state: PolicyState, routeId: string, policy: RoutePolicy, why: Batch['why'], dueAt: number, send: HeldSend, attempt = 1): void {
  const open = state.batches.find((b) => b.routeId === routeId && b.why === why);
  if (open) {
    if (!open.sends.some((s) => s.eventId === send.eventId)) open.sends.push(send);
    open.policy = policy;
    open.attempt = Math.max(open.attempt, attempt);
    return;
  }
  state.batches.push({ routeId, policy, dueAt, why, sends: [send], attempt });
}

/** An ack (message.read, …) for a message: the waiting sends it cancels, taken out; remembered for sends still to come. */
export function onAck(state: PolicyState, ackType: string, messageId: string): SendSettled[] {
  (state.recentAcks ??= []).push({ type: ackType, messageId });
  if (state.recentAcks.length > RECENT_ACKS) state.recentAcks.splice(0, state.recentAcks.length - RECENT_ACKS);
  const settled: SendSettled[] = [];
  for (const batch of state.batches) {
    if (!batch.policy.cancelOn?.includes(ackType)) continue;
    const cancelled = batch.sends.filter((s) => s.messageId === messageId);
    if (cancelled.length === 0) continue;
    batch.sends = batch.sends.filter((s) => s.messageId !== messageId);
    settled.push({ routeId: batch.routeId, eventIds: cancelled.map((s) => s.eventId), status: 'cancelled', reason: `cancelled: ${ackType} for message ${messageId}` });
  }
  state.batches = state.batches.filter((b) => b.sends.length > 0);
  return settled;
}

/** The user came online: waiting sends of onlyOffline routes are cancelled. */
export function onOnline(state: PolicyState): SendSettled[] {
  const settled: SendSettled[] = [];
  for (const batch of state.batches) {
    if (!batch.policy.onlyOffline) continue;
    settled.push({ routeId: batch.routeId, eventIds: batch.sends.map((s) => s.eventId), status: 'cancelled', reason: 'cancelled: the user came online (onlyOffline)' });
  }
  state.batches = state.batches.filter((b) => !b.policy.onlyOffline);
  return settled;
}

/** When the next batch is due (ms), if any waits. */
export function nextDue(state: PolicyState): number | undefined {
  return state.batches.length === 0 ? undefined : Math.min(...state.batches.map((b) => b.dueAt));
}

/**
 * The batches due now, taken out to be sent. A throttled route whose window is full keeps its
 * due sends, folded into one batch due when the window frees a place: they go then as one.
 */
export function takeDue(state: PolicyState, nowMs: number): Batch[] {
  const due = state.batches.filter((b) => b.dueAt <= nowMs);
  state.batches = state.batches.filter((b) => b.dueAt > nowMs);
  const going: Batch[] = [];
  for (const batch of due) {
    const throttle = batch.policy.throttle;
    if (throttle) {
      const recent = (state.sentAt[batch.routeId] ?? []).filter((t) => t > nowMs - throttle.perSeconds * 1000);
      state.sentAt[batch.routeId] = recent;
      const alreadyGoing = going.filter((b) => b.routeId === batch.routeId).length;
      if (recent.length + alreadyGoing >= throttle.max) {
        const freeAt = Math.min(...recent, nowMs) + throttle.perSeconds * 1000;
        for (const send of batch.sends) join(state, batch.routeId, batch.policy, 'throttle', freeAt, send, batch.attempt);
        // A throttled batch already waiting is due when a place frees, not before.
        const held = state.batches.find((b) => b.routeId === batch.routeId && b.why === 'throttle')!;
        held.dueAt = Math.max(held.dueAt, freeAt);
        continue;
      }
    }
    going.push(batch);
  }
  return going;
}

/**
 * The next batch to send now, taken out of the state (takeDue's first); the other due ones stay in
 * it, so an ack or the user coming online while this one is sent still finds them.
 */
export function takeNextDue(state: PolicyState, nowMs: number): Batch | undefined {
  const [next, ...rest] = takeDue(state, nowMs);
  state.batches.push(...rest);
  return next;
}

/** A batch was sent: a throttled route counts it in its window (and forgets sends past it). */
export function recordSent(state: PolicyState, batch: Pick<Batch, 'routeId' | 'policy'>, nowMs: number): void {
  const throttle = batch.policy.throttle;
  if (!throttle) return;
  const recent = (state.sentAt[batch.routeId] ?? []).filter((t) => t > nowMs - throttle.perSeconds * 1000);
  state.sentAt[batch.routeId] = [...recent, nowMs];
}

/** Whether the state has anything to carry into a new run: held sends, or a throttle's window still open. */
export function worthCarrying(state: PolicyState, nowMs: number): boolean {
  for (const [routeId, times] of Object.entries(state.sentAt)) {
    const open = times.filter((t) => t > nowMs - 7 * DAY * 1000);
    if (open.length > 0) state.sentAt[routeId] = open;
    else delete state.sentAt[routeId];
  }
  return state.batches.length > 0 || Object.keys(state.sentAt).length > 0 || (state.recentAcks?.length ?? 0) > 0;
}

/**
 * Puts a batch back, due again at `dueAt` (the user's quiet hours, a provider's retry), joining one
 * of its kind. Sends cancelled while it was out (an ack, the user online for onlyOffline) are not
 * put back: they are returned, to be written.
 */
export function requeue(state: PolicyState, batch: Batch, why: 'quiet hours' | 'retry', dueAt: number, online: boolean): SendSettled[] {
  const settled: SendSettled[] = [];
  if (batch.policy.onlyOffline && online) {
    return [{ routeId: batch.routeId, eventIds: batch.sends.map((s) => s.eventId), status: 'cancelled', reason: 'cancelled: the user came online (onlyOffline)' }];
  }
  const kept = batch.sends.filter((send) => {
    const acked = ackOf(state, batch.policy, send);
    if (acked) settled.push({ routeId: batch.routeId, eventIds: [send.eventId], status: 'cancelled', reason: `cancelled: ${acked} for message ${send.messageId}` });
    return !acked;
  });
  if (kept.length === 0) return settled;
  if (why === 'retry') state.batches.push({ ...batch, sends: kept, why, dueAt, attempt: batch.attempt + 1 });
  else for (const send of kept) join(state, batch.routeId, batch.policy, why, dueAt, send, batch.attempt);
  return settled;
}

/** The workflow's page: what waits, for what, until when. */
export function describeWaiting(state: PolicyState): string[] {
  return state.batches.map(
    (b) => `- route ${b.routeId}: ${b.sends.length} send${b.sends.length === 1 ? '' : 's'} held for ${b.why} until ${new Date(b.dueAt).toISOString()}`,
  );
}
