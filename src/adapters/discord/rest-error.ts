// Discord's REST errors carry the request URL, and an interaction's URL holds its token (a credential for
// 15 minutes). Every call the adapter makes goes through `discordCall`, which rethrows failures as a
// DiscordCallError with the token-bearing parts of the path replaced, so no log ever shows one.
import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';

export class DiscordCallError extends Error {
  override readonly name = 'DiscordCallError';
  constructor(
    message: string,
    readonly status: number | undefined,
    /** Discord's JSON error code (e.g. 50013 Missing Permissions), when it sent one. */
    readonly code: number | string | undefined,
    readonly route: string,
  ) {
    super(message);
  }

  get alreadyAcknowledged(): boolean {
    return this.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
  }
}

/** The path without interaction and webhook tokens: /webhooks/<app>/<token>/…, /interactions/<id>/<token>/…. */
export function redactRoute(text: string): string {
  return text
    .replace(/https?:\/\/[^/\s]+/g, '')
    .replace(/(\/webhooks\/\d+\/)[^/?\s)]+/g, '$1<token>')
    .replace(/(\/interactions\/\d+\/)[^/?\s)]+/g, '$1<token>');
}

export async function discordCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DiscordAPIError) throw new DiscordCallError(`${what}: ${redactRoute(error.message)}`, error.status, error.code, `${error.method.toUpperCase()} ${redactRoute(error.url)}`);
    if (error instanceof HTTPError) throw new DiscordCallError(`${what}: ${redactRoute(error.message)}`, error.status, undefined, `${error.method.toUpperCase()} ${redactRoute(error.url)}`);
    if (error instanceof Error) throw new DiscordCallError(`${what}: ${error.name}: ${redactRoute(error.message)}`, undefined, undefined, '');
    throw new DiscordCallError(`${what}: ${String(error)}`, undefined, undefined, '');
  }
}
