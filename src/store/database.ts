/**
 * Kysely table types of the archive. One schema for both dialects; what differs (FTS5 virtual table
 * vs `tsvector` column) is created by `dialects/` and never selected through these types.
 *
 * Conventions: Telegram dates (`date`, `edit_date`) are whole unix seconds, tgscope's own timestamps
 * (`*_at_ms`) unix milliseconds; JSON columns hold text written by `json-codec.ts`; booleans are 0/1
 * in SQLite.
 */
import type { ColumnType, Generated, SqlBool } from "kysely";

/**
 * An `int8` value: SQLite returns `number`, PostgreSQL `bigint` (the pg `int8` parser is set to
 * `BigInt`). Repositories convert with `Number()` / `BigInt()`.
 */
export type Int8 = number | bigint;

/** A column computed by the database, never written. */
export type Computed<T> = ColumnType<T, never, never>;

/** A Telegram peer (table `sources`). */
export interface SourceRow {
  id: Generated<number>;
  /** Bot-API peer id (`-100…` for channels); `null` when only the username or title is known. */
  peer_id: Int8 | null;
  kind: string | null;
  username: string | null;
  /** JSON array of additional usernames. */
  usernames: string | null;
  title: string | null;
  about: string | null;
  member_count: number | null;
  member_count_approximate: SqlBool | null;
  online_count: number | null;
  photo_url: string | null;
  /** MTProto id of the current profile photo. */
  photo_id: string | null;
  verified: SqlBool | null;
  scam: SqlBool | null;
  fake: SqlBool | null;
  restricted: SqlBool | null;
  linked_chat_id: Int8 | null;
  /** JSON object of the web preview header counters. */
  counters: string | null;
  collected_via: string;
  first_seen_at_ms: Int8;
  last_collected_at_ms: Int8 | null;
  updated_at_ms: Int8;
  /** Archived messages, kept by `saveBatch`. */
  message_count: Generated<number>;
  /** Unix seconds of the oldest and newest archived message, kept by `saveBatch`. */
  first_message_date: Int8 | null;
  last_message_date: Int8 | null;
}

/** A message, unique by `(source_id, message_id)` (table `messages`). */
export interface MessageRow {
  id: Generated<number>;
  source_id: number;
  message_id: number;
  /** Unix seconds. */
  date: Int8;
  /** Unix seconds. */
  edit_date: Int8 | null;
  edited: SqlBool;
  text: string;
  /** JSON array of `TextEntity`. */
  entities: string;
  views: number | null;
  views_approximate: SqlBool | null;
  forwards: number | null;
  replies_count: number | null;
  /** JSON array of `Reaction`. */
  reactions: string;
  post_author: string | null;
  /** JSON `Sender`. */
  sender: string | null;
  grouped_id: string | null;
  /** JSON `ReplyHeader`. */
  reply_to: string | null;
  /** JSON `{ peerId, messageId }` of the channel post a discussion-group comment belongs to. */
  comment_to: string | null;
  /** JSON `ForwardHeader`. */
  forward: string | null;
  via_bot: string | null;
  /** JSON `ServiceAction`. */
  service: string | null;
  /** JSON array of inline keyboard URL buttons. */
  buttons: string | null;
  /** Distinct media kinds in order, comma-separated (`photo,webpage`); `null` without media. */
  media_kinds: string | null;
  /** JSON arrays of the message facts. */
  urls: string;
  hashtags: string;
  mentions: string;
  /** `messageFacts().searchText`: the only text the full-text index sees. */
  search_text: string;
  /** Hex SHA-256 of the last observed content. */
  content_hash: string;
  collected_via: string;
  collected_at_ms: Int8;
  updated_at_ms: Int8;
  deleted_at_ms: Int8 | null;
  /** `date * 2^31 + id`: the order of every message query and the full-text index key (see `sort-key.ts`). */
  sort_key: Computed<Int8>;
}

