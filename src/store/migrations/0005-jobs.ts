/**
 * Background jobs (`jobs`): collections started from the API and run by `tgscope serve`. See
 * `database.ts` for the meaning of each column.
 */
import type { Kysely, Migration } from "kysely";
import type { StoreDialect } from "../dialects/index.js";

/** Creates `jobs` with the index workers claim from. */
export function jobsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("jobs")
        .addColumn("id", dialect.schema.serialId, (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("params", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("progress", "text")
        .addColumn("result", "text")
        .addColumn("error", "text")
        .addColumn("created_at_ms", "bigint", (c) => c.notNull())
        .addColumn("started_at_ms", "bigint")
        .addColumn("finished_at_ms", "bigint")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("not_before_ms", "bigint")
        .addColumn("locked_by", "text")
        .addColumn("heartbeat_at_ms", "bigint")
        .execute();
      // Claims look for the oldest due queued job; stale checks for running ones.
      await db.schema.createIndex("jobs_state_id").on("jobs").columns(["state", "id"]).execute();
    },
  };
}
