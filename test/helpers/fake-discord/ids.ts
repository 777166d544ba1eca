// Snowflake-shaped ids (18 digits), so discord.js's route buckets and id checks treat them as real ones.
let next = 1_150_000_000_000_000_000n;

export function snowflake(): string {
  next += 1n;
  return String(next);
}

/** Interaction tokens look like Discord's: long and opaque, never reused. */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb24${snowflake()}${Math.random().toString(36).slice(2, 14)}`;
}
