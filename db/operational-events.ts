// What Herald says about an endpoint (endpoint.failing, .recovered, .disabled) is stored as an
// event of the app's in the statement that decided it, and noted for the API's start sweeper:
// the workflow or route that decided it starts it at once, the sweeper if that process died first.
import type { HeraldEvent } from '../domain/event-envelope';

/**
 * How long the sweeper leaves an operational event to the workflow that said it before starting
 * it itself: the workflow starts it within seconds unless its worker died in between.
 */
const OPERATIONAL_SWEEP_AFTER_SECONDS = 60;

/** Notes the `operational` CTE's events ($1's) for the start sweeper, due after that wait. */
export const NOTE_OPERATIONAL = `INSERT INTO unstarted_events (app_id, event_id, next_try_at)
  SELECT $1, id, now() + interval '${OPERATIONAL_SWEEP_AFTER_SECONDS} seconds' FROM operational`;

export interface OperationalRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

export function operationalEvent(appId: string, row: OperationalRow): HeraldEvent {
  return { appId, id: row.id, type: row.type, data: row.data, occurredAt: row.occurred_at.toISOString() };
}

