/**
 * The archive's tables: sources, messages (with the dialect's full-text index), media, message edits,
 * cursors. See `database.ts` for the meaning of each column.
 */
import { sql, type Kysely, type Migration } from "kysely";
import type { StoreDialect } from "../dialects/index.js";
import { sortKeyColumnSql } from "../sort-key.js";

/** Creates the initial schema. */
export function initialMigration(dialect: StoreDialect): Migration {
  const id = dialect.schema.serialId;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("sources")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("peer_id", "bigint")
        .addColumn("kind", "text")
        .addColumn("username", "text")
        .addColumn("usernames", "text")
        .addColumn("title", "text")
        .addColumn("about", "text")
        .addColumn("member_count", "integer")
        .addColumn("member_count_approximate", "boolean")
        .addColumn("online_count", "integer")
        .addColumn("photo_url", "text")
        .addColumn("verified", "boolean")
        .addColumn("scam", "boolean")
        .addColumn("fake", "boolean")
        .addColumn("restricted", "boolean")
        .addColumn("linked_chat_id", "bigint")
        .addColumn("counters", "text")
        .addColumn("collected_via", "text", (c) => c.notNull())
        .addColumn("first_seen_at_ms", "bigint", (c) => c.notNull())
        .addColumn("last_collected_at_ms", "bigint")
        .addColumn("updated_at_ms", "bigint", (c) => c.notNull())
        .addColumn("message_count", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("first_message_date", "bigint")
        .addColumn("last_message_date", "bigint")
        .execute();
      await db.schema.createIndex("sources_peer_id").unique().on("sources").column("peer_id").execute();
      await db.schema.createIndex("sources_username").on("sources").expression(sql`lower(username)`).execute();

      await db.schema
        .createTable("messages")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("source_id", "integer", (c) => c.notNull().references("sources.id").onDelete("cascade"))
        .addColumn("message_id", "integer", (c) => c.notNull())
        .addColumn("date", "bigint", (c) => c.notNull())
        .addColumn("edit_date", "bigint")
        .addColumn("edited", "boolean", (c) => c.notNull())
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("entities", "text", (c) => c.notNull())
        .addColumn("views", "integer")
        .addColumn("views_approximate", "boolean")
        .addColumn("forwards", "integer")
        .addColumn("replies_count", "integer")
        .addColumn("reactions", "text", (c) => c.notNull())
        .addColumn("post_author", "text")
        .addColumn("sender", "text")
        .addColumn("grouped_id", "text")
        .addColumn("reply_to", "text")
        .addColumn("forward", "text")
        .addColumn("via_bot", "text")
        .addColumn("service", "text")
        .addColumn("buttons", "text")
        .addColumn("media_kinds", "text")
        .addColumn("urls", "text", (c) => c.notNull())
        .addColumn("hashtags", "text", (c) => c.notNull())
        .addColumn("mentions", "text", (c) => c.notNull())
        .addColumn("search_text", "text", (c) => c.notNull())
        .addColumn("content_hash", "text", (c) => c.notNull())
        .addColumn("collected_via", "text", (c) => c.notNull())
        .addColumn("collected_at_ms", "bigint", (c) => c.notNull())
        .addColumn("updated_at_ms", "bigint", (c) => c.notNull())
        .addColumn("deleted_at_ms", "bigint")
        .addColumn("sort_key", "bigint", (c) => c.notNull().generatedAlwaysAs(sortKeyColumnSql()).stored())
        .addUniqueConstraint("messages_source_message", ["source_id", "message_id"])
        .execute();
      await db.schema.createIndex("messages_sort_key").unique().on("messages").column("sort_key").execute();
      await db.schema.createIndex("messages_source_sort_key").on("messages").columns(["source_id", "sort_key"]).execute();

      await db.schema
        .createTable("media")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("message_row_id", "integer", (c) => c.notNull().references("messages.id").onDelete("cascade"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("mime_type", "text")
        .addColumn("size_bytes", "bigint")
        .addColumn("width", "integer")
        .addColumn("height", "integer")
        .addColumn("duration_seconds", "double precision")
        .addColumn("file_name", "text")
        .addColumn("title", "text")
        .addColumn("performer", "text")
        .addColumn("url", "text")
        .addColumn("emoji", "text")
        .addColumn("too_big", "boolean")
        .addColumn("sha256", "text")
        .addColumn("local_path", "text")
        .addColumn("poll", "text")
        .addColumn("webpage", "text")
        .addUniqueConstraint("media_message_position", ["message_row_id", "position"])
        .execute();

      await db.schema
        .createTable("message_edits")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("message_row_id", "integer", (c) => c.notNull().references("messages.id").onDelete("cascade"))
        .addColumn("edit_date", "bigint")
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("entities", "text", (c) => c.notNull())
        .addColumn("content_hash", "text", (c) => c.notNull())
        .addColumn("replaced_at_ms", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("message_edits_message").on("message_edits").column("message_row_id").execute();

      await db.schema
        .createTable("cursors")
        .addColumn("source_id", "integer", (c) => c.notNull().references("sources.id").onDelete("cascade"))
        .addColumn("direction", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("updated_at_ms", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("cursors_pkey", ["source_id", "direction"])
        .execute();

      await dialect.createSearchIndex(db);
    },
  };
}
