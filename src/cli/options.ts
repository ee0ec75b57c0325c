/**
 * Parsing of CLI option values into typed values, with errors that name the option and the fix.
 */
import { InvalidOptionError, parseUserDate } from "../domain/index.js";

/**
 * Parses a date option: `YYYY-MM-DD` (UTC midnight) or an ISO 8601 date-time.
 *
 * @param endOfDay - for upper bounds: a date-only value means the end of that day (next midnight, exclusive)
 * @throws {InvalidOptionError} when the value is not a date
 */
export function parseDateOption(option: string, value: string, endOfDay = false): Date {
  const date = parseUserDate(value, endOfDay);
  if (!date) {
    throw new InvalidOptionError(option, `"${value}" is not a date; use YYYY-MM-DD or an ISO 8601 date-time such as 2024-05-01T12:00:00Z`);
  }
  return date;
}

/**
 * Parses a positive integer option.
 * @throws {InvalidOptionError} for anything but a whole number ≥ 1 (≤ `max`)
 */
export function parsePositiveInt(option: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new InvalidOptionError(option, `"${value}" must be a whole number from 1 to ${max}`);
  }
  return Number(value);
}
