// Link codes: short enough to type on a phone, without the characters people confuse (0/O, 1/I).
// 8 characters from 32 give 2^40 codes; a code lives 10 minutes, is used once, and wrong guesses are
// limited per account (guesses.ts), so guessing one is hopeless.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

export const CODE_TTL_MS = 10 * 60_000;

/** A fresh code as typed ("K7QX-M4PZ" shown; stored and compared without the hyphen). */
export function newLinkCode(): string {
  // 256 is a multiple of 32, so masking keeps every character equally likely.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(LENGTH));
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
}

/** Shown with a hyphen in the middle, which is easier to read back. */
export const showCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** What the person typed as a code: case, spaces and hyphens do not matter; anything else is not a code. */
export function normalizeCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}
