// An entity workflow's state through its `state` query (the Temporal UI's Queries tab shows the
// same); undefined when Herald never started that entity.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';

export async function queryEntityState<T>(client: Client, workflowId: string, query = 'state'): Promise<T | undefined> {
  try {
    return await client.workflow.getHandle(workflowId).query<T>(query);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
