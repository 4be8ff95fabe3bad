// Reads an SMS contact's state from its entity workflow with a query.
import type { Client } from '@temporalio/client';
import { contactWorkflowId, type ContactState } from '../domain/contacts';
import { queryEntityState } from './entity-state';

export interface ContactReader {
  /** Undefined when Herald has never had an event for this contact. */
  get(appId: string, contactId: string): Promise<ContactState | undefined>;
}

export function createContactReader(client: Client): ContactReader {
  return { get: (appId, contactId) => queryEntityState<ContactState>(client, contactWorkflowId(appId, contactId)) };
}
