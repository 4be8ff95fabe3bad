// The peer, side by side: Svix OSS fanning out to its endpoints on the same box and the same
// loopback receiver, measured like Herald's fan-out. Runs when SVIX_URL names a running
// svix-server and SVIX_TOKEN is a token it accepts (`svix-server jwt generate`); the server must
// allow loopback targets (SVIX_WHITELIST_SUBNETS='[127.0.0.1/32]').
import { api, measure, type Receiver } from './measure';

export async function runSvixFanout(o: {
  url: string;
  token: string;
  receiver: Receiver;
  endpoints: number;
  messages: number;
  concurrency: number;
  /** CPU seconds so far of Svix's processes (server, PostgreSQL, Redis), when known. */
  cpu?: () => number;
}) {
  const app = await api('POST', `${o.url}/api/v1/app/`, o.token, { name: `herald-bench-${Date.now()}` });
  if (app.status >= 300) throw new Error(`svix: app refused: ${app.status} ${JSON.stringify(app.body)}`);
  for (let i = 0; i < o.endpoints; i++) {
    const res = await api('POST', `${o.url}/api/v1/app/${app.body.id}/endpoint/`, o.token, { url: o.receiver.url(`/svix/${i}`), version: 1 });
    if (res.status >= 300) throw new Error(`svix: endpoint refused: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const send = async (id: string) => {
    // The payload is the body each endpoint receives: its id is what the receiver notes.
    const res = await api('POST', `${o.url}/api/v1/app/${app.body.id}/msg/`, o.token, { eventType: 'message.delivered', payload: { id, data: { messageId: id } } });
    if (res.status >= 300) throw new Error(`svix: message refused: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await measure(o.receiver, 20, 8, o.endpoints, send);
  const before = o.cpu?.();
  const result = await measure(o.receiver, o.messages, o.concurrency, o.endpoints, send);
  const cpuSeconds = before === undefined ? undefined : o.cpu!() - before;
  return { ...result, cpuSeconds };
}
