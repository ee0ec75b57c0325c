/**
 * Media downloads: where an MTProto photo or document is on Telegram (`media.remote`), so it can be
 * fetched later; `sha256` and `local_path` (already in the schema) record the download.
 */
import type { Kysely, Migration } from "kysely";

/** Adds `media.remote` (existing rows: `null`). */
export function mediaRemoteMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("media").addColumn("remote", "text").execute();
    },
  };
}
