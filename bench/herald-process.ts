// `herald all` as a process of its own on the run's Temporal and PostgreSQL, as an operator runs
// it: what it spends is its own, apart from the bench's producers and receiver (which share the
// in-process Herald's event loop in the other scenarios, and no real receiver does).
import { runHerald } from '../test/support/processes';
import { cpuSeconds, withChildren } from './proc-cpu';

/** Workflow tasks longer than this are counted (the SDK core warns of each, TMPRL1104). */
export const SLOW_TASK_SECONDS = 1;

export interface HeraldProcess {
  url: string;
  /** CPU seconds so far of the process and its children. */
  cpu(): number;
  /** Workflow tasks over TEMPORAL_WORKFLOW_TASK_DURATION_WARN_SECONDS it has reported (the SDK's TMPRL1104) so far. */
  slowTasks(): number;
  stop(): Promise<void>;
}

export async function startHeraldProcess(env: Record<string, string>, port: number): Promise<HeraldProcess> {
  // Only the variables given here trace: the bench's own environment may name a collector (an
  // empty variable is an unset one to Herald and to OpenTelemetry).
  const untraced = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('OTEL_')).map((k) => [k, '']));
  // BENCH_HERALD_NODE_ARGS: node's own flags for it (`--cpu-prof --cpu-prof-dir=…` to profile it).
  const nodeArgs = process.env.BENCH_HERALD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = runHerald('all', { ...untraced, TEMPORAL_WORKFLOW_TASK_DURATION_WARN_SECONDS: String(SLOW_TASK_SECONDS), ...env, HERALD_API_PORT: String(port) }, { nodeArgs });
  await child.waitForOutput('all running');
  const pid = child.process.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    cpu: () => cpuSeconds(withChildren([pid])),
    slowTasks: () => child.output().split('TMPRL1104').length - 1,
    async stop() {
      child.process.kill('SIGTERM');
      await child.exited;
    },
  };
}
