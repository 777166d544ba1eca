// What a button or a modal carries back to the bot: a short versioned payload in Discord's custom_id
// (at most 100 characters). The version lets a later bot tell its own buttons from an older bot's,
// which are answered as outdated instead of being misread.
export const CUSTOM_ID_VERSION = '1';
export const MAX_CUSTOM_ID = 100;
const SEPARATOR = '|';

/** A button: "1|<actionId>|<value>". Throws when it would not fit Discord's limit (a bug in the caller). */
export function buttonCustomId(actionId: string, value: string): string {
  return fit([CUSTOM_ID_VERSION, actionId, value].join(SEPARATOR));
}

/** A modal: "1|<formId>". */
export function modalCustomId(formId: string): string {
  return fit([CUSTOM_ID_VERSION, formId].join(SEPARATOR));
}

/** The action behind a button, or undefined for one from another version of the bot (or forged). */
export function parseButtonCustomId(customId: string): { actionId: string; value: string } | undefined {
  const [version, actionId, ...rest] = customId.split(SEPARATOR);
  if (version !== CUSTOM_ID_VERSION || !actionId || rest.length === 0) return undefined;
  return { actionId, value: rest.join(SEPARATOR) };
}

export function parseModalCustomId(customId: string): string | undefined {
  const [version, formId, ...rest] = customId.split(SEPARATOR);
  return version === CUSTOM_ID_VERSION && formId && rest.length === 0 ? formId : undefined;
}

function fit(customId: string): string {
  if (customId.length > MAX_CUSTOM_ID) throw new RangeError(`custom_id of ${customId.length} characters exceeds Discord's ${MAX_CUSTOM_ID}: ${customId.slice(0, 40)}…`);
  return customId;
}
