/** Database engines under the store: SQLite and PostgreSQL. */
export type { DialectSchema, KeyFilter, KeysQuery, StoreDialect } from "./store-dialect.js";
export { openSqliteDialect, type SqliteDialectOptions } from "./sqlite.js";
export { openPostgresDialect, type PostgresDialectOptions } from "./postgres.js";
