/**
 * Telegram accounts (encrypted api hash and session) and each account's access-hash cache. See
 * `database.ts` for the meaning of each column.
 */
import { sql, type Kysely, type Migration } from "kysely";
import type { StoreDialect } from "../dialects/index.js";

/** Creates `accounts` and `account_peers`. */
export function accountsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("accounts")
        .addColumn("id", dialect.schema.serialId, (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("label", "text", (c) => c.notNull().unique())
        .addColumn("telegram_user_id", "bigint")
        .addColumn("username", "text")
        .addColumn("api_id", "integer", (c) => c.notNull())
        .addColumn("api_hash_sealed", "text", (c) => c.notNull())
        .addColumn("session_sealed", "text")
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("flood_wait_until_ms", "bigint")
        .addColumn("last_error", "text")
        .addColumn("created_at_ms", "bigint", (c) => c.notNull())
        .addColumn("updated_at_ms", "bigint", (c) => c.notNull())
        .execute();
      // "+15551234567" and "15551234567", "@MyBot" and "mybot" name the same account.
      await db.schema.createIndex("accounts_label_normalized").unique().on("accounts").expression(sql`lower(ltrim(label, '@+'))`).execute();
      await db.schema.createIndex("accounts_username").on("accounts").expression(sql`lower(username)`).execute();

      await db.schema
        .createTable("account_peers")
        .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
        .addColumn("peer_id", "bigint", (c) => c.notNull())
        .addColumn("access_hash", "text", (c) => c.notNull())
        .addColumn("updated_at_ms", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("account_peers_pkey", ["account_id", "peer_id"])
        .execute();
    },
  };
}
