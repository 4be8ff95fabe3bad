import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { SEARCH_ATTRIBUTE_NAMES } from '../domain/event-envelope';

/** gRPC codes a namespace answers where Herald may not manage search attributes (Temporal Cloud). */
const PERMISSION_DENIED = 7;
const UNIMPLEMENTED = 12;

const deniedOrAbsent = (err: unknown) => [PERMISSION_DENIED, UNIMPLEMENTED].includes((err as { code?: number }).code ?? -1);

/** What to create by hand where Herald may not: the names, their type, and how on Temporal Cloud. */
export function searchAttributesToCreate(namespace: string, names: readonly string[]): string {
  const flags = names.map((n) => `--search-attribute "${n}=Keyword"`).join(' ');
  return `Herald needs the Keyword search attributes ${names.join(', ')} in namespace ${namespace}. Create them (Temporal Cloud: tcld namespace search-attributes add --namespace ${namespace} ${flags}, or the namespace's page in the Cloud UI; self-hosted: temporal operator search-attribute create --namespace ${namespace} --name <name> --type Keyword) and start Herald again`;
}

/**
 * Registers Herald's custom search attributes so the Temporal UI can filter by app and event type.
 * Idempotent: where they exist already, nothing changes. Where the namespace does not let Herald
 * look (Temporal Cloud refuses the operator API to namespace keys), Herald carries on and says
 * what must exist; where they are missing and cannot be added, it stops and says what to create.
 */
export async function registerSearchAttributes(connection: Pick<NativeConnection, 'operatorService'>, namespace: string, log?: Pick<Logger, 'warn'>): Promise<void> {
  const wanted = Object.values(SEARCH_ATTRIBUTE_NAMES);
  let existing: Record<string, unknown>;
  try {
    existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if (!deniedOrAbsent(err)) throw err;
    log?.warn({ err: (err as Error).message }, `could not list the namespace's search attributes; ${searchAttributesToCreate(namespace, wanted).replace(/ and start Herald again$/, ' if they are not there')}`);
    return;
  }
  const missing = wanted.filter((name) => !(name in existing));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // Another process registering them at the same moment is fine.
    if (/already exists/i.test((err as Error).message)) return;
    if (deniedOrAbsent(err)) throw new Error(`${searchAttributesToCreate(namespace, missing)} (adding them was refused: ${(err as Error).message})`);
    throw err;
  }
}
