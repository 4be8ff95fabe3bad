// One entity workflow per (app, user), id `user/<appId>/<userId>`, started by signalWithStart. It
// holds presence and the offline-notice suppression window as workflow state, so suppression
// survives worker and server restarts (each message is compared with the window: its end needs
// no timer, see PATCH_NO_WINDOW_TIMER). Parked between signals
// it costs the worker nothing (it leaves the cache and lives on the server).
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  isCancellation,
  log,
  patched,
  defineSignal,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { HeraldEvent } from '../domain/event-envelope';
import {
  applyPresence,
  firstSighting,
  isOffline,
  newUserState,
  onMessage,
  onMissedCall,
  type MessageForUser,
  type PresenceSettings,
  type PresenceUpdate,
  type UserState,
} from '../domain/presence';
import {
  describeWaiting,
  intake,
  newPolicyState,
  nextDue,
  onAck,
  onOnline,
  recordSent,
  requeue,
  takeNextDue,
  USER_SIGNALS,
  worthCarrying,
  type Batch,
  type PolicyState,
  type SendForUser,
  type SendSettled,
} from '../domain/notification-policy';
import { readable } from '../domain/readable-summary';
import type { Activities } from '../activities';
import { emitEvent } from './event-workflow';

/** Signals carry the app's current settings, so a settings change applies from the next event on. */
export const presenceSignal = defineSignal<[PresenceUpdate & { settings: PresenceSettings }]>('presence');
export const messageSignal = defineSignal<[MessageForUser & { settings: PresenceSettings }]>('message');
export const userStateQuery = defineQuery<UserState>('state');
/** Sends of an event this user's workflow holds (a route's delay, digest, throttle; quiet hours). */
export const sendsSignal = defineSignal<[{ eventId: string; sends: SendForUser[]; settings: PresenceSettings }]>(USER_SIGNALS.sends);
/** An ack (message.read, …) of a message some held sends wait on: those with it in cancelOn are cancelled. */
export const ackSignal = defineSignal<[{ type: string; messageId: string }]>(USER_SIGNALS.ack);
export const heldQuery = defineQuery<PolicyState>('held');

// A held send is one local activity when it goes; Herald's own outage past these tries is waited out (below).
const { sendHeld, settleHeld } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  localRetryThreshold: '2 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
/** After Herald's own failure to make or end a held send, it is tried again this much later. */
const HELD_OUTAGE_WAIT_MS = 60_000;

export interface UserWorkflowInput {
  appId: string;
  userId: string;
  settings: PresenceSettings;
  state?: UserState;
  /** The sends held for the user, carried over when the workflow continues as new. */
  policy?: PolicyState;
  /** Continue as new past this many history events (tests set it low). */
  maxHistoryEvents?: number;
  /**
   * Give notice workflows Herald's search attributes (default). Off only where the server has no
   * custom search attributes, as the time-skipping test server has none.
   */
  indexNotices?: boolean;
}

/**
 * A user's workflow leaves the worker's cache while parked, and the next signal replays its whole
 * history: near 2,000 events that took ~750 ms of worker time on this machine kind, near 200
 * ~80 ms (`npm run bench`, parked user). The state carried over is small, so the history is kept short.
 */
const DEFAULT_MAX_HISTORY_EVENTS = 200;
/** Runs started before PATCH_SHORTER_HISTORY keep the bound they were started with. */
const FORMER_MAX_HISTORY_EVENTS = 2000;

/** Versioning (workflows/README.md): the suppression window no longer has a timer at its end. */
const PATCH_NO_WINDOW_TIMER = 'user-window-without-timer';
/** Versioning: an online arriving after a later-stamped offline still ends the window it followed. */
const PATCH_LATE_ONLINE_ENDS_WINDOW = 'late-online-ends-window';
/** Versioning: missed calls are announced past the message window (before, the window held them back). */
const PATCH_CALLS_PAST_WINDOW = 'missed-calls-past-window';
/** Versioning: the history is continued as new at DEFAULT_MAX_HISTORY_EVENTS, not at FORMER_MAX_HISTORY_EVENTS. */
const PATCH_SHORTER_HISTORY = 'shorter-user-history';

