/**
 * Opens the archive named by a database URL and brings its schema up to date.
 */
import { InvalidOptionError } from "../domain/index.js";
import type { Logger } from "../lib/index.js";
import { openPostgresDialect, openSqliteDialect, type StoreDialect } from "./dialects/index.js";
import { KyselyStore } from "./kysely-store.js";
import { migrateToLatest } from "./migrations/index.js";
import type { Store } from "./store.js";

/** How to open the archive. */
export interface OpenStoreOptions {
  /**
   * `sqlite:/abs/path.db` (the directory is created), `sqlite::memory:`, or
   * `postgres://user[:password]@host[:port]/database` (`postgresql://` too).
   */
  databaseUrl: string;
  /** SQLite: how long to wait for another process's write lock, in milliseconds (default 10000). */
  sqliteBusyTimeoutMs?: number;
  /** Receives one line per applied migration. */
  logger?: Logger;
  /** PostgreSQL: keep the archive in this schema (created when missing), e.g. to isolate tests. */
  postgresSchema?: string;
}

/** Default of {@link OpenStoreOptions.sqliteBusyTimeoutMs}. */
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the archive and applies pending migrations.
 *
 * @throws {InvalidOptionError} when `databaseUrl` is neither `sqlite:` nor `postgres://`, or the
 *   schema name is not a plain identifier
 * @throws the driver's error when the database cannot be opened or migrated
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const dialect = await openDialect(options);
  try {
    await migrateToLatest(dialect, options.logger);
  } catch (error) {
    await dialect.destroy();
    throw error;
  }
  return new KyselyStore(dialect);
}

async function openDialect(options: OpenStoreOptions): Promise<StoreDialect> {
  const url = options.databaseUrl;
  if (url.startsWith("sqlite:")) {
    return openSqliteDialect({
      filename: url.slice("sqlite:".length),
      busyTimeoutMs: options.sqliteBusyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
    });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return openPostgresDialect({ connectionString: url, schema: options.postgresSchema });
  }
  throw new InvalidOptionError(
    "databaseUrl",
    `"${url.replace(/\/\/[^@/]*@/, "//…@")}" is not a database URL; use sqlite:/absolute/path.db or postgres://user@host:5432/database`,
  );
}
