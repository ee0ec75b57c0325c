/** Collection cursors: one JSON state per source and direction. */
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import type { CursorKey, JsonValue } from "../store.js";

/** The committed state of a cursor, `undefined` before its first batch. */
export async function findCursor(db: Kysely<Database>, key: CursorKey): Promise<JsonValue | undefined> {
  const row = await db
    .selectFrom("cursors")
    .select("state")
    .where("source_id", "=", key.sourceId)
    .where("direction", "=", key.direction)
    .executeTakeFirst();
  return row === undefined ? undefined : (JSON.parse(row.state) as JsonValue);
}

/** Inserts or replaces a cursor's state (inside the batch's transaction). */
export async function writeCursor(
  db: Kysely<Database>,
  cursor: CursorKey & { state: JsonValue },
  nowMs: number,
): Promise<void> {
  await db
    .insertInto("cursors")
    .values({ source_id: cursor.sourceId, direction: cursor.direction, state: JSON.stringify(cursor.state), updated_at_ms: nowMs })
    .onConflict((conflict) =>
      conflict.columns(["source_id", "direction"]).doUpdateSet((eb) => ({
        state: eb.ref("excluded.state"),
        updated_at_ms: eb.ref("excluded.updated_at_ms"),
      })),
    )
    .execute();
}
