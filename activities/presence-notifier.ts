// Hands an event to its user's entity workflow with signalWithStart: the workflow is created on
// the user's first event and found on every later one.
import { readable } from '../domain/readable-summary';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { MessageForUser, PresenceSettings, PresenceUpdate } from '../domain/presence';
import { userWorkflowId } from '../domain/presence';
import { appSearchAttributes } from '../domain/search-attributes';
import { USER_SIGNALS, type SendForUser } from '../domain/notification-policy';

/**
 * Tells the workflows of users waiting on a message of an ack (message.read, …): their held sends
 * with that ack in cancelOn are cancelled. A user whose workflow is gone has nothing waiting.
 */
export function createAckNotifier(client: Client) {
  return async function ackToUsers(input: { appId: string; userIds: string[]; type: string; messageId: string }): Promise<void> {
    for (const userId of input.userIds) {
      try {
        await client.workflow.getHandle(userWorkflowId(input.appId, userId)).signal(USER_SIGNALS.ack, { type: input.type, messageId: input.messageId });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
  };
}

export type UserNotification =
  | { appId: string; userId: string; settings: PresenceSettings; presence: PresenceUpdate }
  | { appId: string; userId: string; settings: PresenceSettings; message: MessageForUser }
  | { appId: string; userId: string; settings: PresenceSettings; sends: SendsForUser };

/** Sends of one event the user's workflow holds (domain/notification-policy.ts); `eventId` makes a repeat a no-op. */
export interface SendsForUser {
  eventId: string;
  sends: SendForUser[];
}

export function createPresenceNotifier(client: Client, taskQueue: string) {
  return async function notifyUser(n: UserNotification): Promise<void> {
    const [signal, payload] =
      'presence' in n
        ? (['presence', { ...n.presence, settings: n.settings }] as const)
        : 'message' in n
          ? (['message', { ...n.message, settings: n.settings }] as const)
          : ([USER_SIGNALS.sends, { ...n.sends, settings: n.settings }] as const);
    await client.workflow.signalWithStart('userWorkflow', {
      taskQueue,
      workflowId: userWorkflowId(n.appId, n.userId),
      args: [{ appId: n.appId, userId: n.userId, settings: n.settings }],
      signal,
      signalArgs: [payload],
      typedSearchAttributes: appSearchAttributes(n.appId),
      staticSummary: readable(`user ${n.userId}`),
    });
  };
}
