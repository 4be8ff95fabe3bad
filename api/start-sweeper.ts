// Starts the workflows of events that were stored but answered 503 because Temporal was away:
// every API process sweeps (starting is idempotent by workflow id, so two sweeping the same event
// start it once), backing off per event while Temporal stays away.
import type { Logger } from 'pino';
import type { UnstartedEventsRepository } from '../db/unstarted-events-repository';
import type { EventStarter } from '../runtime/event-starter';

const BATCH = 100;
const MAX_BACKOFF_MS = 5 * 60_000;

export function createStartSweeper(deps: { unstarted: UnstartedEventsRepository; starter: EventStarter; log: Logger; everyMs: number }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  /** One pass: starts what is due; returns how many were started (or found started). */
  async function sweep(): Promise<number> {
    let started = 0;
    for (const { event, routed, attempts } of await deps.unstarted.due(BATCH)) {
      if (stopped) break;
      try {
        if (!routed) await deps.starter.start(event);
        await deps.unstarted.done(event.appId, event.id);
        started++;
        deps.log.info({ appId: event.appId, eventId: event.id, attempts }, 'started an event whose first start had failed');
      } catch (err) {
        const retryInMs = Math.min(MAX_BACKOFF_MS, 5000 * 2 ** attempts);
        await deps.unstarted.failed(event.appId, event.id, (err as Error).message, retryInMs);
      }
    }
    return started;
  }

  function schedule(): void {
    if (stopped) return;
    // Jittered, so several API processes do not sweep in step.
    timer = setTimeout(() => {
      running = sweep()
        .catch((err) => deps.log.warn({ err }, 'the start sweeper could not sweep; trying again later'))
        .then(() => undefined)
        .finally(schedule);
    }, deps.everyMs * (0.75 + Math.random() / 2));
    timer.unref();
  }

  return {
    sweep,
    start: schedule,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
