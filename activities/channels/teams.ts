// Microsoft Teams incoming webhooks (and Workflows' "post to a channel when a webhook request is
// received"): a message carrying one Adaptive Card with the subject and the text.
// https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
import type { Channel } from './channel';
import { postJson } from './http-answer';
import { checkUrlField, WebhookUrlConfig } from './webhook-url';

export const teamsChannel: Channel<{ url: string }> = {
  type: 'teams',
  configSchema: WebhookUrlConfig,
  secretFields: ['url'],
  destinationFields: ['url'],
  recipient: 'none',
  check: (config, { allowPrivateTargets }) => checkUrlField(config.url, '/url', allowPrivateTargets),
  targetUrls: (config) => [{ path: '/url', url: config.url }],
  createSender: ({ poster }) => (config, message) =>
    postJson(poster, config.url, {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: message.subject, weight: 'Bolder', size: 'Medium', wrap: true },
              { type: 'TextBlock', text: message.text, wrap: true },
            ],
          },
        },
      ],
    }),
};
