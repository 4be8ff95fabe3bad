// The Temporal ceiling: the least a workflow per event can do — one local activity making the
// same HTTP POST Herald makes. No API, no database.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { createCeilingActivities } from './activities';

const { post } = proxyLocalActivities<ReturnType<typeof createCeilingActivities>>({ startToCloseTimeout: '30s' });

export async function ceilingWorkflow(url: string, body: string): Promise<number> {
  return post(url, body);
}
