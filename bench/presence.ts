// The presence scenario: many users, a share of them flapping online/offline with messages
// between. Reports the event rate, the entity workflows alive, and the process's memory with
// them parked (a parked user workflow should live on the server, not in the worker's cache).
import type { Client } from '@temporalio/client';
import { pool, round } from './stats';

export interface PresenceBenchOptions {
  client: Client;
  users: number;
  flappingShare: number;
  concurrency: number;
  /** Posts one event; resolves once the API accepted it. */
  post: (id: string, type: string, data: Record<string, unknown>) => Promise<void>;
  log: (line: string) => void;
  /** The workflow types to wait for and to count (Herald's by default; the ceiling's for its run). */
  workflowTypes?: { event: string; entity: string };
}

/**
 * Waits until no workflow of this type runs; resolves to the moment (performance.now()) of the
 * first quiet reading, so a rate taken to it does not include the confirming wait.
 */
export async function settled(client: Client, timeoutMs = 600_000, workflowType = 'eventWorkflow'): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  // Visibility lags the server by up to about a second: require quiet readings for over a second.
  let quietSince: number | undefined;
  for (;;) {
    if (Date.now() > deadline) throw new Error('event workflows still running after the time allowed');
    const readAt = performance.now();
    const { count } = await client.workflow.count(`WorkflowType = "${workflowType}" AND ExecutionStatus = "Running"`);
    if (count > 0) quietSince = undefined;
    else if (quietSince === undefined) quietSince = readAt;
    else if (readAt - quietSince >= 1200) return quietSince;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runPresenceBench(o: PresenceBenchOptions) {
  const types = o.workflowTypes ?? { event: 'eventWorkflow', entity: 'userWorkflow' };
  const prefix = `p${Date.now().toString(36)}`;
  const user = (i: number) => `${prefix}-u${i}`;
  const message = (to: string, n: number) => ({ messageId: `${to}-m${n}`, from: 'alice', to, kind: 'text', body: 'hello' });

  o.log(`presence: ${o.users} users come online then go offline once`);
  let started = performance.now();
  await pool(o.users * 2, o.concurrency, async (i) => {
    const u = user(i % o.users);
    const online = i < o.users;
    await o.post(`${u}-${online ? 'on' : 'off'}0`, online ? 'user.online' : 'user.offline', { userId: u });
  });
  const firstSeconds = ((await settled(o.client, undefined, types.event)) - started) / 1000;
  const registerRate = (o.users * 2) / firstSeconds;
  o.log(`  ${round(registerRate)} events/s`);

  const flappers = Math.round(o.users * o.flappingShare);
  o.log(`presence: ${flappers} users flap (message, online, message, offline, message, message)`);
  const script: [string, (u: string, n: number) => Record<string, unknown>][] = [
    ['message.created', (u, n) => message(u, n)],
    ['user.online', (u) => ({ userId: u })],
    ['message.created', (u, n) => message(u, n)],
    ['user.offline', (u) => ({ userId: u })],
    ['message.created', (u, n) => message(u, n)],
    ['message.created', (u, n) => message(u, n)],
  ];
  started = performance.now();
  // Each user's steps go in order; users run side by side.
  await pool(flappers, o.concurrency, async (i) => {
    const u = user(i);
    for (let step = 0; step < script.length; step++) {
      const [type, data] = script[step];
      await o.post(`${u}-s${step}`, type, data(u, step));
    }
  });
  const flapSeconds = ((await settled(o.client, undefined, types.event)) - started) / 1000;
  const flapRate = (flappers * script.length) / flapSeconds;
  o.log(`  ${round(flapRate)} events/s`);

  const alive = await o.client.workflow.count(`WorkflowType = "${types.entity}" AND ExecutionStatus = "Running"`);
  const memory = process.memoryUsage();
  o.log(`  user workflows alive: ${alive.count}; process RSS ${round(memory.rss / 2 ** 20)} MiB, heap ${round(memory.heapUsed / 2 ** 20)} MiB`);
  return {
    presenceUsers: o.users,
    presenceRegisterEventsPerSecond: round(registerRate),
    presenceFlapEventsPerSecond: round(flapRate),
    userWorkflowsAlive: alive.count,
    processRssMiB: round(memory.rss / 2 ** 20),
    processHeapMiB: round(memory.heapUsed / 2 ** 20),
  };
}
