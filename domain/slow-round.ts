// A first round's slow receivers (past HERALD_ROUND_BUDGET_MS) answer to the process that sent to
// them: it logs their attempts as they settle and tells the event's workflow by this signal
// (its payload: activities' SlowRound). A workflow that hears nothing in SLOW_ROUND_WAIT (that
// process died) has them made again, by the finishRound activity.

export const SLOW_ROUND_SIGNAL = 'slowRound';

/** How long the workflow waits for the signal when its round does not say (twice the longest answer, 120 s, with room). */
export const SLOW_ROUND_WAIT = '5 minutes';
