import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_NAMES } from '../domain/event-envelope';

/**
 * Registers Herald's custom search attributes so the Temporal UI can filter by app and event type.
 * Idempotent: on a cluster where they exist already, nothing changes.
 */
export async function registerSearchAttributes(connection: NativeConnection, namespace: string): Promise<void> {
  const wanted = Object.values(SEARCH_ATTRIBUTE_NAMES);
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = wanted.filter((name) => !(name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // Another process registering them at the same moment is fine.
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
}
