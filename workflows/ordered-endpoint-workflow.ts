// One workflow per ordered endpoint (id `ordered/<appId>/<endpointId>`), woken by every event
// queued for it: it delivers the endpoint's queue one event at a time, oldest received first,
// and while one waits for a retry the next waits too. The queue is in PostgreSQL (`queued`
// deliveries), so the workflow holds only where it is; it continues as new before its history
// grows long, and ends when the endpoint is deleted.
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

/** Deliveries per run before it continues as new. */
const DELIVERIES_PER_RUN = 200;
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
  let delivered = 0;
  let waiting: { eventId: string; since: number } | undefined;

  for (;;) {
    if (delivered >= DELIVERIES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof orderedEndpointWorkflow>({ appId, endpointId, ...(after && { after }) });
    }
    const seen = wakes;
    const next = await nextOrdered.executeWithOptions({ ...options, summary: 'take the oldest queued event' }, [{ appId, endpointId, ...(after && { after }) }]);
    if (next.kind === 'gone') return;
    if (next.kind === 'idle') {
      setCurrentDetails(`Endpoint \`${endpointId}\` delivers one event at a time, in the order received. Idle: nothing queued.`);
      await condition(() => wakes > seen);
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
    await deliver(appId, endpointId, next.eventId);
    after = next.receivedAt;
    delivered++;
  }
}

/** One queued event, through its retries on durable timers: nothing after it goes meanwhile. */
async function deliver(appId: string, endpointId: string, eventId: string): Promise<void> {
  let attempt = 1;
  for (;;) {
    setCurrentDetails(`Endpoint \`${endpointId}\` delivers one event at a time, in the order received.\n\n- now: event \`${eventId}\`, attempt ${attempt}`);
    let outcome;
    try {
      outcome = await deliverOrdered.executeWithOptions({ ...options, summary: `deliver ${eventId} (attempt ${attempt})` }, [{ appId, endpointId, eventId, attempt }]);
    } catch (err) {
      if (isCancellation(err)) throw err;
      // The order holds: the same attempt is made again once Herald is back, never skipped.
      log.warn('Herald could not make an ordered attempt; trying again', { endpointId, eventId, error: (err as Error).message });
      await sleep(OUTAGE_WAIT, { summary: `wait: Herald could not deliver ${eventId}` });
      continue;
    }
    if (outcome.unrecorded && outcome.event) {
      const record = { event: outcome.event, attempts: outcome.unrecorded };
      await recordRound.executeWithOptions({ ...options, summary: 'record the attempt' }, [record]).catch((err: unknown) => {
        if (isCancellation(err)) throw err;
        log.error('an ordered attempt was made but could not be recorded', { endpointId, eventId, error: (err as Error).message });
      });
    }
    if (outcome.retryInMs === undefined) return;
    setCurrentDetails(
      `Endpoint \`${endpointId}\` delivers one event at a time, in the order received.\n\n- now: event \`${eventId}\`, retrying in ${Math.round(outcome.retryInMs / 1000)} s (attempt ${attempt}: ${outcome.error ?? ''}); the queue waits`,
    );
    await sleep(outcome.retryInMs, { summary: `wait before attempt ${attempt + 1} of ${eventId}` });
    attempt++;
  }
}
