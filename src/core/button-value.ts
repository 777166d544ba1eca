// The one form of a button's value: parts joined by ":" (ids and tokens never contain one). Platforms
// send the value back verbatim, so parsing is also where a forged or outdated value is refused.
export const SEPARATOR = ':';

export function buttonValue(...parts: string[]): string {
  return parts.join(SEPARATOR);
}

/** The parts, when there are between `min` and `max` of them and none is empty; otherwise undefined. */
export function buttonParts(value: string, min: number, max = min): string[] | undefined {
  const parts = value.split(SEPARATOR);
  return parts.length >= min && parts.length <= max && parts.every((p) => p !== '') ? parts : undefined;
}
