// Slack incoming webhooks: POST {text} to the URL Slack gave (https://api.slack.com/messaging/webhooks).
// The text is mrkdwn, where `<!channel>` pings everyone and `<url|label>` dresses a link: an event's
// text is escaped as Slack asks (https://api.slack.com/reference/surfaces/formatting#escaping),
// so only the three control characters change and a message reads as it was written.
import type { Channel } from './channel';
import { postJson } from './http-answer';
import { checkUrlField, WebhookUrlConfig } from './webhook-url';

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const slackChannel: Channel<{ url: string }> = {
  type: 'slack',
  configSchema: WebhookUrlConfig,
  secretFields: ['url'],
  destinationFields: ['url'],
  recipient: 'none',
  check: (config, { allowPrivateTargets }) => checkUrlField(config.url, '/url', allowPrivateTargets),
  targetUrls: (config) => [{ path: '/url', url: config.url }],
  createSender: ({ poster }) => (config, message) => postJson(poster, config.url, { text: escapeMrkdwn(message.text) }),
};
