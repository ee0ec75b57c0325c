/**
 * Dates as users type them in filters (`--from`, `?to=`): `YYYY-MM-DD` or an ISO 8601 date-time.
 */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a user-typed date. A date-only value is UTC midnight; with `endOfDay` (for upper bounds) it
 * is the next midnight, so `--to 2024-05-01` includes that whole day.
 *
 * @returns the instant, or `undefined` when the value is not a date
 */
export function parseUserDate(value: string, endOfDay = false): Date | undefined {
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return undefined;
  return endOfDay && dateOnly ? new Date(date.getTime() + 86_400_000) : date;
}
