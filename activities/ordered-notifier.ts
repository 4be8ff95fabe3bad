// Wakes an ordered endpoint's workflow (signalWithStart): created at the endpoint's first queued
// delivery, found on every later one. The signal carries nothing: the queue is in PostgreSQL.
import { readable } from '../domain/readable-summary';
import type { Client } from '@temporalio/client';
import { appSearchAttributes } from '../domain/search-attributes';
import { orderedWorkflowId } from '../domain/event-envelope';

export function createOrderedNotifier(client: Client, taskQueue: string) {
  return async function wakeOrdered(appId: string, endpointId: string): Promise<void> {
    await client.workflow.signalWithStart('orderedEndpointWorkflow', {
      taskQueue,
      workflowId: orderedWorkflowId(appId, endpointId),
      args: [{ appId, endpointId }],
      signal: 'wake',
      signalArgs: [],
      typedSearchAttributes: appSearchAttributes(appId),
      staticSummary: readable(`ordered deliveries to ${endpointId}`),
    });
  };
}
