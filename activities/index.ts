// Everything the workflows may do to the outside world, built once per worker from its deps.
// Workflows see only the type of this object (import type), never the code.
import type { Pool } from '../db/pool';
import type { SecretBox } from '../domain/secret-box';
import { eventWorkflowId, type HeraldEvent } from '../domain/event-envelope';
import type { PresenceSettings } from '../domain/presence';
import { createEventsRepository } from '../db/events-repository';
import { createEndpointsRepository } from '../db/endpoints-repository';
import { createWebhookChannel, type AttemptOutcome, type WebhookAttempt } from './channels/webhook';
import type { HttpPoster } from './channels/http-post';
import type { Client } from '@temporalio/client';
import { createPresenceNotifier, type UserNotification } from './presence-notifier';

export type { AttemptOutcome } from './channels/webhook';

export interface ActivityDeps {
  pool: Pool;
  secretBox: SecretBox;
  poster: HttpPoster;
  /** For handing events to entity workflows (signalWithStart), on the worker's own task queue. */
  temporal: { client: Client; taskQueue: string };
  /** Told when an event's first round is done, where the API in this process bounds starts. */
  onFirstRound?: (workflowId: string) => void;
}

export interface FirstRound {
  retrySchedule: number[];
  presence: PresenceSettings;
  /** Does any enabled endpoint of the app want message.offline? If not, messages need no user workflow. */
  offlineNoticesWanted: boolean;
  outcomes: AttemptOutcome[];
}

export function createActivities({ pool, secretBox, poster, temporal, onFirstRound }: ActivityDeps) {
  const events = createEventsRepository(pool, secretBox);
  const endpoints = createEndpointsRepository(pool, secretBox);
  const attemptWebhook = createWebhookChannel(poster);
  const notifyUser = createPresenceNotifier(temporal.client, temporal.taskQueue);

  /** One write for the whole round, then the endpoints that asked (or earned) to be disabled. */
  async function record(event: HeraldEvent, attempts: WebhookAttempt[]): Promise<AttemptOutcome[]> {
    await events.recordAttempts(event, attempts.map((a) => a.record));
    for (const { outcome } of attempts) {
      if (outcome.disabledReason) await endpoints.setStatus(event.appId, outcome.endpointId, 'disabled', outcome.disabledReason);
    }
    return attempts.map((a) => a.outcome);
  }

  return {
    /**
     * Routes the event and makes the first attempt to every endpoint that wants it, in parallel,
     * in one local activity: one read, the POSTs, one write. The common case (every receiver
     * answers 2xx) costs the workflow no further round trip.
     */
    async deliverEvent(event: HeraldEvent): Promise<FirstRound> {
      const { settings, targets, offlineNoticesWanted } = await events.targets(event.appId, event.type);
      const attempts = await Promise.all(targets.map((t) => attemptWebhook(event, t, 1, settings.retrySchedule)));
      onFirstRound?.(eventWorkflowId(event.appId, event.id));
      return {
        retrySchedule: settings.retrySchedule,
        presence: { offlineSuppressionSeconds: settings.offlineSuppressionSeconds, unknownUsersAreOffline: settings.unknownUsersAreOffline },
        offlineNoticesWanted,
        outcomes: await record(event, attempts),
      };
    },

    /** Hands a presence change or a waiting message to the user's entity workflow. */
    async notifyUser(notification: UserNotification): Promise<void> {
      await notifyUser(notification);
    },

    /** One later attempt to one endpoint; skipped when the endpoint was disabled meanwhile. */
    async retryDelivery(input: {
      event: HeraldEvent;
      endpointId: string;
      attempt: number;
      retrySchedule: number[];
    }): Promise<AttemptOutcome> {
      const { event, endpointId, attempt } = input;
      const endpoint = await endpoints.getWithSecrets(event.appId, endpointId);
      if (!endpoint || endpoint.status !== 'enabled') {
        const reason = endpoint ? `endpoint disabled: ${endpoint.disabledReason ?? 'by the app'}` : 'endpoint deleted';
        await events.markSkipped(event.appId, event.id, endpointId, reason);
        return { endpointId, url: endpoint?.url ?? '', attempt, verdict: 'failed', error: reason };
      }
      const result = await attemptWebhook(event, { ...endpoint, endpointId }, attempt, input.retrySchedule);
      return (await record(event, [result]))[0];
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
