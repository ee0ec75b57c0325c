/** Helpers shared by the repositories. */
import type { Kysely } from "kysely";
import type { Media } from "../../domain/index.js";
import type { Database } from "../database.js";
import type { StoreDialect } from "../dialects/index.js";
import { MEDIA_COLUMNS, decodeMedia, mediaMessageRowId } from "./media-codec.js";

/** `items` in consecutive slices of at most `size` (at least 1). */
export function* chunks<T>(items: T[], size: number): Generator<T[]> {
  const step = Math.max(1, size);
  for (let i = 0; i < items.length; i += step) yield items.slice(i, i + step);
}

/** Media of the given message row ids, by message row id, in position order. */
export async function loadMedia(dialect: StoreDialect, db: Kysely<Database>, ids: number[]): Promise<Map<number, Media[]>> {
  const byMessage = new Map<number, Media[]>();
  for (const part of chunks(ids, dialect.maxParameters)) {
    const query = db.selectFrom("media").select(MEDIA_COLUMNS).where("message_row_id", "in", part).orderBy("message_row_id").orderBy("position");
    for (const cells of await dialect.selectRows(db, query)) {
      const messageRowId = mediaMessageRowId(cells);
      const list = byMessage.get(messageRowId);
      if (list === undefined) byMessage.set(messageRowId, [decodeMedia(cells)]);
      else list.push(decodeMedia(cells));
    }
  }
  return byMessage;
}
