// What one HTTP request to the API may take: its body's size (docs/api.md: limits), how long it may
// take to arrive whole, and how long a connection may idle. Config reads the defaults from here.

/** The most one request body may hold: an event's data, with room for its envelope. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * A client may not hold a connection by sending slowly (slowloris) or by idling on it: a request
 * must arrive whole in `requestMs` (HERALD_REQUEST_TIMEOUT_MS), and a connection with nothing on
 * it is closed after `idleMs` (HERALD_IDLE_TIMEOUT_MS).
 */
export const DEFAULT_TIMEOUTS = { requestMs: 30_000, idleMs: 120_000 };
