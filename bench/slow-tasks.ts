// Counts the workflow tasks that took longer than a threshold, from the SDK core's own warning
// (TMPRL1104, "Workflow task duration exceeded N seconds"). Core reads its threshold from
// TEMPORAL_WORKFLOW_TASK_DURATION_WARN_SECONDS once, when its first worker starts: set it before.
import { DefaultLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';

export const SLOW_TASK_SECONDS = 1;

export function createSlowTaskCounter() {
  process.env.TEMPORAL_WORKFLOW_TASK_DURATION_WARN_SECONDS ??= String(SLOW_TASK_SECONDS);
  let count = 0;
  let longestMs = 0;
  const printer = new DefaultLogger('WARN');
  const logger = new DefaultLogger('WARN', (entry) => {
    if (entry.message.includes('TMPRL1104')) {
      count++;
      const ms = Number((entry.meta as LogMetadata | undefined)?.workflow_task_duration);
      if (Number.isFinite(ms)) longestMs = Math.max(longestMs, ms);
      return;
    }
    printer.log(entry.level as LogLevel, entry.message, entry.meta);
  });
  return {
    logger,
    /** How many so far, and the longest (ms), since the last reset. */
    read: () => ({ count, longestMs }),
    reset() {
      count = 0;
      longestMs = 0;
    },
  };
}
