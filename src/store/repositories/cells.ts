/** Rows read as arrays of column values (see `StoreDialect.selectRows`). */

/** A selected row: its column values in select order. */
export type Cells = readonly unknown[];

/**
 * A typed reader of rows selected with `columns` (then any extra columns): `read(cells, "text")` is
 * the value of column `text`, typed from the row type `R`.
 */
export function cellReader<R, C extends readonly (keyof R & string)[]>(columns: C): <K extends C[number]>(cells: Cells, name: K) => R[K] {
  const at = Object.fromEntries(columns.map((name, i) => [name, i])) as Record<C[number], number>;
  return (cells, name) => cells[at[name]] as R[typeof name];
}
