/**
 * Multi-row inserts compiled once per table, column list and row count. Kysely builds one operation
 * node per value; for batches of thousands of rows that costs more than running the insert, so the
 * SQL is compiled from a template and reused with fresh parameters.
 */
import { CompiledQuery, sql, type Kysely } from "kysely";
import type { Database } from "../database.js";
import type { StoreDialect } from "../dialects/index.js";

/** Most rows in one statement; a batch's remainder is split in powers of two so few SQL texts exist. */
const MAX_ROWS_PER_STATEMENT = 256;

const compiled = new WeakMap<StoreDialect, Map<string, string>>();

/**
 * Inserts `rows` (objects with the same keys, in the same order) into `table`.
 *
 * @param returning - columns to return for each inserted row
 * @returns the returned rows (empty without `returning`), in no particular order
 */
export async function insertRows<T extends keyof Database & string>(
  dialect: StoreDialect,
  db: Kysely<Database>,
  table: T,
  rows: readonly Record<string, unknown>[],
  returning: readonly string[] = [],
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const largest = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(dialect.maxParameters / columns.length));
  const out: Record<string, unknown>[] = [];
  let done = 0;
  while (done < rows.length) {
    const count = statementSize(rows.length - done, largest);
    const parameters: unknown[] = [];
    for (let i = done; i < done + count; i++) {
      const row = rows[i]!;
      for (const column of columns) parameters.push(row[column]);
    }
    const sqlText = insertSql(dialect, table, columns, count, returning);
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(sqlText, parameters));
    out.push(...result.rows);
    done += count;
  }
  return out;
}

/** Rows in the next statement: `largest`, or the largest power of two that fits the remainder. */
function statementSize(remaining: number, largest: number): number {
  if (remaining >= largest) return largest;
  return 2 ** Math.floor(Math.log2(remaining));
}

function insertSql(dialect: StoreDialect, table: string, columns: string[], count: number, returning: readonly string[]): string {
  let cache = compiled.get(dialect);
  if (cache === undefined) compiled.set(dialect, (cache = new Map()));
  const key = `${table}(${columns.join(",")})×${count}→${returning.join(",")}`;
  let sqlText = cache.get(key);
  if (sqlText === undefined) {
    const values = sql`(${sql.join(columns.map(() => sql`${null}`))})`;
    const returned = returning.length === 0 ? sql`` : sql` returning ${sql.join(returning.map((column) => sql.ref(column)))}`;
    sqlText = sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))})
      values ${sql.join(Array.from({ length: count }, () => values))}${returned}`.compile(dialect.db).sql;
    cache.set(key, sqlText);
  }
  return sqlText;
}
