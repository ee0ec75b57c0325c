/**
 * Sources: upsert by peer id / username / title, lookups by the references users type, and the
 * list with archive statistics.
 */
import { sql, type Kysely } from "kysely";
import { SourceNotFoundError, normalizeUsername, type CollectedVia, type Source } from "../../domain/index.js";
import type { Database } from "../database.js";
import type { StoreDialect } from "../dialects/index.js";
import type { SourceSummary, StoredSource } from "../store.js";
import { decodeSource, decodeSourceSummary, encodeSource } from "./source-codec.js";

/** Largest row id (`serial`). */
const MAX_ROW_ID = 2 ** 31 - 1;

/**
 * Inserts or updates a source. Matched by peer id; then by username (case-insensitive) among sources
 * whose peer id is unknown or equal; then, for a source with neither, by exact title among sources
 * with neither. Fields `source` lacks keep their stored values.
 */
export async function upsertSource(dialect: StoreDialect, source: Source, via: CollectedVia): Promise<StoredSource> {
  return dialect.writeTransaction(async (trx) => {
    const nowMs = Date.now();
    const values = { ...encodeSource(source), collected_via: via, updated_at_ms: nowMs };
    const matchId = await findMatch(trx, source);
    if (matchId === undefined) {
      const row = await trx
        .insertInto("sources")
        .values({ ...values, first_seen_at_ms: nowMs })
        .returningAll()
        .executeTakeFirstOrThrow();
      return decodeSource(row);
    }
    const row = await trx.updateTable("sources").set(values).where("id", "=", matchId).returningAll().executeTakeFirstOrThrow();
    return decodeSource(row);
  });
}

async function findMatch(db: Kysely<Database>, source: Source): Promise<number | undefined> {
  const base = db.selectFrom("sources").select("id").orderBy("updated_at_ms", "desc").limit(1);
  if (source.peerId !== undefined) {
    const byPeer = await base.where("peer_id", "=", source.peerId).executeTakeFirst();
    if (byPeer !== undefined) return byPeer.id;
  }
  if (source.username !== undefined) {
    let byUsername = base.where(sql`lower(username)`, "=", normalizeUsername(source.username));
    if (source.peerId !== undefined) byUsername = byUsername.where("peer_id", "is", null);
    const match = await byUsername.executeTakeFirst();
    if (match !== undefined) return match.id;
  }
  if (source.peerId === undefined && source.username === undefined && source.title !== undefined) {
    const byTitle = await base
      .where("peer_id", "is", null)
      .where("username", "is", null)
      .where("title", "=", source.title)
      .executeTakeFirst();
    return byTitle?.id;
  }
  return undefined;
}

/** A source by username (`@` optional, any case), peer id, or row id given as a string. */
export async function findSource(db: Kysely<Database>, ref: string): Promise<StoredSource | undefined> {
  const text = ref.trim();
  const base = db.selectFrom("sources").selectAll().orderBy("updated_at_ms", "desc").limit(1);
  if (/^-?\d{1,19}$/.test(text)) {
    const byPeer = await base.where("peer_id", "=", BigInt(text)).executeTakeFirst();
    if (byPeer !== undefined) return decodeSource(byPeer);
    const id = Number(text);
    if (id < 1 || id > MAX_ROW_ID) return undefined;
    const byId = await base.where("id", "=", id).executeTakeFirst();
    return byId === undefined ? undefined : decodeSource(byId);
  }
  const byUsername = await base.where(sql`lower(username)`, "=", normalizeUsername(text)).executeTakeFirst();
  return byUsername === undefined ? undefined : decodeSource(byUsername);
}

/**
 * Like {@link findSource}.
 *
 * @throws {SourceNotFoundError} when no source matches `ref`
 */
export async function getSource(db: Kysely<Database>, ref: string): Promise<StoredSource> {
  const source = await findSource(db, ref);
  if (source === undefined) throw new SourceNotFoundError(ref);
  return source;
}

/**
 * Row ids of the sources `refs` name, without duplicates.
 *
 * @throws {SourceNotFoundError} for the first ref that matches no source
 */
export async function resolveSourceIds(db: Kysely<Database>, refs: string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const ref of refs) ids.add((await getSource(db, ref)).id);
  return [...ids];
}

/** Every source with its message count and the dates of its oldest and newest message, by username/title. */
export async function listSources(db: Kysely<Database>): Promise<SourceSummary[]> {
  const rows = await db
    .selectFrom("sources")
    .selectAll()
    .orderBy(sql`lower(coalesce(username, title, ''))`)
    .orderBy("id")
    .execute();
  return rows.map(decodeSourceSummary);
}

/** Adds newly stored messages to a source's statistics (inside the batch's transaction). */
export async function countNewMessages(
  db: Kysely<Database>,
  sourceId: number,
  added: { count: number; firstDate: number; lastDate: number },
): Promise<void> {
  await db
    .updateTable("sources")
    .set((eb) => ({
      message_count: eb("message_count", "+", added.count),
      first_message_date: sql`coalesce(case when first_message_date < ${added.firstDate} then first_message_date end, ${added.firstDate})`,
      last_message_date: sql`coalesce(case when last_message_date > ${added.lastDate} then last_message_date end, ${added.lastDate})`,
    }))
    .where("id", "=", sourceId)
    .execute();
}
