// Starts an event's workflow. The workflow id is the idempotency key: a second start for the same
// event finds the first (running or finished) and starts nothing.
import { readable } from '../domain/readable-summary';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { workflowIdOf, type HeraldEvent } from '../domain/event-envelope';
import { eventSearchAttributes } from '../domain/search-attributes';
import type { InFlightGate } from './in-flight-gate';

export interface StartOptions {
  /** What the workflow's summary says after the event's type (by default, the event's id). */
  summary?: string;
  /** Give the workflow Herald's search attributes (default); off only on a server without them. */
  indexed?: boolean;
}

export interface EventStarter {
  /** Resolves to false when the workflow already existed. */
  start(event: HeraldEvent, options?: StartOptions): Promise<boolean>;
}

export function createEventStarter(
  client: Client,
  options: { taskQueue: string; eagerStart: boolean; gate?: InFlightGate },
): EventStarter {
  return {
    async start(event, { summary, indexed = true } = {}) {
      const workflowId = workflowIdOf(event);
      const release = await options.gate?.enter(workflowId);
      try {
        await client.workflow.start('eventWorkflow', {
          taskQueue: options.taskQueue,
          workflowId,
          args: [event],
          // A finished workflow's id is not reused either: a re-posted event is delivered once.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          ...(indexed && { typedSearchAttributes: eventSearchAttributes(event) }),
          // Readable without the codec (domain/readable-summary.ts); the details below are encrypted with the event.
          staticSummary: readable(
            summary
              ? `${event.type} · ${summary}`
              : event.replay
                ? `${event.type} · replay ${event.replay.id} of event ${event.id}${event.replay.endpointId ? ` to ${event.replay.endpointId}` : ''}`
                : `${event.type} · event ${event.id}`,
          ),
          staticDetails: `App \`${event.appId}\`, event \`${event.id}\` of type \`${event.type}\`, occurred ${event.occurredAt}.`,
          // Hands the first workflow task straight to a worker in this process when there is one.
          requestEagerStart: options.eagerStart,
        });
        return true;
      } catch (err) {
        // Gives back only this start's share: a repeat POST racing the first start of the same
        // event fails with AlreadyStarted, and must not free the slot the first still holds.
        release?.();
        if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw err;
      }
    },
  };
}
