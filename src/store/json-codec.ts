/**
 * JSON columns: canonical (keys sorted, `undefined` dropped) so equal values give equal text, and
 * lossless for the non-JSON values of the domain: `bigint` is written as `{"$bigint":"-100…"}` and
 * `Date` as `{"$date":<unix ms>}`.
 */

/** Canonical JSON text of a domain value (objects, arrays, primitives, bigints, dates). */
export function encodeJson(value: unknown): string {
  return write(value) ?? "null";
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

/** JSON text of `value`, `undefined` for what JSON omits (undefined, functions, symbols). */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return `{"$bigint":"${value}"}`;
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? "null").join(",")}]`;
      if (value instanceof Date) return `{"$date":${value.getTime()}}`;
      return writeObject(value as Record<string, unknown>);
    default:
      return undefined;
  }
}

function writeObject(value: Record<string, unknown>): string {
  let out = "";
  for (const key of Object.keys(value).sort()) {
    const item = write(value[key]);
    if (item !== undefined) out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${item}`;
  }
  return `{${out}}`;
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
