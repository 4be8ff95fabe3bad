// Wakes an ordered endpoint's workflow from the API when the endpoint is deleted or stops being
// ordered, so that it sees so and ends instead of idling for ever. No workflow, nothing to do.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { orderedWorkflowId } from '../domain/event-envelope';

export type OrderedWaker = (appId: string, endpointId: string) => Promise<void>;

export function createOrderedWaker(client: Client): OrderedWaker {
  return async (appId, endpointId) => {
    try {
      await client.workflow.getHandle(orderedWorkflowId(appId, endpointId)).signal('wake');
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  };
}
