// The last conversion is kept: a busy tick writes the same instant tens of thousands of times.
let last = { ms: Number.NaN, text: '' };

/** Prisma's own text form for DateTime on SQLite, so rows read back alike whoever wrote them. */
export const timestamp = (date: Date): string => {
  const ms = date.getTime();
  if (ms !== last.ms) last = { ms, text: date.toISOString().replace('Z', '+00:00') };
  return last.text;
};

/** Reads both that form and SQLite's CURRENT_TIMESTAMP default ("2026-12-01 19:52:34", UTC). */
export const fromTimestamp = (text: string): Date => new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
