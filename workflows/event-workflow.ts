// One workflow per event (id `event/<appId>/<eventId>`): fan out to every endpoint that wants it,
// then retry the failures on durable timers. Deterministic: activities are imported as types only.
import { proxyLocalActivities, setCurrentDetails, sleep, type LocalActivityOptions } from '@temporalio/workflow';
import type { Activities, AttemptOutcome } from '../activities';
import type { HeraldEvent } from '../domain/event-envelope';
import { userTouchedBy } from '../domain/presence';

// Local activities: a delivery attempt is short, and a local activity costs no extra round trip
// to the Temporal server. Temporal's retry here is for Herald's own failures (PostgreSQL away),
// not the receiver's: those come back as an outcome and are retried on the app's schedule.
const localOptions: LocalActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
const { deliverEvent, retryDelivery, notifyUser } = proxyLocalActivities<Activities>(localOptions);

export interface EventWorkflowResult {
  deliveries: { endpointId: string; url: string; verdict: AttemptOutcome['verdict']; attempts: number }[];
}

export async function eventWorkflow(event: HeraldEvent): Promise<EventWorkflowResult> {
  const first = await deliverEvent.executeWithOptions({ ...localOptions, summary: `route ${event.type} and deliver` }, [
    event,
  ]);
  const latest = new Map(first.outcomes.map((o) => [o.endpointId, o]));
  report(latest);

  // Presence changes and messages for a user go on to that user's entity workflow, which decides
  // whether a message.offline notice is due. Messages go only when someone would hear the notice:
  // otherwise the user's workflow would do work nobody receives.
  const user = userTouchedBy(event.type, event.data);
  if (user && (user.kind === 'presence' || first.offlineNoticesWanted)) {
    const base = { appId: event.appId, userId: user.userId, settings: first.presence };
    await notifyUser.executeWithOptions({ ...localOptions, summary: `hand to user/${event.appId}/${user.userId}` }, [
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
            },
          },
    ]);
  }

  await Promise.all(
    first.outcomes.map(async (outcome) => {
      let current = outcome;
      while (current.retryInMs !== undefined) {
        const attempt = current.attempt + 1;
        await sleep(current.retryInMs, { summary: `wait before attempt ${attempt} to ${current.url}` });
        current = await retryDelivery.executeWithOptions(
          { ...localOptions, summary: `attempt ${attempt} to ${current.url}` },
          [{ event, endpointId: current.endpointId, attempt, retrySchedule: first.retrySchedule }],
        );
        latest.set(current.endpointId, current);
        report(latest);
      }
    }),
  );

  return {
    deliveries: [...latest.values()].map((o) => ({
      endpointId: o.endpointId,
      url: o.url,
      verdict: o.verdict,
      attempts: o.attempt,
    })),
  };
}

/** The Temporal UI shows this on the workflow's page: where each delivery went and how it stands. */
function report(latest: Map<string, AttemptOutcome>): void {
  if (latest.size === 0) {
    setCurrentDetails('No enabled endpoint subscribes to this event type.');
    return;
  }
  const lines = [...latest.values()].map((o) => {
    const answer = o.statusCode !== undefined ? `HTTP ${o.statusCode}` : (o.error ?? '');
    const state = o.retryInMs !== undefined ? `retrying in ${Math.round(o.retryInMs / 1000)} s` : o.verdict;
    return `- ${o.url} (${o.endpointId}): ${state}, attempt ${o.attempt}, ${answer}${o.disabledReason ? ' — endpoint disabled' : ''}`;
  });
  setCurrentDetails(lines.join('\n'));
}
