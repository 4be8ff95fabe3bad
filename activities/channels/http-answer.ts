// How the HTTP channels (chat webhooks, `http`) read an answer: the same for all of them.
import type { PostResult } from './http-post';
import type { ChannelResult } from './channel';

export function classifyHttpAnswer(result: PostResult): ChannelResult {
  const base = { latencyMs: result.latencyMs, ...(result.responseExcerpt && { responseExcerpt: result.responseExcerpt }) };
  if (result.refused) return { ...base, outcome: 'misconfigured', error: `target refused by the private-address policy (HERALD_ALLOW_PRIVATE_TARGETS): ${result.refused}` };
  const status = result.statusCode;
  if (status === undefined) return { ...base, outcome: 'retry', error: result.error ?? 'no answer' };
  const answered = { ...base, statusCode: status, ...(result.retryAfter && { retryAfter: result.retryAfter }) };
  if (status >= 200 && status < 300) return { ...answered, outcome: 'delivered' };
  // A webhook URL that was revoked, or a workspace that refuses it: the channel's config is wrong.
  if (status === 401 || status === 403 || status === 404 || status === 410) return { ...answered, outcome: 'misconfigured', error: `HTTP ${status}: the URL no longer takes messages` };
  if (status === 408 || status === 429 || status >= 500) return { ...answered, outcome: 'retry', error: `HTTP ${status}` };
  return { ...answered, outcome: 'failed', error: `HTTP ${status}` };
}

/** Posts JSON and reads the answer as the HTTP channels do. */
export async function postJson(poster: { post: (url: string, headers: Record<string, string>, body: string) => Promise<PostResult> }, url: string, body: unknown, headers: Record<string, string> = {}): Promise<ChannelResult> {
  return classifyHttpAnswer(await poster.post(url, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body)));
}
