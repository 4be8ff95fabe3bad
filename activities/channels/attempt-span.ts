// One span per delivery attempt, for webhooks and channels alike: which event and attempt, the
// wait before it, and what came of it (verdict, status code, the wait before the next). Ids and
// numbers only (runtime/spans.ts).
import type { Attributes } from '@opentelemetry/api';
import type { HeraldEvent } from '../../domain/event-envelope';
import { inSpan, SpanStatusCode } from '../../runtime/spans';
import type { AttemptOutcome } from './webhook';

export function inAttemptSpan<T extends { outcome: AttemptOutcome }>(
  name: string,
  of: { event: HeraldEvent; attempt: number; waitedMs: number; target: Attributes },
  run: () => Promise<T>,
  /** What a failed attempt's span says it was: never text that may hold a recipient. */
  failure: (outcome: AttemptOutcome) => string,
): Promise<T> {
  const attributes = {
    'herald.app.id': of.event.appId,
    'herald.event.id': of.event.id,
    'herald.event.type': of.event.type,
    ...of.target,
    'herald.attempt': of.attempt,
    'herald.wait_before_ms': of.waitedMs,
  };
  return inSpan(name, { attributes }, async (span) => {
    const attempted = await run();
    const { outcome } = attempted;
    span.setAttribute('herald.verdict', outcome.verdict);
    if (outcome.statusCode !== undefined) span.setAttribute('http.response.status_code', outcome.statusCode);
    if (outcome.retryInMs !== undefined) span.setAttribute('herald.retry_in_ms', outcome.retryInMs);
    if (outcome.verdict !== 'delivered') span.setStatus({ code: SpanStatusCode.ERROR, message: failure(outcome) });
    return attempted;
  });
}
