/** Helpers shared by the repositories. */
import type { Kysely } from "kysely";
import type { Media } from "../../domain/index.js";
import type { Database } from "../database.js";
import type { StoreDialect } from "../dialects/index.js";
import { decodeMedia } from "./message-codec.js";

/** `items` in consecutive slices of at most `size` (at least 1). */
export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  const step = Math.max(1, size);
  for (let i = 0; i < items.length; i += step) yield items.slice(i, i + step);
}

/** Media of the given message row ids, by message row id, in position order. */
export async function loadMedia(dialect: StoreDialect, db: Kysely<Database>, ids: number[]): Promise<Map<number, Media[]>> {
  const byMessage = new Map<number, Media[]>();
  for (const part of chunks(ids, dialect.maxParameters)) {
    const media = await db
      .selectFrom("media")
      .selectAll()
      .where("message_row_id", "in", part)
      .orderBy("message_row_id")
      .orderBy("position")
      .execute();
    for (const row of media) {
      const list = byMessage.get(row.message_row_id);
      if (list === undefined) byMessage.set(row.message_row_id, [decodeMedia(row)]);
      else list.push(decodeMedia(row));
    }
  }
  return byMessage;
}
