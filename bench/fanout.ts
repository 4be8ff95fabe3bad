// The fan-out scenario: one app with N endpoints subscribed to everything, events posted by
// many producers, each delivered to every endpoint. Prints deliveries/s, CPU per delivery by
// process, and the workflow tasks that held their workflow longer than SLOW_TASK_SECONDS; then,
// where SVIX_URL names a running Svix, the same for the peer in the same run.
import { api, measure, type Receiver } from './measure';
import { round } from './stats';
import { runSvixFanout } from './svix-peer';
import { cpuSeconds, withChildren } from './proc-cpu';
import { SLOW_TASK_SECONDS } from './herald-process';

export interface FanoutOptions {
  base: string;
  adminToken: string;
  receiver: Receiver;
  fanout: number;
  events: number;
  concurrency: number;
  /** CPU seconds so far of each part (Temporal server, PostgreSQL, Herald's API + worker, the bench's producers and receiver). */
  cpuParts: Record<string, () => number>;
  /** Workflow tasks over SLOW_TASK_SECONDS so far. */
  slowTasks: () => number;
  svix?: { url: string; token: string; messages: number; pids: number[] };
  log: (line: string) => void;
}

export async function runFanoutBench(o: FanoutOptions) {
  const { base, adminToken, receiver, fanout, log } = o;
  log(`herald fan-out: ${o.events} events to ${fanout} endpoints at ${o.concurrency} producers`);
  const app = (await api('POST', `${base}/v1/apps`, adminToken, { name: `bench-fanout-${fanout}` })).body;
  for (let i = 0; i < fanout; i++) {
    const res = await api('POST', `${base}/v1/apps/${app.id}/endpoints`, app.apiKey, { url: receiver.url(`/fan/${i}`), events: ['*'] });
    if (res.status !== 201) throw new Error(`endpoint refused: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const send = async (id: string) => {
    const res = await api('POST', `${base}/v1/apps/${app.id}/events`, app.apiKey, { id, type: 'message.delivered', data: { messageId: id } });
    if (res.status !== 202) throw new Error(`event refused: ${res.status}`);
  };
  await measure(receiver, 20, 8, fanout, send);
  const parts = Object.entries(o.cpuParts);
  const before = parts.map(([, read]) => read());
  const slowBefore = o.slowTasks();
  const result = await measure(receiver, o.events, o.concurrency, fanout, send);
  const deliveries = o.events * fanout;
  const cpu = Object.fromEntries(parts.map(([name, read], i) => [name, round(((read() - before[i]) * 1000) / deliveries, 3)]));
  // Herald's own: the bench's producers and receiver are not Herald's (nor Svix's below).
  const cpuTotal = round(parts.filter(([name]) => name !== 'bench').reduce((sum, [name]) => sum + cpu[name], 0), 3);
  const slow = o.slowTasks() - slowBefore;
  log(`  ${round(result.perSecond)} deliveries/s (${round(result.itemsPerSecond)} events/s), first delivery p50 ${result.p50} ms, p99 ${result.p99} ms`);
  log(`  CPU ms per delivery: ${parts.map(([name]) => `${name} ${cpu[name]}`).join(', ')}; Herald's in all (without the bench's) ${cpuTotal}`);
  log(`  workflow tasks over ${SLOW_TASK_SECONDS} s: ${slow}`);
  const herald = { deliveriesPerSecond: round(result.perSecond), cpuMsPerDelivery: cpu, cpuMsPerDeliveryAll: cpuTotal, slowWorkflowTasks: slow };

  if (!o.svix) return { herald };
  log(`svix (the peer, ${o.svix.url}): ${o.svix.messages} messages to ${fanout} endpoints at ${o.concurrency} producers`);
  const pids = o.svix.pids;
  const peer = await runSvixFanout({ url: o.svix.url, token: o.svix.token, receiver, endpoints: fanout, messages: o.svix.messages, concurrency: o.concurrency, ...(pids.length > 0 && { cpu: () => cpuSeconds(withChildren(pids)) }) });
  const svixCpu = peer.cpuSeconds === undefined ? undefined : round((peer.cpuSeconds * 1000) / (o.svix.messages * fanout), 3);
  const ratio = round(result.perSecond / peer.perSecond, 2);
  log(`  ${round(peer.perSecond)} deliveries/s (${round(peer.itemsPerSecond)} messages/s)${svixCpu !== undefined ? `; CPU ms per delivery (server, PostgreSQL, Redis): ${svixCpu}` : ''}`);
  log(`  herald ÷ svix at fan-out ${fanout}: ${ratio}`);
  return { herald, svix: { deliveriesPerSecond: round(peer.perSecond), cpuMsPerDelivery: svixCpu, ratio } };
}
