// Hands an event to its user's entity workflow with signalWithStart: the workflow is created on
// the user's first event and found on every later one.
import { readable } from '../domain/readable-summary';
import type { Client } from '@temporalio/client';
import type { MessageForUser, PresenceSettings, PresenceUpdate } from '../domain/presence';
import { userWorkflowId } from '../domain/presence';
import { appSearchAttributes } from '../domain/search-attributes';

export type UserNotification =
  | { appId: string; userId: string; settings: PresenceSettings; presence: PresenceUpdate }
  | { appId: string; userId: string; settings: PresenceSettings; message: MessageForUser };

export function createPresenceNotifier(client: Client, taskQueue: string) {
  return async function notifyUser(n: UserNotification): Promise<void> {
    const [signal, payload] =
      'presence' in n ? (['presence', { ...n.presence, settings: n.settings }] as const) : (['message', { ...n.message, settings: n.settings }] as const);
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
