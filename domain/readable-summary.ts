// Summaries (a workflow's, an activity's, a timer's) are what an operator reads in the Temporal UI's
// lists and timelines, and Temporal's SDK sends them through the payload codec like event data. When
// payloads are encrypted (HERALD_PAYLOAD_KEY), Herald keeps summaries readable: they are marked
// here, and the codec (runtime/payload-encryption.ts) leaves a marked payload as it is. In return a
// summary never holds what the encryption protects: message text, phone numbers, e-mail addresses,
// URL paths (summaryTarget below). Usable in workflow code: no Node built-ins.
import { RawValue } from '@temporalio/common';

/** Metadata key on a payload the codec must leave in clear. */
export const READABLE_METADATA_KEY = 'herald-readable';

const encoder = new TextEncoder();

/** A summary that stays readable in the Temporal UI and CLI without the codec. Typed as the string the SDK's options ask for. */
export function readable(text: string): string {
  return RawValue.fromPayload({
    metadata: { encoding: encoder.encode('json/plain'), [READABLE_METADATA_KEY]: encoder.encode('1') },
    data: encoder.encode(JSON.stringify(text)),
  }) as unknown as string;
}

/**
 * A delivery target as a summary may name it: a webhook by its endpoint id and host (never the
 * path or query, where tokens live), a channel by its type and name (never the address it sent to).
 */
export function summaryTarget(target: { endpointId?: string; url: string }): string {
  const http = /^https?:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(target.url);
  if (http) return target.endpointId ? `${target.endpointId} (${http[1]})` : http[1];
  const channel = target.url.split(' → ')[0];
  return channel || target.endpointId || 'a target';
}
