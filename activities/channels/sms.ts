// SMS through a Twilio-compatible REST API: POST {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json,
// form-encoded To, From, Body, HTTP basic auth with the account SID and auth token. Its error JSON
// `{code, message, more_info}` is the rejection the app hears of (21211 invalid number, 21610
// unsubscribed recipient, …). https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
import { Type } from '@sinclair/typebox';
import type { Channel, ChannelResult } from './channel';
import { classifyHttpAnswer } from './http-answer';
import { checkUrlField } from './webhook-url';
import { jsonObjectOf } from './peer-text';

export const TWILIO_BASE_URL = 'https://api.twilio.com';

/** Errors that show the request never left: no connection was made (refused, no such host, none in time). */
const NEVER_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|connect ETIMEDOUT/;

/**
 * Error codes that are the account's problem rather than the recipient's
 * (https://www.twilio.com/docs/api/errors): 20003 authentication, 21212 invalid From, 21606 From
 * not SMS-capable, 21659 From not owned, 21608 trial account, 21610's opposite is the recipient's.
 */
const ACCOUNT_ERRORS = new Set(['20003', '20404', '21212', '21606', '21608', '21659']);

interface SmsConfig {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl?: string;
}

function providerError(excerpt: string | undefined): { code?: string; message?: string; moreInfo?: string } {
  const body = jsonObjectOf(excerpt);
  return {
    ...(body.code !== undefined && body.code !== null && { code: String(body.code) }),
    ...(typeof body.message === 'string' && { message: body.message }),
    ...(typeof body.more_info === 'string' && { moreInfo: body.more_info }),
  };
}

export const smsChannel: Channel<SmsConfig> = {
  type: 'sms',
  configSchema: Type.Object(
    {
      accountSid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
      authToken: Type.String({ minLength: 1, maxLength: 256 }),
      from: Type.String({ pattern: '^(\\+?[0-9]{3,15}|[A-Za-z0-9 ]{1,11}|MG[0-9a-fA-F]{32})$', description: 'a phone number, short code, alphanumeric sender id or messaging service SID' }),
      baseUrl: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: `default ${TWILIO_BASE_URL}` })),
    },
    { additionalProperties: false },
  ),
  secretFields: ['authToken'],
  // A text message cannot be taken back, nor told apart by the phone when it comes twice.
  atMostOnce: true,
  statusCallbacks: true,
  destinationFields: ['baseUrl', 'accountSid'],
  recipient: 'phone',
  check: (config, { allowPrivateTargets }) => (config.baseUrl ? checkUrlField(config.baseUrl, '/baseUrl', allowPrivateTargets) : []),
  targetUrls: (config) => (config.baseUrl ? [{ path: '/baseUrl', url: config.baseUrl }] : []),
  createSender: ({ poster }) =>
    async function sendSms(config, message): Promise<ChannelResult> {
      const base = (config.baseUrl ?? TWILIO_BASE_URL).replace(/\/+$/, '');
      const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
      // With a StatusCallback, Twilio's 201 ("queued") is not yet delivered: its callback says
      // delivered, undelivered or failed (api/routes/sms-status.ts).
      const form = new URLSearchParams({ To: message.to ?? '', From: config.from, Body: message.text, ...(message.statusCallback && { StatusCallback: message.statusCallback }) }).toString();
      const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
      const answer = await poster.post(url, { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, form);
      const result = classifyHttpAnswer(answer);
      // No answer after the request may have reached Twilio (a timeout, a reset mid-answer): it
      // may have been sent, and an SMS goes at most once — failed, not retried. Only a connection
      // that never opened is tried again.
      if (answer.statusCode === undefined && !answer.refused && !NEVER_SENT.test(answer.error ?? '')) {
        return { ...result, outcome: 'failed', error: `no answer from the SMS provider (${answer.error ?? 'none'}): it may have been sent, so it is not sent again` };
      }
      const error = providerError(answer.responseExcerpt);
      if (result.outcome === 'delivered') {
        const sid = jsonObjectOf(answer.responseExcerpt).sid;
        return { ...result, ...(message.statusCallback && { outcome: 'accepted' as const }), ...(typeof sid === 'string' && sid && { providerId: sid }) };
      }
      const described = { ...(error.code && { code: error.code }), ...(error.message && { error: error.message }), ...(error.moreInfo && { description: error.moreInfo }) };
      // The account's own problems (a From it does not own or that cannot send SMS, a trial
      // account): the channel's config, not the recipient.
      if (error.code && ACCOUNT_ERRORS.has(error.code)) return { ...result, ...described, outcome: 'misconfigured', error: error.message ?? `HTTP ${answer.statusCode}` };
      // Any other 4xx (401/403/404 aside, which are the account's; 408/429, which pass) is the
      // provider refusing this message — a bad or unsubscribed number: the app is told.
      if (result.outcome === 'failed') return { ...result, ...described, outcome: 'rejected', error: error.message ?? `HTTP ${answer.statusCode}` };
      return { ...result, ...described };
    },
};
