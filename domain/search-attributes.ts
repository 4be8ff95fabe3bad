// Herald's custom search attributes, so the Temporal UI can filter by app, event type and user.
// Pure: the API and the workflows both set them.
import { SearchAttributeType, defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { SEARCH_ATTRIBUTE_NAMES } from './event-envelope';

const appIdKey = defineSearchAttributeKey(SEARCH_ATTRIBUTE_NAMES.appId, SearchAttributeType.KEYWORD);
const eventTypeKey = defineSearchAttributeKey(SEARCH_ATTRIBUTE_NAMES.eventType, SearchAttributeType.KEYWORD);

export const searchAttributeKeys = [appIdKey, eventTypeKey];

export function eventSearchAttributes(event: { appId: string; type: string }): SearchAttributePair[] {
  return [
    { key: appIdKey, value: event.appId },
    { key: eventTypeKey, value: event.type },
  ];
}

export function appSearchAttributes(appId: string): SearchAttributePair[] {
  return [{ key: appIdKey, value: appId }];
}
