// What one signal costs a parked user whose history is long. A user workflow that has left the
// worker's cache is replayed from its first event when the next signal comes: the worker fetches
// the whole history and runs it again. This scenario grows one user's history to each length,
// then times both parts — the fetch from the server and the replay — for that length.
import type { Client } from '@temporalio/client';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { userWorkflowId, type PresenceSettings } from '../domain/presence';
import { percentile, round } from './stats';

export interface ParkedUserBenchOptions {
  client: Client;
  taskQueue: string;
  appId: string;
  workflowBundle: WorkflowBundleWithSourceMap;
  /** History lengths to measure; each user grows to at least this many events (or to continue-as-new). */
  lengths: number[];
  /** Starts the users with this history bound instead of the workflow's own (to measure another bound). */
  maxHistoryEvents?: number;
  log: (line: string) => void;
}

const settings: PresenceSettings = { offlineSuppressionSeconds: 300, unknownUsersAreOffline: false };

/**
 * Signals the user (as the event workflows do) until its first run's history has `length` events,
 * or that run continued as new (its history is then as long as a run gets). Returns that run.
 */
async function grow(client: Client, taskQueue: string, appId: string, userId: string, length: number, maxHistoryEvents?: number): Promise<{ runId: string; continuedAsNew: boolean }> {
  const workflowId = userWorkflowId(appId, userId);
  let firstRun: string | undefined;
  for (let i = 0; ; i++) {
    const handle = await client.workflow.signalWithStart('userWorkflow', {
      taskQueue,
      workflowId,
      args: [{ appId, userId, settings, ...(maxHistoryEvents && { maxHistoryEvents }) }],
      signal: 'presence',
      signalArgs: [{ eventId: `${userId}-${i}`, online: i % 2 === 0, occurredAt: new Date().toISOString(), settings }],
    });
    firstRun ??= handle.signaledRunId;
    if (i % 25 !== 24) continue;
    const described = await client.workflow.getHandle(workflowId).describe();
    if (described.runId !== firstRun) return { runId: firstRun, continuedAsNew: true };
    if (described.historyLength >= length) return { runId: firstRun, continuedAsNew: false };
  }
}

export async function runParkedUserBench(o: ParkedUserBenchOptions) {
  const results: Record<string, number> = {};
  const prefix = `parked${Date.now().toString(36)}`;
  for (const length of o.lengths) {
    const userId = `${prefix}-${length}`;
    const { runId, continuedAsNew } = await grow(o.client, o.taskQueue, o.appId, userId, length, o.maxHistoryEvents);
    // Let the last signal's task finish, so the history read is the one a new signal would find.
    await new Promise((r) => setTimeout(r, 500));
    const handle = o.client.workflow.getHandle(userWorkflowId(o.appId, userId), runId);
    const fetches: number[] = [];
    let history;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      history = await handle.fetchHistory();
      fetches.push(performance.now() - t);
    }
    const events = history!.events?.length ?? 0;
    // One replay worker for all: the first replay also pays for the worker, so it is left out.
    const replays: number[] = [];
    let last = performance.now();
    const histories = Array.from({ length: 6 }, () => ({ workflowId: handle.workflowId, history: history! }));
    for await (const result of Worker.runReplayHistories({ workflowBundle: o.workflowBundle }, histories)) {
      if (result.error) throw result.error;
      const now = performance.now();
      replays.push(now - last);
      last = now;
    }
    const fetchMs = median(fetches);
    const replayMs = median(replays.slice(1));
    const reached = continuedAsNew ? `continued as new at ${events}` : `reached ${events}`;
    o.log(`  asked for ${length} history events, ${reached}: fetch ${round(fetchMs)} ms, replay ${round(replayMs)} ms`);
    results[`parkedUser${length}HistoryEvents`] = events;
    results[`parkedUser${length}FetchMs`] = round(fetchMs);
    results[`parkedUser${length}ReplayMs`] = round(replayMs);
  }
  return results;
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
