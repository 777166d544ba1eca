/** Prisma's own text form for DateTime on SQLite, so rows written with raw SQL read back like any other. */
export const timestamp = (date: Date): string => date.toISOString().replace('Z', '+00:00');
