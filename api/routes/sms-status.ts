// Twilio's StatusCallback for the SMS Herald sent (activities/channels/sms.ts): the delivery a
// provider accepted stays pending until this says delivered, undelivered or failed. It needs no
// token — Twilio has none — but its X-Twilio-Signature must verify under the auth token of the
// route's channel or of one of its fallbacks (the one the send moved to),
// over the very URL Herald gave (HERALD_PUBLIC_URL). A carrier's refusal (30003–30008) is the
// app's to hear as message.rejected, and a bounce for the contact (an sms.delivery_report, counted
// by the contact's workflow toward contact.bounced).
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { isTwilioSignatureValid, CARRIER_REJECTIONS } from '../../domain/twilio-signature';
import type { HeraldEvent } from '../../domain/event-envelope';
import { HttpError, notFound } from '../errors';
import { assertUnderRate } from '../rate-limit';
import type { RouteDeps } from '../route-deps';
import { createSendClaims } from '../../db/send-claims';
import { publicOrigin } from '../public-origin';

const FINAL: Record<string, 'delivered' | 'failed'> = { delivered: 'delivered', read: 'delivered', undelivered: 'failed', failed: 'failed', canceled: 'failed' };

export async function smsStatusCallbacks(app: FastifyInstance, { pool, channels, events, starter, unstarted, publicUrl, rates }: Pick<RouteDeps, 'pool' | 'channels' | 'events' | 'starter' | 'unstarted' | 'publicUrl' | 'rates'>): Promise<void> {
  const claims = createSendClaims(pool);
  // Twilio posts a form; it is verified as sent, so it is kept as text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  /** An event Herald says about the delivery: stored, started, and noted for the sweeper if the start fails. */
  async function say(event: HeraldEvent, log: FastifyInstance['log']): Promise<void> {
    if (!(await events.insert(event))) return; // said before: a repeated callback
    await starter.start(event, { summary: `from Twilio's status callback` }).catch(async (err: Error) => {
      log.warn({ err, eventId: event.id }, 'could not start an event from a status callback; the start sweeper will');
      await unstarted.add(event.appId, event.id, err.message);
    });
  }

  app.post(
    '/callbacks/sms/:appId/:eventId/:routeId',
    { schema: { hide: true, params: Type.Object({ appId: Type.String({ maxLength: 256 }), eventId: Type.String({ maxLength: 256 }), routeId: Type.String({ maxLength: 256 }) }) } },
    async (request, reply) => {
      const { appId, eventId, routeId } = request.params as { appId: string; eventId: string; routeId: string };
      assertUnderRate(rates.callbacks, `${appId}/${routeId}`, 'status callbacks for this route', 'a fixed 500 a second per route');
      const target = await channels.target(appId, routeId);
      // The route's channel, or one of its fallbacks that a send moved to (another account's token).
      const authTokens = (target ? [target, ...(target.fallbacks ?? [])] : [])
        .filter((c) => c.channelType === 'sms' && typeof c.config?.authToken === 'string')
        .map((c) => c.config!.authToken as string);
      if (authTokens.length === 0) throw notFound('route');
      const params = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const url = `${publicOrigin(request, publicUrl)}${request.url}`;
      const signature = request.headers['x-twilio-signature'] as string | undefined;
      if (!authTokens.some((token) => isTwilioSignatureValid(token, url, params, signature))) {
        throw new HttpError(403, 'bad_signature', 'X-Twilio-Signature does not verify under the channel\'s auth token for this URL');
      }
      const status = params.get('MessageStatus') ?? params.get('SmsStatus') ?? '';
      const settled = FINAL[status];
      if (!settled) return reply.code(204).send(); // queued, sent, …: not the end yet
      const code = params.get('ErrorCode') ?? undefined;
      const error = settled === 'failed' ? `Twilio: ${status}${code ? ` (error ${code}${CARRIER_REJECTIONS[code] ? `: ${CARRIER_REJECTIONS[code]}` : ''})` : ''}` : undefined;
      // A fast provider can call back before the round that sent the message has written its
      // delivery (another route of the round may hold it for seconds): the status is kept with the
      // send's claim, which that round applies; settled again here in case the row came between.
      let changed = (await events.settlePending(appId, eventId, routeId, settled, error)) === 'settled';
      if (!changed && (await claims.settleEarly({ appId, eventId, routeId }, settled, error))) {
        await events.settlePending(appId, eventId, routeId, settled, error);
        changed = true;
      }
      const to = params.get('To') ?? '';
      if (changed && code && CARRIER_REJECTIONS[code]) {
        const key = createHash('sha256').update(`${appId}/${eventId}/${routeId}`).digest('hex').slice(0, 24);
        const occurredAt = new Date().toISOString();
        await say({ appId, id: `evt_rejected_${key}`, type: 'message.rejected', occurredAt, data: { code, message: CARRIER_REJECTIONS[code], description: `the carrier refused the SMS (Twilio ${status}, error ${code})`, channel: 'sms', eventId, to } }, request.log);
        await say({ appId, id: `evt_bounce_${key}`, type: 'sms.delivery_report', occurredAt, data: { messageId: params.get('MessageSid') ?? eventId, contactId: to, phoneNumber: to, status: 'bounced', code, eventId } }, request.log);
      }
      return reply.code(204).send();
    },
  );
}