export async function userWorkflow(input: UserWorkflowInput): Promise<void> {
  const state = input.state ?? newUserState(input.appId, input.userId);
  let settings = input.settings;
  const due: HeraldEvent[] = [];
  const policy = input.policy ?? newPolicyState();
  /** Held sends ended without a send (cancelled, skipped), for settleHeld to write. */
  const settled: SendSettled[] = [];
  /** What the last held sends came to, for the workflow's page. */
  const lastSends: string[] = [];
  let policyChanged = false;

  setHandler(userStateQuery, () => state);
  setHandler(heldQuery, () => policy);
  setHandler(presenceSignal, (update) => {
    settings = update.settings;
    if (!firstSighting(state, update.eventId)) return;
    const late = update.online && state.presenceAt !== undefined && Date.parse(update.occurredAt) < Date.parse(state.presenceAt);
    const applied = applyPresence(state, update, late && patched(PATCH_LATE_ONLINE_ENDS_WINDOW));
    // Online: what waits only for an offline user is cancelled (a state with nothing held changes nothing).
    if (applied && update.online && policy.batches.length > 0) {
      settled.push(...onOnline(policy));
      policyChanged = true;
    }
  });
  /** Takes in an event's held sends, once however often they are handed over. */
  const holdSends = (held: { eventId: string; sends: SendForUser[] }) => {
    if (!firstSighting(state, `${held.eventId}/sends`)) return;
    for (const send of held.sends) {
      const done = intake(policy, send, Date.now(), !isOffline(state, settings));
      if (done) settled.push(done);
    }
    policyChanged = true;
  };
  setHandler(sendsSignal, (held) => {
    settings = held.settings;
    holdSends(held);
  });
  setHandler(ackSignal, (ack) => {
    settled.push(...onAck(policy, ack.type, ack.messageId));
    policyChanged = true;
  });
  setHandler(messageSignal, (message) => {
    settings = message.settings;
    // Judged against presence as it was before this message (the message changes none).
    if (message.sends) holdSends(message.sends);
    if (!firstSighting(state, message.eventId)) return;
    const decision =
      message.type === 'call.missed' && patched(PATCH_CALLS_PAST_WINDOW)
        ? onMissedCall(state, settings, Date.now())
        : onMessage(state, settings, Date.now());
    if (!decision.notice) return;
    due.push({
      appId: state.appId,
      id: `evt_offline_${uuid4()}`,
      type: 'message.offline',
      data: {
        userId: state.userId,
        ...(message.messageId !== undefined && { messageId: message.messageId }),
        ...(message.from !== undefined && { from: message.from }),
        ...(message.preview !== undefined && { preview: message.preview }),
        heldBack: decision.heldBack,
        cause: message.type,
      },
      occurredAt: new Date(Date.now()).toISOString(),
    });
  });

  const maxHistory = input.maxHistoryEvents ?? (patched(PATCH_SHORTER_HISTORY) ? DEFAULT_MAX_HISTORY_EVENTS : FORMER_MAX_HISTORY_EVENTS);
  const historyTooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxHistory;

  // Woken by what needs doing; a held send that changes nothing of when the next is due (one more
  // for a digest, a delay due later) leaves the timer as it is.
  const wokenBy = (wake: number | undefined) => () =>
    due.length > 0 || historyTooLong() || settled.length > 0 || (policyChanged && nextDue(policy) !== wake);
  for (;;) {
    if (patched(PATCH_NO_WINDOW_TIMER)) {
      // No timer at the window's end: onMessage compares the window with each message's time, and
      // readers of the state compare it with theirs, so a timer would cost a workflow task and
      // change nothing. Held sends wait on a timer until the first is due (none while nothing is held).
      const wake = nextDue(policy);
      if (wake === undefined) await condition(wokenBy(undefined));
      else await sleepUnless(wake, timerSummary(policy, wake), wokenBy(wake));
    } else {
      // Workflows started before PATCH_NO_WINDOW_TIMER replay their window timers here.
      const windowLeft = state.windowUntil ? Date.parse(state.windowUntil) - Date.now() : undefined;
      const woken = await (windowLeft !== undefined && windowLeft > 0
        ? condition(() => due.length > 0 || historyTooLong() || !state.windowUntil, windowLeft)
        : condition(() => due.length > 0 || historyTooLong()).then(() => true));
      // Such a run holding sends moves on to this code at once: it has no timer for them.
      if (policy.batches.length > 0 || settled.length > 0) await continueAsNew<typeof userWorkflow>({ ...input, settings, state, policy });
      if (!woken && state.windowUntil && Date.parse(state.windowUntil) <= Date.now()) state.windowUntil = undefined;
    }

    policyChanged = false;
    await settleAll();
    // One batch at a time, each taken when it goes (takeNextDue).
    for (let batch = takeNextDue(policy, Date.now()); batch; batch = takeNextDue(policy, Date.now())) {
      await release(batch);
      await settleAll();
    }
    if (policy.batches.length > 0 || lastSends.length > 0) {
      setCurrentDetails([policy.batches.length > 0 ? 'Held sends:' : 'Nothing held.', ...describeWaiting(policy), ...(lastSends.length > 0 ? ['Last sends:', ...lastSends] : [])].join('\n'));
    }

    // A notice is an event of its own, delivered by its own event workflow: its retries never
    // hold this entity back, and the operator finds it like any other event.
    while (due.length > 0) {
      const notice = due.shift()!;
      await emitEvent(notice, `for user ${String(notice.data.userId)} (held back ${String(notice.data.heldBack)})`, input.indexNotices ?? true);
    }

    if (historyTooLong()) {
      // Signals that arrive while handlers run are applied first, then the state moves on.
      await condition(allHandlersFinished);
      if (due.length > 0 || settled.length > 0) continue;
      await continueAsNew<typeof userWorkflow>({ ...input, settings, state, ...(worthCarrying(policy, Date.now()) && { policy }) });
    }
  }

  /** Writes the held sends ended without a send; Herald's own outage is waited out. */
  async function settleAll(): Promise<void> {
    while (settled.length > 0) {
      const next = settled[0];
      try {
        await settleHeld.executeWithOptions({ summary: readable(`${next.status}: ${next.eventIds.length} held send${next.eventIds.length === 1 ? '' : 's'} of route ${next.routeId}`) }, [{ appId: state.appId, ...next }]);
        settled.shift();
        lastSend(`- route ${next.routeId}: ${next.status}, ${next.reason}`);
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.warn('could not end held sends; trying again', { error: (err as Error).message });
        await sleep(HELD_OUTAGE_WAIT_MS, { summary: readable('wait: Herald could not end held sends') });
      }
    }
  }

  /** Makes a due batch's send; puts it back when quiet hours, a provider or Herald's own outage ask to wait. */
  async function release(batch: Batch): Promise<void> {
    const n = batch.sends.length;
    let result;
    try {
      result = await sendHeld.executeWithOptions({ summary: readable(`send ${n === 1 ? 'a held send' : `a digest of ${n}`} of route ${batch.routeId} (${batch.why})`) }, [
        { appId: state.appId, userId: state.userId, routeId: batch.routeId, eventIds: batch.sends.map((s) => s.eventId), attempt: batch.attempt, atMs: Date.now() },
      ]);
    } catch (err) {
      if (isCancellation(err)) throw err;
      lastSend(`- route ${batch.routeId}: Herald could not send it (${(err as Error).message}); trying again`);
      settled.push(...requeue(policy, { ...batch, attempt: batch.attempt - 1 }, 'retry', Date.now() + HELD_OUTAGE_WAIT_MS, online()));
      return;
    }
    lastSend(`- route ${batch.routeId}: ${result.line}`);
    // A critical event went through quiet hours; the rest of its batch waits for their end.
    const backIds = result.putBack?.eventIds ?? [];
    const sent = backIds.length > 0 ? { ...batch, sends: batch.sends.filter((x) => !backIds.includes(x.eventId)) } : batch;
    if (result.putBack) {
      const rest = { ...batch, sends: batch.sends.filter((x) => backIds.includes(x.eventId)) };
      settled.push(...requeue(policy, rest, 'quiet hours', Math.max(result.putBack.until, Date.now() + 1000), online()));
    }
    if (result.outcome === 'sent') recordSent(policy, sent, Date.now());
    // Never sooner than a second on: the end comes from the activity, and must not spin the loop.
    else if (result.outcome === 'quiet') settled.push(...requeue(policy, sent, 'quiet hours', Math.max(result.until!, Date.now() + 1000), online()));
    else if (result.outcome === 'retry') settled.push(...requeue(policy, sent, 'retry', Date.now() + result.retryInMs!, online()));
    if (result.rejection) await emitEvent(result.rejection, `route ${batch.routeId} refused a send to user ${state.userId}`, input.indexNotices ?? true);
  }

  function online(): boolean {
    return !isOffline(state, settings);
  }

  function lastSend(line: string): void {
    lastSends.push(line);
    if (lastSends.length > 10) lastSends.shift();
  }
}

/** The timer's name in the Temporal UI: what the first due batch waits for. */
function timerSummary(policy: PolicyState, at: number): string {
  const first = policy.batches.find((b) => b.dueAt === at)!;
  const n = first.sends.length;
  return `wait: ${n === 1 ? 'a send' : `${n} sends`} of route ${first.routeId} held for ${first.why}`;
}

/** Sleeps until `atMs` (a durable timer named `summary`), or until `wake` holds; the other is cancelled. */
async function sleepUnless(atMs: number, summary: string, wake: () => boolean): Promise<void> {
  const scope = new CancellationScope();
  const timer = scope.run(() => sleep(Math.max(1, atMs - Date.now()), { summary: readable(summary) }));
  const woken = scope.run(() => condition(wake));
  try {
    await Promise.race([timer, woken]);
  } finally {
    scope.cancel();
    await Promise.allSettled([timer, woken]);
  }
}
