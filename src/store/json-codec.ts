/**
 * JSON columns: canonical (keys sorted, `undefined` dropped) so equal values give equal text, and
 * lossless for the non-JSON values of the domain: `bigint` is written as `{"$bigint":"-100…"}` and
 * `Date` as `{"$date":<unix ms>}`.
 */

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** Canonical JSON text of a domain value (objects, arrays, primitives, bigints, dates). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(toPlain(value));
}

/** Like {@link encodeJson}, `null` for `undefined`. */
export function encodeOptionalJson(value: unknown): string | null {
  return value === undefined ? null : encodeJson(value);
}

/** Parses text written by {@link encodeJson}, restoring bigints and dates. */
export function decodeJson<T>(text: string): T {
  return (text.includes('"$') ? JSON.parse(text, revive) : JSON.parse(text)) as T;
}

/** Like {@link decodeJson}, `undefined` for `null`. */
export function decodeOptionalJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : decodeJson<T>(text);
}

function toPlain(value: unknown): Plain {
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return { $bigint: value.toString() };
    return value as Plain;
  }
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toPlain(item)));
  const out: { [key: string]: Plain } = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = toPlain(item);
  }
  return out;
}

function revive(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const tagged = value as { $bigint?: unknown; $date?: unknown };
  if (typeof tagged.$bigint === "string") return BigInt(tagged.$bigint);
  if (typeof tagged.$date === "number") return new Date(tagged.$date);
  return value;
}
