// One workflow per ordered endpoint (id `ordered/<appId>/<endpointId>`), woken by every event
// queued for it: it delivers the endpoint's queue one event at a time, oldest received first,
// and while one waits for a retry the next waits too. The queue is in PostgreSQL (`queued`
// deliveries), so the workflow holds only where it is; it continues as new before its history
// grows long, and ends when the endpoint is deleted.
import { readable } from '../domain/readable-summary';
import {
  condition,
  continueAsNew,
  defineSignal,
  isCancellation,
  log,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../activities';

const options: LocalActivityOptions = {
  startToCloseTimeout: '5 minutes',
  localRetryThreshold: '2 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
const { nextOrdered, deliverOrdered, recordRound } = proxyLocalActivities<Activities>(options);

/** Sent by each round that queues an event for the endpoint. */
export const wakeSignal = defineSignal('wake');

/** Attempts per run before it continues as new. */
const ATTEMPTS_PER_RUN = 200;
/** How long the head of the queue waits for an earlier event still being routed, at most. */
const WAIT_FOR_EARLIER_MS = 60_000;
/** Herald's own failure (PostgreSQL away) outlasting the activity's retries: the same attempt again after this. */
const OUTAGE_WAIT = '1 minute';

export interface OrderedInput {
  appId: string;
  endpointId: string;
  /** Receipt time (PostgreSQL's text) of the last event delivered: carried by continue-as-new. */
  after?: string;
}

export async function orderedEndpointWorkflow(input: OrderedInput): Promise<void> {
  const { appId, endpointId } = input;
  let wakes = 0;
  setHandler(wakeSignal, () => void wakes++);
  let after = input.after;
  let attempts = 0;
  let waiting: { eventId: string; since: number } | undefined;
  const again = () => continueAsNew<typeof orderedEndpointWorkflow>({ appId, endpointId, ...(after && { after }) });
  const longHistory = () => workflowInfo().continueAsNewSuggested;
  const show = (now: string) => setCurrentDetails(`Endpoint \`${endpointId}\` gets one event at a time, in the order received.\n\n- ${now}`);

  /** Herald's own failures (PostgreSQL away) are waited out, never skipped: the order holds. */
  async function untilDone<T>(what: string, run: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await run();
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.warn(`Herald could not ${what}; trying again after ${OUTAGE_WAIT}`, { endpointId, error: (err as Error).message });
        show(`waiting: Herald could not ${what}`);
        await sleep(OUTAGE_WAIT, { summary: readable(`wait: Herald could not ${what}`) });
        if (longHistory()) await again();
      }
    }
  }

  // One attempt per turn of the loop. A delivery under way stays the head of the queue (it is
  // `retrying` in PostgreSQL), so a new run — after continue-as-new, or a terminate — resumes it,
  // waiting what is left of its retry wait.
  for (;;) {
    if (attempts >= ATTEMPTS_PER_RUN || longHistory()) return again();
    const seen = wakes;
    const next = await untilDone('read the queue', () =>
      nextOrdered.executeWithOptions({ ...options, summary: readable('take the oldest queued event') }, [{ appId, endpointId, ...(after && { after }) }]),
    );
    if (next.kind === 'gone') return;
    if (next.kind === 'idle') {
      // No longer ordered: later events go in parallel, and nothing will wake this one.
      if (!next.ordered) return;
      show('idle: nothing queued');
      await condition(() => wakes > seen || longHistory());
      continue;
    }
    // An event received just before this one is still being routed: let it take its place first.
    if (next.waitFor) {
      if (waiting?.eventId !== next.eventId) waiting = { eventId: next.eventId, since: Date.now() };
      if (Date.now() - waiting.since < WAIT_FOR_EARLIER_MS) {
        await condition(() => wakes > seen, '1 second');
        continue;
      }
      log.warn('an earlier event was not routed in time; delivering the next without it', { endpointId, eventId: next.eventId });
    }
    waiting = undefined;
    const due = next.nextAttemptAt ? Date.parse(next.nextAttemptAt) - Date.now() : 0;
    if (due > 0) {
      // A wake (a new event, the endpoint deleted or no longer ordered) looks at the queue again.
      show(`waiting ${Math.round(due / 1000)} s before attempt ${next.attempts + 1} of event \`${next.eventId}\`; the queue waits`);
      if (await condition(() => wakes > seen || longHistory(), due)) continue;
    }

    const attempt = next.attempts + 1;
    show(`delivering event \`${next.eventId}\`, attempt ${attempt}`);
    const outcome = await untilDone(`deliver ${next.eventId}`, () =>
      deliverOrdered.executeWithOptions({ ...options, summary: readable(`deliver ${next.eventId} (attempt ${attempt})`) }, [{ appId, endpointId, eventId: next.eventId, attempt, ...(due > 0 && { waitedMs: due }) }]),
    );
    attempts++;
    // Made but not written: written before anything else, or the same attempt would be made again.
    if (outcome.unrecorded && outcome.event) {
      const record = { event: outcome.event, attempts: outcome.unrecorded };
      await untilDone('record the attempt', () => recordRound.executeWithOptions({ ...options, summary: readable('record the attempt') }, [record]));
    }
    // Delivered or ended: the next. Else it stays the head, `retrying` until its next attempt is due.
    if (outcome.retryInMs === undefined) after = next.receivedAt;
  }
}
