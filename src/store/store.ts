/**
 * The store port: what the rest of tgscope may ask of the archive. Implemented once over Kysely for
 * SQLite and PostgreSQL (dialect differences live in `dialects/`).
 */
import type { CollectedVia, Message, Source, TextEntity } from "../domain/index.js";

/** JSON-serialisable value (cursor states). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A source as archived, with its row id. */
export interface StoredSource extends Source {
  /** Row id, stable for the life of the archive. */
  id: number;
  /** First time any adapter saw this source. */
  firstSeenAt: Date;
  /** Last time a collection of this source stored a batch. */
  lastCollectedAt?: Date;
  /** Adapter that last updated the source's info. */
  collectedVia: CollectedVia;
}

/** A source with archive statistics, for `tgscope sources` and `GET /api/sources`. */
export interface SourceSummary extends StoredSource {
  messageCount: number;
  /** Date of the oldest and newest archived message. */
  firstMessageDate?: Date;
  lastMessageDate?: Date;
}

/** A message as archived, with derived facts and collection metadata. */
export interface StoredMessage extends Message {
  /** Row id. */
  id: number;
  sourceId: number;
  /** Main username of the source, when it has one. */
  sourceUsername?: string;
  sourceTitle?: string;
  /** Bot-API peer id of the source, when known. */
  sourcePeerId?: bigint;
  /** When this row was first stored. */
  collectedAt: Date;
  /** When this row was last changed by a collection (counters or content). */
  updatedAt: Date;
  collectedVia: CollectedVia;
  /** Hex SHA-256 of the content (see `messageFacts`). */
  contentHash: string;
  urls: string[];
  hashtags: string[];
  mentions: string[];
}

/** Identifies one archived message. */
export interface MessageKey {
  sourceId: number;
  messageId: number;
}

/**
 * A previous version of a message, kept when a later collection stored different content (MTProto
 * `edit_date` changed, the web preview's "edited" label, a re-import).
 */
export interface MessageEdit {
  /** Text of the replaced version. */
  text: string;
  entities: TextEntity[];
  /** Edit date of the replaced version; absent when it was the original. */
  editDate?: Date;
  /** Content hash of the replaced version. */
  contentHash: string;
  /** When tgscope stored the newer version. */
  replacedAt: Date;
}

/** A cursor key: one per source and direction (`backfill`, `follow`, …). */
export interface CursorKey {
  sourceId: number;
  direction: string;
}

/** A batch of messages of one source, stored with its cursor in one transaction. */
export interface MessageBatch {
  sourceId: number;
  messages: Message[];
  via: CollectedVia;
  /** Cursor state to commit together with the messages. */
  cursor?: { direction: string; state: JsonValue };
}

/** What a stored batch changed. `inserted + updated + unchanged` = messages in the batch. */
export interface BatchResult {
  inserted: number;
  /** Re-seen messages whose counters, edit date or content changed. */
  updated: number;
  unchanged: number;
}

/** Sort orders of message queries. */
export type MessageOrder = "date_desc" | "date_asc";

/** A message query; all filters are ANDed. */
export interface MessageQuery {
  /** Full-text query in tgscope's syntax (see `parseSearchQuery`); empty or absent = all messages. */
  text?: string;
  /** Restrict to these sources, by username (with or without `@`, any case), peer id or row id as string. */
  sources?: string[];
  /** Messages dated at or after this instant. */
  from?: Date;
  /** Messages dated strictly before this instant. */
  to?: Date;
  /** Page size (default 50, max 1000). Ignored by `iterMessages`. */
  limit?: number;
  /** Opaque keyset cursor from a previous page's `nextCursor`. */
  cursor?: string;
  order?: MessageOrder;
}

/** One page of a message query. */
export interface MessagePage {
  items: StoredMessage[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * The archive.
 *
 * Errors: bad queries throw `SearchQuerySyntaxError`, unknown sources `SourceNotFoundError`, a bad
 * cursor `InvalidOptionError`; database failures propagate as the driver's errors.
 */
export interface Store {
  readonly dialect: "sqlite" | "postgres";
  /**
   * Inserts or updates a source, matched by peer id, then by username (case-insensitive). Fields the
   * adapter did not see (`undefined`) keep their stored value.
   */
  upsertSource(source: Source, via: CollectedVia): Promise<StoredSource>;
  /** Finds a source by username (with or without `@`, any case), peer id, or row id given as a string. */
  findSource(ref: string): Promise<StoredSource | undefined>;
  /** Like {@link Store.findSource}. @throws {SourceNotFoundError} when absent. */
  getSource(ref: string): Promise<StoredSource>;
  /** All sources with message counts, ordered by username/title. */
  listSources(): Promise<SourceSummary[]>;
  /** The committed state of a cursor, `undefined` before the first batch. */
  findCursor(key: CursorKey): Promise<JsonValue | undefined>;
  /**
   * Stores a batch in one transaction: new messages are inserted; re-seen ones update counters
   * (views, forwards, replies, reactions), edit date and — when the content hash differs — content,
   * keeping the previous text in the edit history; the cursor and the source's `lastCollectedAt` are
   * written in the same transaction. A crash leaves either all of it or none.
   */
  saveBatch(batch: MessageBatch): Promise<BatchResult>;
  /** Previous versions of a message, oldest first; `[]` when it was never edited or is not archived. */
  listMessageEdits(key: MessageKey): Promise<MessageEdit[]>;
  /** One page of matching messages, keyset-paginated. */
  searchMessages(query: MessageQuery): Promise<MessagePage>;
  /** Every matching message, streamed in keyset batches (constant memory). */
  iterMessages(query: Omit<MessageQuery, "limit" | "cursor">): AsyncIterable<StoredMessage>;
  /** Number of matching messages. */
  countMessages(query: Omit<MessageQuery, "limit" | "cursor" | "order">): Promise<number>;
  close(): Promise<void>;
}
