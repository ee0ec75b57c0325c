/**
 * Schema migrations, listed in code (no file discovery) and applied with Kysely's `Migrator`.
 */
import { Migrator, type Migration } from "kysely";
import type { Logger } from "../../lib/index.js";
import type { StoreDialect } from "../dialects/index.js";
import { initialMigration } from "./0001-initial.js";
import { accountsMigration } from "./0002-accounts.js";
import { commentsMigration } from "./0003-comments.js";
import { mediaRemoteMigration } from "./0004-media-remote.js";
import { jobsMigration } from "./0005-jobs.js";
import { sourcePhotoMigration } from "./0006-source-photo.js";

/** Every migration by name; names sort in the order they apply. */
export function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    "0001_initial": initialMigration(dialect),
    "0002_accounts": accountsMigration(dialect),
    "0003_comments": commentsMigration(),
    "0004_media_remote": mediaRemoteMigration(),
    "0005_jobs": jobsMigration(dialect),
    "0006_source_photo": sourcePhotoMigration(),
  };
}

/**
 * Applies the migrations the database lacks.
 *
 * @throws the failing migration's database error (earlier ones stay applied)
 */
export async function migrateToLatest(dialect: StoreDialect, logger?: Logger): Promise<void> {
  const migrator = new Migrator({
    db: dialect.db,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableSchema: dialect.schemaName,
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === "Success") logger?.info({ migration: result.migrationName }, "applied database migration");
  }
  if (error !== undefined) throw error;
}
