// The retention workflow on the time-skipping server with the real activity and PostgreSQL:
// events older than their app's retentionDays go, with their deliveries and attempts, batch by
// batch; younger ones and other apps' stay.
import { randomUUID } from 'node:crypto';
import { createAppsRepository } from '../../db/apps-repository';
import { createEventsRepository } from '../../db/events-repository';
import { hashApiKey, newId } from '../../domain/ids';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping';

let server: TimeSkippingWorker;

beforeAll(async () => {
  server = await startTimeSkippingWorker();
});
afterAll(async () => {
  await server?.stop();
});

async function appWith(settings: object, events: { id: string; ageDays: number }[]) {
  const appId = newId('app');
  await createAppsRepository(server.pool).create({ id: appId, name: 'retention', apiKeyHash: hashApiKey(randomUUID()), settings });
  const repo = createEventsRepository(server.pool, server.box);
  for (const { id, ageDays } of events) {
    const event = { appId, id, type: 'message.sent', data: { messageId: id }, occurredAt: new Date().toISOString() };
    await repo.insert(event);
    await repo.recordAttempts(event, [
      { endpointId: 'ep_1', url: 'https://hooks.example.com', attempt: 1, webhookId: 'msg_1', statusCode: 200, latencyMs: 5, deliveryStatus: 'delivered' },
    ]);
    await server.pool.query(`UPDATE events SET received_at = now() - make_interval(days => $3) WHERE app_id = $1 AND id = $2`, [appId, id, ageDays]);
  }
  return appId;
}

const left = async (appId: string, table: string) =>
  (await server.pool.query(`SELECT ${table === 'events' ? 'id' : 'event_id'} AS id FROM ${table} WHERE app_id = $1 ORDER BY 1`, [appId])).rows.map((r) => r.id);

it("prunes by each app's retentionDays, a batch at a time, with deliveries and attempts", async () => {
  const short = await appWith({ retentionDays: 1 }, [{ id: 'old-1', ageDays: 2 }, { id: 'old-2', ageDays: 3 }, { id: 'old-3', ageDays: 5 }, { id: 'new-1', ageDays: 0 }]);
  const long = await appWith({}, [{ id: 'month-old', ageDays: 20 }, { id: 'ancient', ageDays: 40 }]);
  const result = await server.env.client.workflow.execute('retentionWorkflow', { taskQueue: server.taskQueue, workflowId: `retention-${randomUUID()}`, args: [{ batch: 2 }] });
  expect(result).toEqual({ events: 4, attempts: 4 });
  for (const table of ['events', 'deliveries', 'delivery_attempts']) {
    expect({ table, ids: await left(short, table) }).toEqual({ table, ids: ['new-1'] });
    expect({ table, ids: await left(long, table) }).toEqual({ table, ids: ['month-old'] });
  }
});
