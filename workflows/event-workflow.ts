// One workflow per event (id `event/<appId>/<eventId>`): fan out to every endpoint that wants it,
// then retry the failures on durable timers. Deterministic: activities are imported as types only.
import { readable, summaryTarget } from '../domain/readable-summary';
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineSignal,
  isCancellation,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  sleep,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type Duration } from '@temporalio/common';
import type { Activities, AttemptOutcome, SlowRound } from '../activities';
import { SLOW_ROUND_SIGNAL, SLOW_ROUND_WAIT } from '../domain/slow-round';
import { eventWorkflowId, type HeraldEvent } from '../domain/event-envelope';
import { userTouchedBy } from '../domain/presence';
import { contactUpdateOf, contactWorkflowId } from '../domain/contacts';
import { cutText } from '../domain/text-cut';
import { eventSearchAttributes } from '../domain/search-attributes';

// Local activities: a delivery attempt is short, and a local activity costs no extra round trip
// to the Temporal server. Temporal's retry here is for Herald's own failures (PostgreSQL away),
// not the receiver's: those come back as an outcome and are retried on the app's schedule. It is
// bounded (about four minutes); beyond 2 s between tries the waits are durable timers. A round
// fits well inside its timeout (a read and a write of at most 40 s each around POSTs of at most
// HERALD_WEBHOOK_TIMEOUT_MS, 120 s): a round that timed out would run again and re-send.
const localOptions: LocalActivityOptions = {
  startToCloseTimeout: '5 minutes',
  localRetryThreshold: '2 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
const { deliverEvent, retryDelivery, recordRound, failDelivery, notifyUser, notifyContact, pushToUser, startEvent, ackToUsers } = proxyLocalActivities<Activities>(localOptions);

// The first round's slow deliveries (those past HERALD_ROUND_BUDGET_MS) are reported by the
// process that sent them (domain/slow-round.ts). If it never does (it died), an activity makes
// them again, holding no workflow task while it waits: it covers a receiver's longest answer
// (HERALD_WEBHOOK_TIMEOUT_MS, 120 s at most) and the write, and its heartbeat shows a dead worker
// in seconds (the next try makes them again, with the same webhook-id).
const slowRoundSignal = defineSignal<[SlowRound]>(SLOW_ROUND_SIGNAL);
const { finishRound } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Versioning (workflows/README.md): offline notices also push to the user's devices. */
const PATCH_PUSH_NOTICES = 'push-offline-notices';
/** Versioning: a notice's pushes start beside its first webhook round, not after it. */
const PATCH_PUSH_BESIDE_FIRST_ROUND = 'push-beside-first-round';

/** Versioning: events Herald says itself are started by a local activity, not as child workflows. */
const PATCH_EVENTS_STARTED_BY_ACTIVITY = 'events-started-by-activity';
/** Each device's push retry waits for its own due time (one FCM Retry-After held back every device's). */
const PATCH_PUSH_RETRY_PER_DEVICE = 'push-retry-per-device';

/** Herald's own failure outlasting those retries: tried again after each of these waits, then given up. */
const HERALD_FAILURE_WAITS: Duration[] = ['1 minute', '10 minutes', '1 hour', '6 hours'];

/**
 * Runs an activity through Herald's own outages. A non-retryable failure (PostgreSQL refusing a
 * statement for its content) is final at once; any other is tried again after durable waits.
 * Past the last, or when final, throws an ApplicationFailure naming what could not be done.
 * Not an async function: the common case (the first try succeeds) then makes one promise, and
 * each promise a workflow makes costs the SDK a stack trace.
 */
function throughOutages<T>(what: string, run: () => Promise<T>): Promise<T> {
  return run().catch((err: unknown) => afterOutage(what, run, err));
}

async function afterOutage<T>(what: string, run: () => Promise<T>, failure: unknown): Promise<T> {
  let err = failure;
  for (let i = 0; ; i++) {
    if (isCancellation(err)) throw err;
    const cause = err instanceof ActivityFailure && err.cause ? err.cause : (err as Error);
    const final = cause instanceof ApplicationFailure && cause.nonRetryable;
    if (final || i >= HERALD_FAILURE_WAITS.length) {
      throw ApplicationFailure.nonRetryable(`Herald could not ${what}: ${cause.message}`, 'HeraldFailure');
    }
    log.warn(`Herald could not ${what}; trying again after ${String(HERALD_FAILURE_WAITS[i])}`, { cause: cause.message });
    await sleep(HERALD_FAILURE_WAITS[i], { summary: readable(`wait: Herald could not ${what}`) });
    try {
      return await run();
    } catch (next) {
      err = next;
    }
  }
}

export interface EventWorkflowResult {
  deliveries: { endpointId: string; url: string; verdict: AttemptOutcome['verdict']; attempts: number }[];
}

export async function eventWorkflow(event: HeraldEvent): Promise<EventWorkflowResult> {
  const latest = new Map<string, AttemptOutcome>();
  const problems: string[] = [];
  const pushes = new Map<string, string>();
  /** The first round's deliveries still waiting for a slow receiver's answer. */
  const waitingFor = new Set<string>();
  const refresh = () => report(latest, problems, pushes, waitingFor);
  // The first report of the first round's slow receivers counts (a repeat changes nothing).
  let slowRound: SlowRound | undefined;
  setHandler(slowRoundSignal, (round) => {
    slowRound ??= round;
  });
  const notice = event.type === 'message.offline' && !event.replay;
  // A notice's pushes start beside its first webhook round: a slow receiver does not hold up
  // the user's phone.
  let pushing = notice && patched(PATCH_PUSH_BESIDE_FIRST_ROUND) ? push(event, problems, pushes, refresh) : undefined;

  // Without its first round the event has nothing: a final failure fails the workflow, with the
  // reason on its page in the Temporal UI (the event stays stored, `accepted`).
  const first = await throughOutages('route the event and make its first attempts', () =>
    deliverEvent.executeWithOptions({ ...localOptions, summary: readable(`route ${event.type} and deliver`) }, [event]),
  );
  for (const o of first.outcomes) latest.set(o.endpointId, o);
  for (const id of first.pending ?? []) waitingFor.add(id);
  if (first.unrecorded) await recordLate(event, first.unrecorded, problems);
  refresh();
  // Receivers slower than the round's budget: collected beside everything below. Handled at once
  // as well as below: a cancellation meanwhile must not leave it an unhandled rejection.
  const finishing = first.pending
    ? collectSlow(event, first.pending, first.pendingWaitMs ?? SLOW_ROUND_WAIT, first.retrySchedule, latest, problems, refresh, waitingFor, () => slowRound)
    : undefined;
  finishing?.catch(() => undefined);
  for (const o of first.outcomes) if (o.rejection) await emitEvent(o.rejection, `${summaryTarget(o)} refused ${event.type} ${event.id}`);

  // What an event says about an SMS contact goes on to that contact's entity workflow (rounds
  // recorded before contacts existed carry no contact settings, and hand nothing on).
  // A replay only delivers again: what the event told entities and devices was told once.
  const contact = first.contact && !event.replay ? contactUpdateOf(event.type, event.id, event.occurredAt, event.data) : undefined;
  if (contact && first.contact) {
    const notification = { appId: event.appId, contactId: contact.contactId, settings: first.contact, update: contact.update };
    const to = contactWorkflowId(event.appId, contact.contactId);
    await throughOutages(`hand the event to ${to}`, () => notifyContact.executeWithOptions({ ...localOptions, summary: readable(`hand to ${to}`) }, [notification]));
  }

  // Presence changes and messages for a user go on to that user's entity workflow, which decides
  // whether a message.offline notice is due. Messages go only when someone would hear the notice:
  // otherwise the user's workflow would do work nobody receives.
  const user = event.replay ? undefined : userTouchedBy(event.type, event.data);
  // Held sends for the user a message is handed to ride on that hand-off: one signal, not two.
  const sendsAlong = first.forUser && user?.kind === 'message' && first.offlineNoticesWanted && first.forUser.userId === user.userId ? first.forUser : undefined;
  if (user && (user.kind === 'presence' || first.offlineNoticesWanted)) {
    const base = { appId: event.appId, userId: user.userId, settings: first.presence };
    const notification =
      user.kind === 'presence'
        ? { ...base, presence: { eventId: event.id, online: user.online, occurredAt: event.occurredAt } }
        : {
            ...base,
            message: {
              eventId: event.id,
              type: event.type,
              occurredAt: event.occurredAt,
              ...(typeof event.data.messageId === 'string' && { messageId: event.data.messageId }),
              ...(typeof event.data.from === 'string' && { from: event.data.from }),
              ...(typeof event.data.body === 'string' && event.data.body !== '' && { preview: cutText(event.data.body) }),
              ...(sendsAlong && { sends: { eventId: sendsAlong.eventId, sends: sendsAlong.sends } }),
            },
          };
    const summary = `hand to user/${event.appId}/${user.userId}`;
    await throughOutages(`hand the event to user/${event.appId}/${user.userId}`, () =>
      notifyUser.executeWithOptions({ ...localOptions, summary: readable(summary) }, [notification]),
    );
  }

  // Sends to the event's user that wait (a route's delay, digest or throttle; quiet hours) go to
  // the user's workflow, which makes them in their time; an ack goes to those waiting on its message.
  if (first.forUser && !sendsAlong) {
    const forUser = first.forUser;
    const to = `user/${event.appId}/${forUser.userId}`;
    await throughOutages(`hand the held sends to ${to}`, () =>
      notifyUser.executeWithOptions({ ...localOptions, summary: readable(`hold ${forUser.sends.length} send${forUser.sends.length === 1 ? '' : 's'} in ${to}`) }, [
        { appId: event.appId, userId: forUser.userId, settings: first.presence, sends: { eventId: forUser.eventId, sends: forUser.sends } },
      ]),
    );
  }
  if (first.ack) {
    const ack = first.ack;
    await throughOutages(`tell the users waiting on message ${ack.messageId}`, () =>
      ackToUsers.executeWithOptions({ ...localOptions, summary: readable(`${ack.type}: tell ${ack.userIds.length} waiting user${ack.userIds.length === 1 ? '' : 's'}`) }, [
        { appId: event.appId, userIds: ack.userIds, type: ack.type, messageId: ack.messageId },
      ]),
    );
  }

  // Workflows started before PATCH_PUSH_BESIDE_FIRST_ROUND push here, after the first round.
  pushing ??= notice && patched(PATCH_PUSH_NOTICES) ? push(event, problems, pushes, refresh) : undefined;

  // Only deliveries with a retry due wait here. Every promise made in a workflow costs the SDK a
  // stack trace (for the UI's stack view), so the common case (all delivered) makes none.
  const retrying = first.outcomes.filter((o) => o.retryInMs !== undefined);
  if (retrying.length > 0 || finishing) {
    await Promise.all([
      ...retrying.map((outcome) => follow(event, outcome, first.retrySchedule, latest, problems, refresh)),
      ...(finishing ? [finishing.then((rest) => Promise.all(rest.map((outcome) => follow(event, outcome, first.retrySchedule, latest, problems, refresh))))] : []),
    ]);
  }

  if (pushing) await pushing;
  return {
    deliveries: [...latest.values()].map((o) => ({
      endpointId: o.endpointId,
      url: o.url,
      verdict: o.verdict,
      attempts: o.attempt,
    })),
  };
}

/**
 * Collects the first round's deliveries that outlasted its budget: as the process that sent them
 * reports them (slowRoundSignal), or, when it never does (it died), made again by finishRound.
 * Returns those with a retry due. Past Herald's own outages they end failed, each with its reason.
 */
async function collectSlow(
  event: HeraldEvent,
  pending: string[],
  wait: Duration,
  retrySchedule: number[],
  latest: Map<string, AttemptOutcome>,
  problems: string[],
  refresh: () => void,
  waitingFor: Set<string>,
  reported: () => SlowRound | undefined,
): Promise<AttemptOutcome[]> {
  let rest: SlowRound;
  try {
    rest = (await condition(() => reported() !== undefined, wait))
      ? reported()!
      : await throughOutages(`make ${pending.length} slow deliveries again`, () =>
          finishRound.executeWithOptions({ summary: readable(`make ${pending.length} unreported slow deliver${pending.length === 1 ? 'y' : 'ies'} again`) }, [{ event, pending, retrySchedule }]),
        );
  } catch (err) {
    if (isCancellation(err)) throw err;
    const reason = (err as Error).message;
    problems.push(reason);
    waitingFor.clear();
    for (const endpointId of pending) {
      latest.set(endpointId, { endpointId, url: '', attempt: 1, verdict: 'failed', error: reason });
      await markFailed(event, endpointId, endpointId, reason);
    }
    refresh();
    return [];
  }
  for (const o of rest.outcomes) latest.set(o.endpointId, o);
  waitingFor.clear();
  if (rest.unrecorded) await recordLate(event, rest.unrecorded, problems);
  refresh();
  for (const o of rest.outcomes) if (o.rejection) await emitEvent(o.rejection, `${summaryTarget(o)} refused ${event.type} ${event.id}`);
  return rest.outcomes.filter((o) => o.retryInMs !== undefined);
}

/** Ends a delivery Herald itself could not carry through; its row says so, if PostgreSQL lets it. */
async function markFailed(event: HeraldEvent, endpointId: string, target: string, reason: string): Promise<void> {
  await failDelivery
    .executeWithOptions({ ...localOptions, summary: readable(`mark the delivery to ${target} failed`) }, [
      { appId: event.appId, eventId: event.id, endpointId, reason, ...(event.replay && { replayId: event.replay.id }) },
    ])
    .catch(() => undefined);
}

/** One delivery's later attempts, each after its wait, until it is delivered or ends. */
async function follow(event: HeraldEvent, outcome: AttemptOutcome, retrySchedule: number[], latest: Map<string, AttemptOutcome>, problems: string[], refresh: () => void): Promise<void> {
  let current = outcome;
  while (current.retryInMs !== undefined) {
    const attempt = current.attempt + 1;
    await sleep(current.retryInMs, { summary: readable(`${current.slotted ? 'wait for the rate limit\'s slot' : 'wait'} before attempt ${attempt} to ${summaryTarget(current)}`) });
    const from = current;
    try {
      const { unrecorded, ...outcome } = await throughOutages(`make attempt ${attempt} to ${summaryTarget(from)}`, () =>
        retryDelivery.executeWithOptions({ ...localOptions, summary: readable(`attempt ${attempt} to ${summaryTarget(from)}`) }, [
          { event, endpointId: from.endpointId, attempt, retrySchedule, waitedMs: from.retryInMs, ...(from.slotted && { slotted: true }) },
        ]),
      );
      current = outcome;
      if (unrecorded) await recordLate(event, unrecorded, problems);
      if (outcome.rejection) await emitEvent(outcome.rejection, `${summaryTarget(from)} refused ${event.type} ${event.id}`);
    } catch (err) {
      if (isCancellation(err)) throw err;
      // This delivery ends here; the others go on. Its row says so, if PostgreSQL lets it.
      const reason = (err as Error).message;
      current = { ...from, attempt, verdict: 'failed', error: reason, retryInMs: undefined };
      problems.push(reason);
      await markFailed(event, from.endpointId, summaryTarget(from), reason);
    }
    latest.set(current.endpointId, current);
    refresh();
  }
}

/**
 * Pushes a notice to its user's devices; devices whose provider asked to wait are pushed again
 * on durable timers, as webhooks are. Dead tokens come back as message.rejected events, each
 * delivered by an event workflow of its own (so the app hears of it by webhook).
 */
async function push(event: HeraldEvent, problems: string[], lines: Map<string, string>, refresh: () => void): Promise<void> {
  let attempt = 1;
  let onlyTokens: string[] | undefined;
  let afterQuiet = false;
  const waiting = new Map<string, { dueAt: number; attempt: number }>();
  for (;;) {
    let round;
    try {
      round = await throughOutages(`push to user ${String(event.data.userId)}`, () =>
        pushToUser.executeWithOptions({ ...localOptions, summary: readable(`push to ${String(event.data.userId)}'s devices (attempt ${attempt})`) }, [
          { event, attempt, ...(onlyTokens && { onlyTokens }), atMs: Date.now(), ...(afterQuiet && { afterQuiet }) },
        ]),
      );
    } catch (err) {
      if (isCancellation(err)) throw err;
      problems.push((err as Error).message);
      refresh();
      return;
    }
    for (const o of round.outcomes) {
      const state = o.retryInMs !== undefined ? `retrying in ${Math.round(o.retryInMs / 1000)} s` : o.outcome;
      lines.set(o.token, `- push ${o.target}: ${state}, attempt ${o.attempt}${o.statusCode !== undefined ? `, ${o.statusCode}` : ''}${o.reason ? ` ${o.reason}` : ''}`);
    }
    refresh();
    if (round.unrecorded) {
      const records = round.unrecorded;
      try {
        await throughOutages('record a round of pushes', () =>
          recordRound.executeWithOptions({ ...localOptions, summary: readable('record the pushes') }, [{ event, attempts: [], records }]),
        );
      } catch (err) {
        if (isCancellation(err)) throw err;
        problems.push(`${(err as Error).message} (the pushes were made; their log is missing)`);
      }
    }
    for (const rejected of round.rejections) {
      try {
        await emitEvent(rejected, `push token of ${String(event.data.userId)} removed`);
      } catch (err) {
        if (isCancellation(err)) throw err;
      }
    }
    if (round.quietUntil !== undefined) {
      // The user's quiet hours hold the push: it goes when they end, judged again then (and
      // folded into a newer notice's push, if quiet hours held one too).
      await sleep(Math.max(1000, round.quietUntil - Date.now()), { summary: readable(`wait: ${String(event.data.userId)}'s quiet hours`) });
      afterQuiet = true;
      continue;
    }
    const retrying = round.outcomes.filter((o) => o.retryInMs !== undefined);
    // Nothing to wait for: no marker either (the common case costs nothing more).
    if (retrying.length === 0 && waiting.size === 0) return;
    if (!patched(PATCH_PUSH_RETRY_PER_DEVICE)) {
      // Workflows started before the patch replay their one wait for the slowest device here.
      await sleep(Math.max(...retrying.map((o) => o.retryInMs!)), { summary: readable(`wait before push attempt ${attempt + 1}`) });
      onlyTokens = retrying.map((o) => o.token);
      attempt++;
      continue;
    }
    // Each device waits for its own due time: a provider's Retry-After for one device holds no
    // other back. Devices due together at the same attempt share one activity.
    for (const o of retrying) waiting.set(o.token, { dueAt: Date.now() + o.retryInMs!, attempt: o.attempt + 1 });
    const nextAt = Math.min(...[...waiting.values()].map((w) => w.dueAt));
    const [first] = [...waiting.values()].filter((w) => w.dueAt === nextAt);
    await sleep(Math.max(1, nextAt - Date.now()), { summary: readable(`wait before push attempt ${first.attempt}`) });
    const due = [...waiting].filter(([, w]) => w.dueAt <= Date.now());
    attempt = Math.min(...due.map(([, w]) => w.attempt));
    onlyTokens = due.filter(([, w]) => w.attempt === attempt).map(([token]) => token);
    for (const token of onlyTokens) waiting.delete(token);
  }
}

/**
 * Records a round whose write failed in the activity that made it. Its POSTs are never made again;
 * if the write cannot be made at all, the round stays unrecorded and the workflow's page says so.
 */
async function recordLate(event: HeraldEvent, attempts: Parameters<Activities['recordRound']>[0]['attempts'], problems: string[]) {
  try {
    await throughOutages('record a round of attempts', () =>
      recordRound.executeWithOptions({ ...localOptions, summary: readable('record the attempts') }, [{ event, attempts }]),
    );
  } catch (err) {
    if (isCancellation(err)) throw err;
    problems.push(`${(err as Error).message} (the attempts were made; their log is missing)`);
  }
}

/** The Temporal UI shows this on the workflow's page: where each delivery and push went and how it stands. */
function report(latest: Map<string, AttemptOutcome>, problems: string[] = [], pushes: Map<string, string> = new Map(), waitingFor: Set<string> = new Set()): void {
  const trouble = problems.map((p) => `- Herald: ${p}`);
  const pushLines = [...pushes.values()];
  const slowLines = [...waitingFor].map((id) => `- ${id}: waiting for a slow receiver's answer, attempt 1`);
  if (latest.size === 0 && waitingFor.size === 0) {
    setCurrentDetails(['No enabled endpoint subscribes to this event type.', ...pushLines, ...trouble].join('\n'));
    return;
  }
  const outcomes = [...latest.values()];
  const lines = outcomes.map((o) => {
    const answer = o.statusCode !== undefined ? `HTTP ${o.statusCode}` : (o.error ?? '');
    const state = o.retryInMs !== undefined ? `retrying in ${Math.round(o.retryInMs / 1000)} s` : o.verdict;
    return `- ${o.url} (${o.endpointId}): ${state}, attempt ${o.attempt}, ${answer}${o.disabledReason ? ' — endpoint disabled' : ''}`;
  });
  // The same words as the API's event status, first, so the page says at a glance how it stands.
  const open = waitingFor.size > 0 || outcomes.some((o) => o.retryInMs !== undefined || o.verdict === 'held');
  // Skipped is no failure: the user's policy said not to send it (its reason is on its line).
  // Held: the user's workflow sends it (its page says when).
  const failed = outcomes.filter((o) => o.retryInMs === undefined && o.verdict !== 'delivered' && o.verdict !== 'skipped' && o.verdict !== 'held').length;
  const status = open ? 'delivering' : failed === 0 ? 'completed' : failed === outcomes.length ? 'failed' : 'completed_with_failures';
  const headline = `Status: ${status}${failed > 0 ? ` (${failed} of ${outcomes.length + waitingFor.size} deliveries failed)` : ''}`;
  setCurrentDetails([headline, ...lines, ...slowLines, ...pushLines, ...trouble].join('\n'));
}

/**
 * Events Herald says itself (message.offline, message.rejected, contact.bounced) are events of
 * their own, each delivered by its own event workflow (id `event/<app>/<id>`), independent of the
 * workflow that said it: their retries hold nothing back, and the operator finds them like any
 * other event.
 *
 * They are started by a local activity. A child workflow cost the sayer a second workflow task
 * (to record that the child started) and the child a trip through the task queue; the activity
 * starts it eagerly, in the same task. Its id makes the start idempotent: an activity run again
 * finds the workflow started and starts nothing.
 */
export async function emitEvent(event: HeraldEvent, summary: string, indexed = true): Promise<void> {
  if (patched(PATCH_EVENTS_STARTED_BY_ACTIVITY)) {
    const workflowId = eventWorkflowId(event.appId, event.id);
    // Never given up, as a child's start could not fail: a sayer that failed here would lose its
    // state (an entity) or its other deliveries. Past throughOutages' waits, tried every 6 hours.
    for (;;) {
      try {
        await throughOutages(`start ${workflowId}`, () =>
          startEvent.executeWithOptions({ ...localOptions, summary: readable(`start ${workflowId}`) }, [{ event, summary, indexed }]),
        );
        return;
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.error(`${(err as Error).message}; trying again in 6 hours`);
        await sleep('6 hours', { summary: readable(`wait: Herald could not start ${workflowId}`) });
      }
    }
  }
  // Workflows started before PATCH_EVENTS_STARTED_BY_ACTIVITY replay their child starts here.
  try {
    await startChild(eventWorkflow, {
      workflowId: eventWorkflowId(event.appId, event.id),
      args: [event],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      ...(indexed && { typedSearchAttributes: eventSearchAttributes(event) }),
      staticSummary: readable(`${event.type} · ${summary}`),
    });
  } catch (err) {
    // Said once already (a replayed round, a repeated signal): once is enough.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
