// One entity workflow per (app, user), id `user/<appId>/<userId>`, started by signalWithStart. It
// holds presence and the offline-notice suppression window as workflow state, so suppression
// survives worker and server restarts (each message is compared with the window: its end needs
// no timer, see PATCH_NO_WINDOW_TIMER). Parked between signals
// it costs the worker nothing (it leaves the cache and lives on the server).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  patched,
  defineSignal,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { HeraldEvent } from '../domain/event-envelope';
import {
  applyPresence,
  firstSighting,
  newUserState,
  onMessage,
  onMissedCall,
  type MessageForUser,
  type PresenceSettings,
  type PresenceUpdate,
  type UserState,
} from '../domain/presence';
import { emitEvent } from './event-workflow';

/** Signals carry the app's current settings, so a settings change applies from the next event on. */
export const presenceSignal = defineSignal<[PresenceUpdate & { settings: PresenceSettings }]>('presence');
export const messageSignal = defineSignal<[MessageForUser & { settings: PresenceSettings }]>('message');
export const userStateQuery = defineQuery<UserState>('state');

export interface UserWorkflowInput {
  appId: string;
  userId: string;
  settings: PresenceSettings;
  state?: UserState;
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

  setHandler(userStateQuery, () => state);
  setHandler(presenceSignal, (update) => {
    settings = update.settings;
    if (!firstSighting(state, update.eventId)) return;
    const late = update.online && state.presenceAt !== undefined && Date.parse(update.occurredAt) < Date.parse(state.presenceAt);
    applyPresence(state, update, late && patched(PATCH_LATE_ONLINE_ENDS_WINDOW));
  });
  setHandler(messageSignal, (message) => {
    settings = message.settings;
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

  for (;;) {
    if (patched(PATCH_NO_WINDOW_TIMER)) {
      // No timer at the window's end: onMessage compares the window with each message's time, and
      // readers of the state compare it with theirs, so a timer would cost a workflow task and
      // change nothing.
      await condition(() => due.length > 0 || historyTooLong());
    } else {
      // Workflows started before PATCH_NO_WINDOW_TIMER replay their window timers here.
      const windowLeft = state.windowUntil ? Date.parse(state.windowUntil) - Date.now() : undefined;
      const woken = await (windowLeft !== undefined && windowLeft > 0
        ? condition(() => due.length > 0 || historyTooLong() || !state.windowUntil, windowLeft)
        : condition(() => due.length > 0 || historyTooLong()).then(() => true));
      if (!woken && state.windowUntil && Date.parse(state.windowUntil) <= Date.now()) state.windowUntil = undefined;
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
      if (due.length > 0) continue;
      await continueAsNew<typeof userWorkflow>({ ...input, settings, state });
    }
  }
}
