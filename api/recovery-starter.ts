// Starts a recovery's workflow (workflows/recover-workflow.ts) on the worker's task queue.
import { readable } from '../domain/readable-summary';
import type { Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { appSearchAttributes } from '../domain/search-attributes';

export interface RecoveryStarter {
  /** Resolves to the workflow id. */
  start(input: { appId: string; endpointId: string; recoveryId: string; since: string; concurrency: number }): Promise<string>;
}

export const recoveryWorkflowId = (appId: string, endpointId: string, recoveryId: string) => `recover/${appId}/${endpointId}/${recoveryId}`;

export function createRecoveryStarter(client: Client, options: { taskQueue: string }): RecoveryStarter {
  return {
    async start({ since, ...input }) {
      const workflowId = recoveryWorkflowId(input.appId, input.endpointId, input.recoveryId);
      await client.workflow.start('recoverWorkflow', {
        taskQueue: options.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: appSearchAttributes(input.appId),
        staticSummary: readable(`recover · endpoint ${input.endpointId} since ${since}`),
        staticDetails: `Delivers again every event of app \`${input.appId}\` received since ${since} whose delivery to \`${input.endpointId}\` failed, ${input.concurrency} at a time.`,
      });
      return workflowId;
    },
  };
}
