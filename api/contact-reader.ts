// Reads an SMS contact's state from its entity workflow with a query (the Temporal UI shows the
// same state in the workflow's Queries tab).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { contactWorkflowId, type ContactState } from '../domain/contacts';

export interface ContactReader {
  /** Undefined when Herald has never had an event for this contact. */
  get(appId: string, contactId: string): Promise<ContactState | undefined>;
}

export function createContactReader(client: Client): ContactReader {
  return {
    async get(appId, contactId) {
      try {
        return await client.workflow.getHandle(contactWorkflowId(appId, contactId)).query<ContactState>('state');
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
  };
}
