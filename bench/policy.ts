// The notification-policy scenario: users offline, each sent two messages and reading the first,
// with the user's workflow holding an e-mail per message for a delay the read cancels (so one is
// cancelled, one goes) and a digest of both; beside the same events for an app without those
// routes (presence and messages only), in the same run. Reports events/s until the event
// workflows are done, and how long until the last held send arrived at the SMTP server.
import type { Client } from '@temporalio/client';
import { pool, round } from './stats';
import { settled } from './presence';

export interface PolicyBenchOptions {
  client: Client;
  users: number;
  concurrency: number;
  /** Posts one event; resolves once the API accepted it. */
  post: (id: string, type: string, data: Record<string, unknown>) => Promise<void>;
  /** E-mails arrived at the SMTP server so far; undefined for the plain run, which sends none. */
  mails?: () => number;
  /** E-mails the run should end with (two per user with the routes: the delayed one not read, and the digest). */
  expectedMails?: number;
  log: (line: string) => void;
  label: string;
  /** The i-th user's id (users whose addresses the run set); made up when absent. */
  userId?: (i: number) => string;
}

/** The events each user goes through: offline, two messages, a read of the first. */
export const POLICY_EVENTS_PER_USER = 4;

export async function runPolicyBench(o: PolicyBenchOptions) {
  const prefix = `p${Date.now().toString(36)}`;
  const started = performance.now();
  await pool(o.users, o.concurrency, async (i) => {
    const u = o.userId?.(i) ?? `${prefix}-u${i}`;
    await o.post(`${u}-off`, 'user.offline', { userId: u });
    await o.post(`${u}-m1`, 'message.created', { messageId: `${u}-m1`, from: 'alice', to: u, kind: 'text', body: 'are you there?' });
    await o.post(`${u}-m2`, 'message.created', { messageId: `${u}-m2`, from: 'carol', to: u, kind: 'text', body: 'lunch?' });
    await o.post(`${u}-r1`, 'message.read', { messageId: `${u}-m1`, from: u, to: 'alice' });
  });
  const eventsSeconds = ((await settled(o.client)) - started) / 1000;
  const rate = (o.users * POLICY_EVENTS_PER_USER) / eventsSeconds;
  o.log(`  ${o.label}: ${round(rate)} events/s`);
  let sendsSeconds: number | undefined;
  if (o.mails && o.expectedMails !== undefined) {
    const deadline = Date.now() + 600_000;
    while (o.mails() < o.expectedMails) {
      if (Date.now() > deadline) throw new Error(`policy: ${o.mails()} of ${o.expectedMails} e-mails arrived`);
      await new Promise((r) => setTimeout(r, 100));
    }
    sendsSeconds = (performance.now() - started) / 1000;
    o.log(`  ${o.label}: the last of ${o.expectedMails} held e-mails arrived ${round(sendsSeconds)} s after the first event`);
  }
  return { eventsPerSecond: round(rate), ...(sendsSeconds !== undefined && { sendsSeconds: round(sendsSeconds) }) };
}