/** One media item of a message (table `media`). */
export interface MediaRow {
  id: Generated<number>;
  message_row_id: number;
  /** 0-based position in `Message.media`. */
  position: number;
  kind: string;
  mime_type: string | null;
  size_bytes: Int8 | null;
  width: number | null;
  height: number | null;
  duration_seconds: number | null;
  file_name: string | null;
  title: string | null;
  performer: string | null;
  url: string | null;
  emoji: string | null;
  too_big: SqlBool | null;
  /** Hex SHA-256 of the downloaded file; `null` until downloaded. */
  sha256: string | null;
  /** Path of the downloaded file relative to the data directory. */
  local_path: string | null;
  /** JSON `MediaRemote`: where an MTProto photo or document is on Telegram; `null` for other media. */
  remote: string | null;
  /** JSON `Poll`. */
  poll: string | null;
  /** JSON `WebPagePreview`. */
  webpage: string | null;
}

/** The content a message had before an edit replaced it (table `message_edits`). */
export interface MessageEditRow {
  id: Generated<number>;
  message_row_id: number;
  /** Unix seconds. */
  edit_date: Int8 | null;
  text: string;
  /** JSON array of `TextEntity`. */
  entities: string;
  content_hash: string;
  replaced_at_ms: Int8;
}

/** A collection cursor, committed with each batch (table `cursors`). */
export interface CursorRow {
  source_id: number;
  direction: string;
  /** JSON state. */
  state: string;
  updated_at_ms: Int8;
}

/**
 * A Telegram login (table `accounts`). Sealed columns hold ciphertext the store never opens
 * (`lib/secret-box.ts`); the label is unique ignoring case and a leading `@` or `+`.
 */
export interface AccountRow {
  id: Generated<number>;
  /** `user` or `bot`. */
  kind: string;
  /** Phone number in international form (`+15551234567`) for users, bot username for bots. */
  label: string;
  telegram_user_id: Int8 | null;
  username: string | null;
  api_id: number;
  api_hash_sealed: string;
  /** `null` until sign-in completes. */
  session_sealed: string | null;
  /** `pending`, `active`, `flood_wait`, `logged_out` or `banned`. */
  state: string;
  flood_wait_until_ms: Int8 | null;
  last_error: string | null;
  created_at_ms: Int8;
  updated_at_ms: Int8;
}

/** An access hash one account learnt for one peer (table `account_peers`). */
export interface AccountPeerRow {
  account_id: number;
  /** Bot-API peer id (`-100…` for channels). */
  peer_id: Int8;
  /** Decimal string of the signed 64-bit `access_hash`. */
  access_hash: string;
  updated_at_ms: Int8;
}

/**
 * A background job (table `jobs`): its parameters, where it stands, and what it produced. JSON
 * columns hold text written by `json-codec.ts`.
 */
export interface JobRow {
  id: Generated<number>;
  /** What the job does, e.g. `collect`. */
  kind: string;
  /** JSON parameters, as the job was enqueued. */
  params: string;
  /** `queued`, `running`, `done`, `failed` or `cancelled`. */
  state: string;
  /** JSON progress the running job reported last; kept after it ends. */
  progress: string | null;
  /** JSON result of a finished job. */
  result: string | null;
  /** JSON `{ code, message }` of the error that failed the job (or delayed it: `flood_wait`). */
  error: string | null;
  created_at_ms: Int8;
  /** Start of the latest run. */
  started_at_ms: Int8 | null;
  finished_at_ms: Int8 | null;
  /** Runs started so far; each claim adds one, and a run's writes are fenced by it. */
  attempts: number;
  /** A queued job is not claimed before this instant (after a `FLOOD_WAIT`, or a retry backoff). */
  not_before_ms: Int8 | null;
  /** The worker running the job. */
  locked_by: string | null;
  /** Last sign of life of the worker running the job; a stale one means the worker died. */
  heartbeat_at_ms: Int8 | null;
}

/** The tables of the archive. */
export interface Database {
  sources: SourceRow;
  messages: MessageRow;
  media: MediaRow;
  message_edits: MessageEditRow;
  cursors: CursorRow;
  accounts: AccountRow;
  account_peers: AccountPeerRow;
  jobs: JobRow;
}
