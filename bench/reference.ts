/**
 * The reference archive: the rows tgscope stored, copied as CSV into a plain SQLite schema with the
 * same columns and equivalent indexes (an FTS5 index over the same `search_text`, kept by a trigger),
 * loaded and queried by the `sqlite3` shell alone, with the store's pragmas.
 */
import type { SearchQuery, SearchTerm } from "../src/domain/index.js";

/** Pragmas the store sets on every connection (`src/store/dialects/sqlite.ts`): 64 MiB page cache. */
export const REFERENCE_PRAGMAS = "PRAGMA cache_size=-65536;";

/** The reference tables: columns copied from tgscope's tables of the same name, and their declarations. */
const TABLES = {
  sources: `id INTEGER PRIMARY KEY, peer_id INTEGER, kind TEXT, username TEXT, usernames TEXT, title TEXT,
    about TEXT, member_count INTEGER, member_count_approximate INTEGER, online_count INTEGER, photo_url TEXT,
    verified INTEGER, scam INTEGER, fake INTEGER, restricted INTEGER, linked_chat_id INTEGER, counters TEXT,
    collected_via TEXT NOT NULL, first_seen_at_ms INTEGER NOT NULL, last_collected_at_ms INTEGER,
    updated_at_ms INTEGER NOT NULL`,
  messages: `id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id), message_id INTEGER NOT NULL,
    date INTEGER NOT NULL, edit_date INTEGER, edited INTEGER NOT NULL, text TEXT NOT NULL, entities TEXT NOT NULL,
    views INTEGER, views_approximate INTEGER, forwards INTEGER, replies_count INTEGER, reactions TEXT NOT NULL,
    post_author TEXT, sender TEXT, grouped_id TEXT, reply_to TEXT, forward TEXT, via_bot TEXT, service TEXT,
    buttons TEXT, media_kinds TEXT, urls TEXT NOT NULL, hashtags TEXT NOT NULL, mentions TEXT NOT NULL,
    search_text TEXT NOT NULL, content_hash TEXT NOT NULL, collected_via TEXT NOT NULL,
    collected_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL, deleted_at_ms INTEGER`,
  media: `id INTEGER PRIMARY KEY, message_row_id INTEGER NOT NULL REFERENCES messages(id), position INTEGER NOT NULL,
    kind TEXT NOT NULL, mime_type TEXT, size_bytes INTEGER, width INTEGER, height INTEGER, duration_seconds REAL,
    file_name TEXT, title TEXT, performer TEXT, url TEXT, emoji TEXT, too_big INTEGER, sha256 TEXT,
    local_path TEXT, poll TEXT, webpage TEXT`,
} as const;

/** Name of a copied table. */
export type ReferenceTable = keyof typeof TABLES;

/** The copied tables, parents first. */
export const REFERENCE_TABLES = Object.keys(TABLES) as ReferenceTable[];

function columnNames(table: ReferenceTable): string[] {
  return TABLES[table].split(",").map((declaration) => declaration.trim().split(/\s+/)[0]!);
}

/** The query that copies `table` out of tgscope's database (run with `sqlite3 -csv -header`). */
export function copyOutSql(table: ReferenceTable): string {
  return `SELECT ${columnNames(table).join(", ")} FROM ${table} ORDER BY id;`;
}

/**
 * Schema and load script of the reference database: tables, indexes and the FTS5 trigger exist
 * before `.import`, as in a live archive. `csvFiles` maps each table to its CSV (with a header row).
 * The shell's default rollback journal: each `.import` is one transaction, which WAL handles badly
 * (measured 2× slower) while the store's batches of 1000 suit WAL.
 */
export function referenceImportScript(csvFiles: Record<ReferenceTable, string>): string {
  return `${REFERENCE_PRAGMAS}
${REFERENCE_TABLES.map((table) => `CREATE TABLE ${table}(${TABLES[table]});`).join("\n")}
CREATE UNIQUE INDEX sources_peer_id ON sources(peer_id);
CREATE INDEX sources_username ON sources(lower(username));
CREATE UNIQUE INDEX messages_source_message ON messages(source_id, message_id);
CREATE INDEX messages_date ON messages(date, id);
CREATE INDEX messages_source_date ON messages(source_id, date, id);
CREATE UNIQUE INDEX media_message_position ON media(message_row_id, position);
CREATE VIRTUAL TABLE messages_fts USING fts5(search_text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
${REFERENCE_TABLES.map((table) => `.import --csv --skip 1 ${csvFiles[table]} ${table}`).join("\n")}
`;
}

