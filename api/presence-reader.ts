// Reads a user's presence from its entity workflow with a query (the Temporal UI shows the same
// state in the workflow's Queries tab).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { userWorkflowId, type UserState } from '../domain/presence';

export interface PresenceReader {
  /** Undefined when Herald has never had an event for this user. */
  get(appId: string, userId: string): Promise<UserState | undefined>;
}

export function createPresenceReader(client: Client): PresenceReader {
  return {
    async get(appId, userId) {
      try {
        return await client.workflow.getHandle(userWorkflowId(appId, userId)).query<UserState>('state');
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
  };
}
