// The contact entity workflow on the time-skipping server with the real activities and
// PostgreSQL: its copy of the state follows every change, a repeated event changes nothing, and
// it continues as new carrying its count and a contact.bounced not yet said.
import { randomUUID } from 'node:crypto';
import { createAppsRepository } from '../../db/apps-repository';
import { hashApiKey, newId } from '../../domain/ids';
import { contactWorkflowId, type ContactState, type ContactUpdate } from '../../domain/contacts';
import { eventually } from '../support/herald';
import { createContactsRepository } from '../../db/contacts-repository';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping';

let server: TimeSkippingWorker;
let appId: string;

beforeAll(async () => {
  server = await startTimeSkippingWorker();
  appId = newId('app');
  await createAppsRepository(server.pool).create({ id: appId, name: 'contacts', apiKeyHash: hashApiKey(randomUUID()), settings: {} });
});
afterAll(async () => {
  await server?.stop();
});

function contact(maxHistoryEvents?: number) {
  const contactId = `c-${randomUUID().slice(0, 8)}`;
  const workflowId = contactWorkflowId(appId, contactId);
  const settings = { bounceThreshold: 3 };
  const start = { taskQueue: server.taskQueue, workflowId, args: [{ appId, contactId, settings, indexEvents: false, ...(maxHistoryEvents && { maxHistoryEvents }) }] };
  const signal = (update: Omit<ContactUpdate, 'occurredAt'>) =>
    server.env.client.workflow.signalWithStart('contactWorkflow', { ...start, signal: 'contact', signalArgs: [{ ...update, occurredAt: new Date().toISOString(), settings }] });
  const handle = () => server.env.client.workflow.getHandle(workflowId);
  const stored = async () => (await server.pool.query('SELECT phone_digits, unsubscribed, status, bounces FROM contacts WHERE app_id = $1 AND contact_id = $2', [appId, contactId])).rows[0];
  return { contactId, signal, handle, stored, state: () => handle().query<ContactState>('state') };
}

it('writes its state through to PostgreSQL on every change, and a repeated event changes nothing', async () => {
  const c = contact();
  await c.signal({ eventId: 'u1', phoneNumber: '+1 500 555 0009', unsubscribed: true });
  await c.signal({ eventId: 'b1', delivery: 'bounced' });
  await c.signal({ eventId: 'b1', delivery: 'bounced' });
  await eventually(async () => ((await c.stored())?.bounces === 1 ? true : undefined));
  expect(await c.stored()).toEqual({ phone_digits: '15005550009', unsubscribed: true, status: 'active', bounces: 1 });
  await c.signal({ eventId: 's1', status: 'deactivated' });
  await eventually(async () => ((await c.stored())?.status === 'deactivated' ? true : undefined));
  expect(await c.state()).toMatchObject({ bounces: 1, unsubscribed: true, status: 'deactivated', recentEventIds: ['u1', 'b1', 's1'] });
  // A send finds it by the number written any of the ways a number is written.
  const contacts = createContactsRepository(server.pool);
  for (const number of ['+15005550009', '15005550009', '(500) 555-0009', '5005550009']) {
    expect(await contacts.smsRefusal(appId, number)).toMatchObject({ code: 'contact_unsubscribed' });
  }
  expect(await contacts.smsRefusal(appId, '+15005550008')).toBeUndefined();
});

it('continues as new before its history grows, carrying its count', async () => {
  const c = contact(20);
  await c.signal({ eventId: 'd0', phoneNumber: '+15005550008', delivery: 'delivered' });
  const first = (await c.handle().describe()).runId;
  for (let i = 1; i <= 12; i++) await c.signal({ eventId: `x${i}`, delivery: i % 2 ? 'failed' : 'delivered' });
  await c.signal({ eventId: 'b1', delivery: 'bounced' });
  await c.signal({ eventId: 'b2', delivery: 'bounced' });
  await eventually(async () => ((await c.handle().describe()).runId !== first ? true : undefined));
  await eventually(async () => ((await c.state()).bounces === 2 ? true : undefined));
  await c.signal({ eventId: 'b3', delivery: 'bounced' });
  const state = await eventually(async () => ((await c.state()).bounced ? c.state() : undefined));
  expect(state).toMatchObject({ bounces: 3, bounced: true, phoneNumber: '+15005550008' });
  await eventually(async () => ((await c.stored())?.bounces === 3 ? true : undefined));
});
