/**
 * PostgreSQL (pg): a `tsvector` generated from the normalised search text with a GIN index; `int8`
 * values parsed as `bigint`.
 */
import pg from "pg";
import { Kysely, PostgresDialect, sql, type Compilable, type SelectQueryBuilder, type SqlBool } from "kysely";
import { InvalidOptionError } from "../../domain/index.js";
import type { Database } from "../database.js";
import { hasTerms, selectMessageKeys } from "./key-filter.js";
import type { DialectSchema, KeyFilter, KeysQuery, StoreDialect } from "./store-dialect.js";
import { tsqueryText } from "./tsquery.js";

/** How to open a PostgreSQL archive. */
export interface PostgresDialectOptions {
  /** `postgres://user[:password]@host[:port]/database`. */
  connectionString: string;
  /** Schema to keep the archive in (created when missing; lower-case letters, digits, `_`); default `public`. */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Connections per store: the API, jobs and exports of one process query concurrently. */
const POOL_SIZE = 10;

/**
 * Connects to PostgreSQL with `search_path` set to the archive's schema, creating `options.schema`
 * when given.
 *
 * @throws {InvalidOptionError} when the schema name is not a plain lower-case identifier
 */
export async function openPostgresDialect(options: PostgresDialectOptions): Promise<StoreDialect> {
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new InvalidOptionError("postgresSchema", `"${schema}" is not a plain schema name; use lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: POOL_SIZE,
    options: `-c search_path=${schema}`,
    types: { getTypeParser: typeParser },
  });
  const dialect = new PostgresStoreDialect(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), schema);
  if (options.schema === undefined) return dialect;
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(dialect.db);
  } catch (error) {
    await dialect.destroy();
    throw error;
  }
  return dialect;
}

/** pg's parsers, except `int8` → `bigint` (pg's default is a string). */
const typeParser = ((oid: number, format?: "text" | "binary") =>
  oid === pg.types.builtins.INT8 ? BigInt : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

class PostgresStoreDialect implements StoreDialect {
  readonly name = "postgres";
  readonly schema: DialectSchema = { serialId: "serial" };
  /** The wire protocol's limit on bind parameters. */
  readonly maxParameters = 65_535;

  constructor(
    readonly db: Kysely<Database>,
    readonly schemaName: string,
  ) {}

  writeTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async selectRows(db: Kysely<Database>, query: Compilable): Promise<unknown[][]> {
    const result = await db.executeQuery(query.compile());
    return result.rows.map((row) => Object.values(row as Record<string, unknown>));
  }

  async createSearchIndex(db: Kysely<unknown>): Promise<void> {
    await sql`alter table messages add column search_vector tsvector
      generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
    await sql`create index messages_search_vector on messages using gin (search_vector)`.execute(db);
  }

  skipLockedRows<TB extends keyof Database, O>(query: SelectQueryBuilder<Database, TB, O>): SelectQueryBuilder<Database, TB, O> {
    return query.forUpdate().skipLocked();
  }

  selectKeys(db: Kysely<Database>, filter: KeyFilter): KeysQuery {
    if (!hasTerms(filter.text)) return selectMessageKeys(db, filter);
    const condition = sql<SqlBool>`search_vector @@ to_tsquery('simple', ${tsqueryText(filter.text)})`;
    return selectMessageKeys(db, filter, condition);
  }

  destroy(): Promise<void> {
    return this.db.destroy();
  }
}
