/**
 * What differs between SQLite and PostgreSQL, behind one interface. Everything else in `store/` is
 * dialect-agnostic Kysely.
 */
import type { AliasedSelectQueryBuilder, Compilable, Kysely, SelectQueryBuilder } from "kysely";
import type { SearchQuery } from "../../domain/index.js";
import type { Database } from "../database.js";

/** Which messages a query selects, as sort-key bounds (see `sort-key.ts`) and source row ids. */
export interface KeyFilter {
  /** Parsed full-text query; absent or without terms = every message. */
  text?: SearchQuery;
  /** Only these source row ids; absent = every source. */
  sourceIds?: number[];
  /** Smallest sort key to include. */
  fromKey?: bigint;
  /** Sort keys strictly below this one. */
  toKey?: bigint;
  /** Sort-key order; absent = any order (for counting). */
  order?: "asc" | "desc";
  /** Page size; absent = every match. */
  limit?: number;
}

/** Row ids of matching messages, in order, as a subquery `hit` with one column `id`. */
export type KeysQuery = AliasedSelectQueryBuilder<{ id: number }, "hit">;

/** Column types that differ in the schema. */
export interface DialectSchema {
  /** Type of an auto-incremented integer primary key (`integer` is SQLite's rowid alias). */
  serialId: "integer" | "serial";
}

/** One database engine under the store. */
export interface StoreDialect {
  readonly name: "sqlite" | "postgres";
  readonly db: Kysely<Database>;
  readonly schema: DialectSchema;
  /** Schema of the archive's tables and Kysely's migration tables; absent on SQLite. */
  readonly schemaName?: string;
  /** Most bind parameters one statement may carry. */
  readonly maxParameters: number;
  /**
   * Runs `work` in a write transaction and commits, or rolls back and rethrows. SQLite takes the write
   * lock up front (`BEGIN IMMEDIATE`) so a concurrent writer waits `busy_timeout` instead of failing.
   */
  writeTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs a select on `db`'s connection (inside its transaction, if any) and returns each row as its
   * column values in select order: wide rows are read about twice as fast as objects.
   */
  selectRows(db: Kysely<Database>, query: Compilable): Promise<unknown[][]>;
  /** Creates the full-text index over `messages.search_text` (migration step). */
  createSearchIndex(db: Kysely<unknown>): Promise<void>;
  /**
   * `query`, made to lock the rows it selects until the transaction ends, skipping rows another
   * transaction holds: PostgreSQL `for update skip locked`, so workers on several machines claim
   * different jobs without waiting for each other. SQLite has no row locks and needs none there:
   * {@link StoreDialect.writeTransaction} excludes every other writer, so `query` is returned as is.
   */
  skipLockedRows<TB extends keyof Database, O>(query: SelectQueryBuilder<Database, TB, O>): SelectQueryBuilder<Database, TB, O>;
  /** Row ids of the messages `filter` selects, in its order. */
  selectKeys(db: Kysely<Database>, filter: KeyFilter): KeysQuery;
  /** Closes the connection(s). */
  destroy(): Promise<void>;
}