/** The FTS5 `MATCH` expression of a parsed tgscope query (groups ANDed, terms of a group ORed). */
export function fts5Match(query: SearchQuery): string {
  const term = ({ tokens, prefix }: SearchTerm) => `"${tokens.join(" ")}"${prefix ? "*" : ""}`;
  const include = query.include.map((group) => (group.length === 1 ? term(group[0]!) : `(${group.map(term).join(" OR ")})`));
  return [include.join(" AND "), ...query.exclude.map((t) => `NOT ${term(t)}`)].join(" ");
}

/** Filters of one reference search. */
export interface ReferenceSearch {
  match: string;
  sourceId?: number;
  /** Unix seconds, inclusive. */
  fromSeconds?: number;
  /** Unix seconds, exclusive. */
  toSeconds?: number;
}

/** One search the way an SQLite user writes it: FTS5 matches joined to their rows, newest first, 50 at most. */
export function referenceSearchSql({ match, sourceId, fromSeconds, toSeconds }: ReferenceSearch): string {
  const where = [`messages_fts MATCH '${match.replaceAll("'", "''")}'`];
  if (sourceId !== undefined) where.push(`m.source_id = ${sourceId}`);
  if (fromSeconds !== undefined) where.push(`m.date >= ${fromSeconds}`);
  if (toSeconds !== undefined) where.push(`m.date < ${toSeconds}`);
  return `SELECT m.*, s.username, s.title FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid JOIN sources s ON s.id = m.source_id WHERE ${where.join(" AND ")} ORDER BY m.date DESC, m.id DESC LIMIT 50;`;
}

const iso = (unixSeconds: string) => `strftime('%Y-%m-%dT%H:%M:%SZ', ${unixSeconds}, 'unixepoch')`;
/** A field of a JSON column, written by the store's json-codec (`{"$bigint": …}`, `{"$date": ms}`). */
const field = (column: string, path: string) => `json_extract(nullif(m.${column}, ''), '$.${path}')`;

/** The columns of tgscope's CSV export computed in SQL, newest message first. */
export const REFERENCE_EXPORT_SQL = `SELECT
  coalesce(nullif(s.username, ''), nullif(s.title, ''), s.peer_id) AS source, m.message_id, ${iso("m.date")} AS date,
  m.text, m.views,
  coalesce(${field("forward", "fromUsername")}, ${field("forward", "fromName")}, ${field("forward", 'fromPeerId."$bigint"')}) AS forwarded_from,
  CASE WHEN s.username <> '' THEN 'https://t.me/' || s.username || '/' || m.message_id END AS url,
  s.username AS source_username, s.title AS source_title, s.peer_id AS source_peer_id,
  ${iso("nullif(m.edit_date, '')")} AS edit_date, CASE m.edited WHEN 1 THEN 'true' ELSE 'false' END AS edited,
  ${iso("nullif(m.deleted_at_ms, '') / 1000")} AS deleted_at, m.views_approximate, m.forwards, m.replies_count AS replies,
  m.reactions, (SELECT sum(json_extract(value, '$.count')) FROM json_each(m.reactions)) AS reactions_total,
  m.post_author, ${field("sender", 'peerId."$bigint"')} AS sender_id, ${field("sender", "name")} AS sender_name,
  ${field("sender", "username")} AS sender_username, m.grouped_id,
  ${field("reply_to", "messageId")} AS reply_to_message_id, ${field("reply_to", "threadTopId")} AS reply_to_thread_top_id,
  ${field("forward", 'fromPeerId."$bigint"')} AS forwarded_from_id, ${field("forward", "originalPostId")} AS forwarded_message_id,
  ${iso(`${field("forward", 'originalDate."$date"')} / 1000`)} AS forwarded_date, m.via_bot, m.media_kinds,
  (SELECT count(*) FROM media WHERE message_row_id = m.id) AS media_count,
  CASE WHEN m.media_kinds <> '' THEN 'true' ELSE 'false' END AS has_media, m.urls, m.hashtags, m.mentions,
  ${field("service", "type")} AS service_action, m.collected_via, ${iso("m.collected_at_ms / 1000")} AS collected_at,
  m.content_hash
FROM messages m JOIN sources s ON s.id = m.source_id
ORDER BY m.date DESC, m.id DESC;`;
