/**
 * Media downloads: the archived MTProto photos and documents still to fetch, and where a fetched file
 * was put. Files themselves live in the data directory, named by their SHA-256.
 */
import type { Kysely } from "kysely";
import type { MediaRemote } from "../../domain/index.js";
import type { Database } from "../database.js";
import type { StoreDialect } from "../dialects/index.js";
import type { MediaDownload, MediaKey, PendingMedia, PendingMediaFilter } from "../store.js";
import { MEDIA_COLUMNS, decodeMedia } from "./media-codec.js";

/** Index of the first column selected after {@link MEDIA_COLUMNS}. */
const EXTRA = MEDIA_COLUMNS.length;

/**
 * The media items of a source awaiting download (see `Store.listPendingMedia`), by message id then
 * position.
 */
export async function listPendingMedia(dialect: StoreDialect, sourceId: number, filter: PendingMediaFilter): Promise<PendingMedia[]> {
  const kinds = [...new Set(filter.kinds)];
  if (kinds.length === 0) return [];
  const { maxSizeBytes, includeUnknownSize = false } = filter;
  let query = dialect.db
    .selectFrom("media")
    .innerJoin("messages", "messages.id", "media.message_row_id")
    .select([...MEDIA_COLUMNS.map((column) => `media.${column}` as const), "messages.message_id", "media.position"])
    .where("messages.source_id", "=", sourceId)
    .where("messages.deleted_at_ms", "is", null)
    .where("media.remote", "is not", null)
    .where("media.sha256", "is", null)
    .where("media.kind", "in", kinds);
  if (maxSizeBytes !== undefined) {
    query = query.where((eb) =>
      includeUnknownSize ? eb.or([eb("media.size_bytes", "<=", maxSizeBytes), eb("media.size_bytes", "is", null)]) : eb("media.size_bytes", "<=", maxSizeBytes),
    );
  }
  const rows = await dialect.selectRows(dialect.db, query.orderBy("messages.message_id").orderBy("media.position"));
  return rows.map((cells) => {
    const media = decodeMedia(cells);
    return {
      sourceId,
      messageId: Number(cells[EXTRA]),
      position: Number(cells[EXTRA + 1]),
      media: media as typeof media & { remote: MediaRemote },
    };
  });
}

/**
 * Records where a media item was downloaded (see `Store.markMediaDownloaded`).
 *
 * @returns `false` when no archived media item has this key
 */
export async function markMediaDownloaded(db: Kysely<Database>, key: MediaKey, download: MediaDownload): Promise<boolean> {
  const result = await db
    .updateTable("media")
    .set({ sha256: download.sha256, local_path: download.localPath })
    .where("position", "=", key.position)
    .where("message_row_id", "=", (eb) =>
      eb.selectFrom("messages").select("messages.id").where("messages.source_id", "=", key.sourceId).where("messages.message_id", "=", key.messageId),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
