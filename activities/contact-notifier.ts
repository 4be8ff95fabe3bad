// Hands what an event says about an SMS contact to the contact's entity workflow with
// signalWithStart: created on the contact's first event, found on every later one.
import { readable } from '../domain/readable-summary';
import type { Client } from '@temporalio/client';
import { contactWorkflowId, type ContactSettings, type ContactUpdate } from '../domain/contacts';
import { appSearchAttributes } from '../domain/search-attributes';

export interface ContactNotification {
  appId: string;
  contactId: string;
  settings: ContactSettings;
  update: ContactUpdate;
}

export function createContactNotifier(client: Client, taskQueue: string) {
  return async function notifyContact(n: ContactNotification): Promise<void> {
    await client.workflow.signalWithStart('contactWorkflow', {
      taskQueue,
      workflowId: contactWorkflowId(n.appId, n.contactId),
      args: [{ appId: n.appId, contactId: n.contactId, settings: n.settings }],
      signal: 'contact',
      signalArgs: [{ ...n.update, settings: n.settings }],
      typedSearchAttributes: appSearchAttributes(n.appId),
      staticSummary: readable(`contact ${n.contactId}`),
    });
  };
}
