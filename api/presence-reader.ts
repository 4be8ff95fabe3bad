// Reads a user's presence from its entity workflow with a query.
import type { Client } from '@temporalio/client';
import { userWorkflowId, type UserState } from '../domain/presence';
import { queryEntityState } from './entity-state';
import type { PolicyState } from '../domain/notification-policy';

export interface PresenceReader {
  /** Undefined when Herald has never had an event for this user. */
  get(appId: string, userId: string): Promise<UserState | undefined>;
  /** The sends the user's workflow holds; undefined when it has no workflow. */
  held(appId: string, userId: string): Promise<PolicyState | undefined>;
}

export function createPresenceReader(client: Client): PresenceReader {
  return {
    get: (appId, userId) => queryEntityState<UserState>(client, userWorkflowId(appId, userId)),
    held: (appId, userId) => queryEntityState<PolicyState>(client, userWorkflowId(appId, userId), 'held'),
  };
}
