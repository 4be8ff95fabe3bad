import { request, Agent } from 'node:http';
import type { Client } from '@temporalio/client';

export function createCeilingActivities(
  agent: Agent,
  onDone: (url: string, body: string) => void = () => undefined,
  /** Where ceilingPresenceWorkflow's entity workflows run (the presence scenario's ceiling). */
  entities?: { client: Client; taskQueue: string },
) {
  return {
    async post(url: string, body: string): Promise<number> {
      const status = await postJson(agent, url, body);
      onDone(url, body);
      return status;
    },
    async touch(entityId: string): Promise<void> {
      if (!entities) throw new Error('the ceiling worker was made without entities');
      await entities.client.workflow.signalWithStart('ceilingEntityWorkflow', {
        taskQueue: entities.taskQueue,
        workflowId: entityId,
        args: [],
        signal: 'touch',
        signalArgs: [entityId],
      });
    },
  };
}

export function postJson(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
