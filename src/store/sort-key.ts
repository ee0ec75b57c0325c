/**
 * The sort key of a message: `date * 2^31 + id` (date in unix seconds, id the row id, below 2^31).
 * Ordering by it is ordering by (date, id); a date range is a sort-key range. SQLite's full-text
 * index is keyed by it, so FTS5 returns matches newest-first and stops after a page.
 * Dates between 1833 and 2106 fit in the signed 64-bit key.
 */
import { sql, type Expression, type RawBuilder } from "kysely";
import { InvalidOptionError } from "../domain/index.js";
import type { Int8 } from "./database.js";

const ID_BITS = 31;
const ID_SPAN = 2n ** BigInt(ID_BITS);
const CURSOR_PREFIX = "k";

/** Sort key of a message dated `dateSeconds` (unix seconds) stored with row id `id`. */
export function sortKey(dateSeconds: number, id: number): bigint {
  return BigInt(dateSeconds) * ID_SPAN + BigInt(id);
}

/** SQL of the generated `messages.sort_key` column. */
export function sortKeyColumnSql(): RawBuilder<Int8> {
  return sql<Int8>`date * ${sql.lit(2 ** ID_BITS)} + id`;
}

/** SQL for the row id of a sort-key expression. */
export function rowIdOfSortKeySql(key: Expression<unknown>): RawBuilder<number> {
  return sql<number>`(${key} & ${sql.lit(2 ** ID_BITS - 1)})`;
}

/** Smallest sort key of a message dated at or after `date`. */
export function firstSortKeyAtOrAfter(date: Date): bigint {
  return BigInt(Math.ceil(date.getTime() / 1000)) * ID_SPAN;
}

/** Opaque page cursor for the message with this sort key. */
export function encodeCursor(key: bigint): string {
  return Buffer.from(`${CURSOR_PREFIX}${key}`).toString("base64url");
}

/**
 * The sort key a page cursor stands for.
 *
 * @throws {InvalidOptionError} when the cursor was not produced by {@link encodeCursor}
 */
export function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, "base64url").toString();
  if (!/^k-?\d{1,19}$/.test(text) || encodeCursor(BigInt(text.slice(1))) !== cursor) {
    throw new InvalidOptionError("cursor", `"${cursor}" is not a cursor of this archive; pass the nextCursor of the previous page`);
  }
  return BigInt(text.slice(1));
}
