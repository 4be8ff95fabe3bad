// Herald's own request bins pass its private-address policy: a POST to a live bin's URL
// (`…/bins/<binId>`, wherever the API is reached) is recorded straight into it, in process, as
// the bin route would record it — nothing goes over the network, so no policy needs bending.
import type { BinsRepository } from '../../db/bins-repository';
import type { HttpPoster, PostResult } from './http-post';

const BIN_PATH = /^\/bins\/(bin_[A-Za-z0-9_-]{1,60})$/;

export function binIdOf(url: string): string | undefined {
  // Most URLs are not a bin's: not parsed for it.
  if (!url.includes('/bins/bin_')) return undefined;
  try {
    return BIN_PATH.exec(new URL(url).pathname)?.[1];
  } catch {
    return undefined;
  }
}

export function createBinAwarePoster(poster: HttpPoster, bins: Pick<BinsRepository, 'record'>): HttpPoster {
  return {
    ...poster,
    async post(url: string, headers: Record<string, string>, body: string, options?: { propagateTrace?: boolean; appId?: string }): Promise<PostResult> {
      const binId = binIdOf(url);
      // Only the sending app's own bins: another app's bin id in some URL's path is that URL's
      // business, and goes out over the network like any other.
      if (binId && options?.appId) {
        const started = performance.now();
        const recorded = await bins.record(binId, { method: 'POST', path: new URL(url).pathname, headers: { ...headers, 'user-agent': 'Herald-Webhooks (bin)' }, body: Buffer.from(body) }, options.appId).catch(() => false);
        if (recorded) return { statusCode: 200, latencyMs: Math.round(performance.now() - started), responseExcerpt: '{"ok":true}' };
      }
      return poster.post(url, headers, body, options);
    },
  };
}
