// The row an accepted event gets in PostgreSQL before its workflow starts is committed without
// waiting for the WAL flush (db/events-repository.ts insert says why that loses nothing), and only
// that statement's commit is: the connection's next transactions wait for the flush again.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createAppsRepository } from '../../db/apps-repository';
import { createEventsRepository } from '../../db/events-repository';
import { createPool, type Pool } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { createSecretBox } from '../../domain/secret-box';
import { hashApiKey, newId } from '../../domain/ids';
import { testEnv } from '../support/herald';

let pool: Pool;
let connection: pg.Client;

beforeAll(async () => {
  pool = createPool(testEnv().databaseUrl, { max: 2 });
  await migrate(pool);
  connection = new pg.Client({ connectionString: testEnv().databaseUrl });
  await connection.connect();
});
afterAll(async () => {
  await connection?.end();
  await pool?.end();
});

const synchronousCommit = async () => (await connection.query('SHOW synchronous_commit')).rows[0].synchronous_commit as string;

it("commits the accepted event's row without a flush wait, in that statement's transaction alone", async () => {
  const appId = newId('app');
  await createAppsRepository(pool).create({ id: appId, name: 'commit', apiKeyHash: hashApiKey(randomUUID()), settings: {} });
  // One connection, so what the statement sets can be read on it afterwards.
  const events = createEventsRepository(connection as unknown as Pool, createSecretBox(testEnv().encryptionKey));
  const event = (id: string) => ({ appId, id, type: 'message.sent', data: { messageId: id }, occurredAt: '2026-12-01T10:00:00.000Z' });
  expect(await synchronousCommit()).toBe('on');

  // Inside a transaction the statement's setting can be seen before the commit.
  await connection.query('BEGIN');
  expect(await events.insert(event('in-a-transaction'))).toBe(true);
  expect(await synchronousCommit()).toBe('off');
  await connection.query('COMMIT');
  expect(await synchronousCommit()).toBe('on');

  // On its own (as the API runs it) the statement is its transaction, and nothing outlives it.
  expect(await events.insert(event('alone'))).toBe(true);
  expect(await synchronousCommit()).toBe('on');
  expect(await events.insert(event('alone'))).toBe(false);

  const { rows } = await pool.query('SELECT id, type, data, occurred_at FROM events WHERE app_id = $1 ORDER BY id', [appId]);
  expect(rows).toEqual([
    { id: 'alone', type: 'message.sent', data: { messageId: 'alone' }, occurred_at: new Date('2026-12-01T10:00:00.000Z') },
    { id: 'in-a-transaction', type: 'message.sent', data: { messageId: 'in-a-transaction' }, occurred_at: new Date('2026-12-01T10:00:00.000Z') },
  ]);
});
