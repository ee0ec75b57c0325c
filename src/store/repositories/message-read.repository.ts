/**
 * Message queries: full-text and filters → sort keys (dialect), then one join for the rows and one
 * query for their media. Pages are keyset-paginated on the sort key.
 */
import type { Kysely } from "kysely";
import { InvalidOptionError, parseSearchQuery, type Media } from "../../domain/index.js";
import { toUnixSeconds } from "../../lib/index.js";
import type { Database } from "../database.js";
import type { KeyFilter, StoreDialect } from "../dialects/index.js";
import { decodeCursor, encodeCursor, firstSortKeyAtOrAfter, sortKey } from "../sort-key.js";
import type { MessageEdit, MessageKey, MessagePage, MessageQuery, StoredMessage } from "../store.js";
import {
  EXTRA_COLUMN,
  MESSAGE_COLUMNS,
  decodeMessage,
  decodeMessageEdit,
  hasMedia,
  rowId,
  rowSortKey,
  type MessageCells,
} from "./message-codec.js";
import { loadMedia } from "./rows.js";
import { resolveSourceIds } from "./source.repository.js";

/** Page size when the query gives none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page size `searchMessages` accepts. */
export const MAX_PAGE_SIZE = 1000;
/** Rows per keyset batch of `iterMessages`. */
const ITERATION_BATCH_SIZE = 1000;

/**
 * One page of matching messages.
 *
 * @throws {SearchQuerySyntaxError} for a query that does not parse
 * @throws {SourceNotFoundError} for a source ref that matches no source
 * @throws {InvalidOptionError} for a bad limit, date, order or cursor
 */
export async function searchMessages(dialect: StoreDialect, query: MessageQuery): Promise<MessagePage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidOptionError("limit", `${limit} is not a page size; use a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  let filter = await keyFilter(dialect.db, query);
  if (query.cursor !== undefined) filter = after(filter, decodeCursor(query.cursor));
  const page = await fetchRows(dialect, { ...filter, limit: limit + 1 });
  const items = page.rows.map((cells) => decodeRow(cells, page.media));
  if (items.length <= limit) return { items };
  items.length = limit;
  return { items, nextCursor: encodeCursor(keyOf(items[limit - 1]!)) };
}

/**
 * Every matching message, in keyset batches (see {@link searchMessages} for the errors). A batch is
 * held as raw rows and each message decoded as it is yielded: decoded messages die young instead of
 * a thousand of them outliving minor garbage collections (less GC work and a smaller heap).
 */
export async function* iterMessages(
  dialect: StoreDialect,
  query: Omit<MessageQuery, "limit" | "cursor">,
): AsyncGenerator<StoredMessage> {
  let filter: KeyFilter = { ...(await keyFilter(dialect.db, query)), limit: ITERATION_BATCH_SIZE };
  for (;;) {
    const { rows, media } = await fetchRows(dialect, filter);
    for (const cells of rows) yield decodeRow(cells, media);
    if (rows.length < ITERATION_BATCH_SIZE) return;
    filter = after(filter, rowSortKey(rows[rows.length - 1]!));
  }
}

/** Number of matching messages (see {@link searchMessages} for the errors). */
export async function countMessages(
  dialect: StoreDialect,
  query: Omit<MessageQuery, "limit" | "cursor" | "order">,
): Promise<number> {
  const { order: _order, ...filter } = await keyFilter(dialect.db, query);
  const row = await dialect.db
    .selectFrom(dialect.selectKeys(dialect.db, filter))
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Previous versions of a message, oldest first. */
export async function listMessageEdits(db: Kysely<Database>, key: MessageKey): Promise<MessageEdit[]> {
  const rows = await db
    .selectFrom("message_edits as e")
    .innerJoin("messages as m", "m.id", "e.message_row_id")
    .selectAll("e")
    .where("m.source_id", "=", key.sourceId)
    .where("m.message_id", "=", key.messageId)
    .orderBy("e.id")
    .execute();
  return rows.map(decodeMessageEdit);
}

async function keyFilter(db: Kysely<Database>, query: Omit<MessageQuery, "limit" | "cursor">): Promise<KeyFilter> {
  const order = query.order ?? "date_desc";
  if (order !== "date_desc" && order !== "date_asc") {
    throw new InvalidOptionError("order", `"${String(order)}" is not a sort order; use date_desc or date_asc`);
  }
  const filter: KeyFilter = { order: order === "date_desc" ? "desc" : "asc" };
  if (query.text !== undefined && query.text.trim() !== "") filter.text = parseSearchQuery(query.text);
  if (query.sources !== undefined && query.sources.length > 0) filter.sourceIds = await resolveSourceIds(db, query.sources);
  if (query.from !== undefined) filter.fromKey = firstSortKeyAtOrAfter(validDate("from", query.from));
  if (query.to !== undefined) filter.toKey = firstSortKeyAtOrAfter(validDate("to", query.to));
  return filter;
}

/** `filter` narrowed to the messages after `key` in its order. */
function after(filter: KeyFilter, key: bigint): KeyFilter {
  if (filter.order === "desc") return { ...filter, toKey: filter.toKey !== undefined && filter.toKey < key ? filter.toKey : key };
  const fromKey = key + 1n;
  return { ...filter, fromKey: filter.fromKey !== undefined && filter.fromKey > fromKey ? filter.fromKey : fromKey };
}

/** The message rows `filter` selects, in its order, with their media by message row id. */
async function fetchRows(dialect: StoreDialect, filter: KeyFilter): Promise<{ rows: MessageCells[]; media: Map<number, Media[]> }> {
  const { db } = dialect;
  const query = db
    .selectFrom(dialect.selectKeys(db, filter))
    // CROSS JOIN: SQLite must not walk every message in order and probe the page's ids.
    .crossJoin("messages as m")
    .whereRef("m.id", "=", "hit.id")
    .innerJoin("sources as s", "s.id", "m.source_id")
    .select(MESSAGE_COLUMNS.map((column) => `m.${column}` as const))
    .select(["s.username", "s.title", "s.peer_id"])
    .orderBy("m.sort_key", filter.order);
  const rows = await dialect.selectRows(db, query);
  const media = await loadMedia(dialect, db, rows.filter(hasMedia).map(rowId));
  return { rows, media };
}

/** The stored message of a row read by {@link fetchRows}. */
function decodeRow(cells: MessageCells, media: Map<number, Media[]>): StoredMessage {
  return decodeMessage(cells, media.get(rowId(cells)) ?? [], {
    username: cells[EXTRA_COLUMN] as string | null,
    title: cells[EXTRA_COLUMN + 1] as string | null,
    peerId: cells[EXTRA_COLUMN + 2] as bigint | number | string | null,
  });
}

function keyOf(message: StoredMessage): bigint {
  return sortKey(toUnixSeconds(message.date), message.id);
}

function validDate(option: string, date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new InvalidOptionError(option, "is not a valid date; use ISO 8601 such as 2024-05-01");
  return date;
}
