// What the single and the batch event routes share: an event's body checked past its schema (its
// type's data, an instant Herald can store) and made the event Herald stores.
import type { Static } from '@sinclair/typebox';
import { validateEventData } from '../domain/event-validation';
import type { HeraldEvent } from '../domain/event-envelope';
import { newId } from '../domain/ids';
import { assertStorableInstant } from './instants';
import { HttpError } from './errors';
import type { PostEventBody } from './schemas';

/**
 * The event a body (already valid against PostEventBody) describes, or a 400 naming every fault
 * under `at` (a batch's `/events/3`; the single route's body is at the root).
 */
export function eventOfBody(appId: string, body: Static<typeof PostEventBody>, at = ''): HeraldEvent {
  const { id, type, data, occurredAt } = body;
  const issues = validateEventData(type, data);
  if (issues.length > 0) {
    throw new HttpError(400, 'invalid_event', `${at}${issues[0].path} ${issues[0].message}`, issues.map((i) => ({ in: 'body', ...i, path: `${at}${i.path}` })));
  }
  const occurred = assertStorableInstant(occurredAt, `${at}/occurredAt`);
  return { appId, id: id ?? newId('evt'), type, data, occurredAt: occurred ?? new Date().toISOString() };
}
