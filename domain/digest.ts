// What a route's templates see of the events one send covers (`{{digest.count}}`,
// `{{digest.senders}}`, `{{digest.items}}`): several for a digest, a throttle's fold or what quiet
// hours held; one for a single send, which they then describe.
import type { HeraldEvent } from './event-envelope';
import { cutText } from './text-cut';

export interface Digest {
  count: number;
  /** Distinct `data.from`, in order of first appearance, comma separated. */
  senders: string;
  /** One line per event, oldest first: `from: body` for a message, its type otherwise. */
  items: string;
}

/** Items past this many are summed up in one last line: a digest of a day's chat stays readable. */
const MAX_ITEMS = 50;

export function digestOf(events: readonly Pick<HeraldEvent, 'type' | 'data'>[]): Digest {
  const senders: string[] = [];
  const lines: string[] = [];
  for (const e of events) {
    const from = typeof e.data.from === 'string' ? e.data.from : undefined;
    if (from && !senders.includes(from)) senders.push(from);
    if (lines.length < MAX_ITEMS) lines.push(from && typeof e.data.body === 'string' ? `${from}: ${cutText(e.data.body)}` : e.type);
  }
  if (events.length > MAX_ITEMS) lines.push(`… and ${events.length - MAX_ITEMS} more`);
  return { count: events.length, senders: senders.join(', '), items: lines.join('\n') };
}
