/**
 * TL objects ↔ JSON text, losslessly: mtcute's TL objects are plain objects tagged by `_` holding
 * numbers, strings, booleans, arrays, `Long`s (64-bit integers) and `Uint8Array`s (bytes). `Long`s
 * become `{"$long": "<decimal>"}` and bytes `{"$bytes": "<base64>"}`.
 */
import { Long } from "@mtcute/node";

/** JSON text of a TL object (or of any value made of the types above). */
export function encodeTlJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (Long.isLong(item)) return { $long: item.toString() };
    if (item instanceof Uint8Array) return { $bytes: Buffer.from(item).toString("base64") };
    if (item && typeof item === "object" && (item as { type?: unknown }).type === "Buffer" && Array.isArray((item as { data?: unknown }).data)) {
      // Buffer#toJSON ran before the replacer saw the Buffer.
      return { $bytes: Buffer.from((item as { data: number[] }).data).toString("base64") };
    }
    return item;
  });
}

/**
 * The TL object of {@link encodeTlJson}'s text.
 *
 * @throws {SyntaxError} for text that is not JSON
 */
export function decodeTlJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item && typeof item === "object" && !Array.isArray(item)) {
      const tagged = item as { $long?: unknown; $bytes?: unknown };
      if (typeof tagged.$long === "string" && Object.keys(item).length === 1) return Long.fromString(tagged.$long);
      if (typeof tagged.$bytes === "string" && Object.keys(item).length === 1) return new Uint8Array(Buffer.from(tagged.$bytes, "base64"));
    }
    return item;
  }) as T;
}
