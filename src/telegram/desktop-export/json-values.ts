/**
 * Small readers for the loosely typed values of a Telegram Desktop `result.json`: numbers that may be
 * strings, peer references such as `"user123"`, and Desktop's two date forms.
 */
import { channelPeerId } from "../../domain/index.js";

/** A JSON object as the Assembler materialises it. */
export type JsonObject = Record<string, unknown>;

/** `value` when it is a non-array object, else `undefined`. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** `value` when it is a string, else `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A finite number from a JSON number or a decimal string (Desktop writes `date_unixtime` as `"1781699041"`). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** A bigint from a JSON integer or a string of digits; `undefined` for anything else. */
export function asBigInt(value: unknown): bigint | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return undefined;
}

/**
 * Converts a Desktop peer reference to a Bot-API peer id: `"user123"` → `123n`, `"channel123"` →
 * `-100123n`, `"chat123"` → `-123n`. Old exports write bare user ids (`4325636679`), read as users.
 */
export function peerIdFromRef(value: unknown): bigint | undefined {
  const bare = asBigInt(value);
  if (bare !== undefined) return bare;
  if (typeof value !== "string") return undefined;
  const match = /^(user|channel|chat)(\d+)$/.exec(value);
  if (!match) return undefined;
  const id = BigInt(match[2]!);
  if (match[1] === "channel") return channelPeerId(id);
  return match[1] === "chat" ? -id : id;
}

const LOCAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/**
 * Reads a Desktop date pair: `<key>_unixtime` (unix seconds as a string, authoritative UTC) or else
 * `<key>` (ISO 8601 local time of the exporting computer, without a zone), which is read as UTC
 * because the export does not say which zone it was written in.
 */
export function dateField(raw: JsonObject, key: string): Date | undefined {
  const seconds = asNumber(raw[`${key}_unixtime`]);
  if (seconds !== undefined) return new Date(seconds * 1000);
  const local = asString(raw[key]);
  if (local !== undefined && LOCAL_ISO.test(local)) return new Date(`${local}Z`);
  return undefined;
}
