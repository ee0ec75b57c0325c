/** The MTProto id of a source's current profile photo (`sources.photo_id`). */
import type { Kysely, Migration } from "kysely";

/** Adds `sources.photo_id`. */
export function sourcePhotoMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("sources").addColumn("photo_id", "text").execute();
    },
  };
}
