// Cutting a text to a provider's limit without breaking a character. Pure and free of Node
// built-ins: the event workflow uses it for a notice's preview.

export const MAX_BODY_CHARACTERS = 140;

/** Cut to `max` characters on a character boundary (never inside a surrogate pair), with an ellipsis. */
export function cutText(text: string, max = MAX_BODY_CHARACTERS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
