// Where senders, providers and browsers reach this API: HERALD_PUBLIC_URL when it is set (behind
// a proxy the request's own host is the proxy's view), else the request's own origin. Bin URLs,
// portal links and the URL Twilio signed are all made from it.
import type { FastifyRequest } from 'fastify';

export function publicOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}
