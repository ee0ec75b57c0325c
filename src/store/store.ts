/**
 * The store port: what the rest of tgscope may ask of the archive. Implemented once over Kysely for
 * SQLite and PostgreSQL (dialect differences live in `dialects/`).
 */
import type { CollectedVia, Media, MediaKind, MediaRemote, Message, Source, TextEntity } from "../domain/index.js";

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
  /** Hex SHA-256 of the content (see `messageFacts`; the media's `remote` locations are not content). */
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

/** Identifies one media item of an archived message. */
export interface MediaKey extends MessageKey {
  /** 0-based position in `Message.media`. */
  position: number;
}

/** Which media items {@link Store.listPendingMedia} returns. */
export interface PendingMediaFilter {
  /** Kinds to download; none: nothing is pending. */
  kinds: MediaKind[];
  /** Largest file to download, in bytes (`sizeBytes <= maxSizeBytes`). Default: any size. */
  maxSizeBytes?: number;
  /** With `maxSizeBytes`: also items whose size is unknown. Default `false` (they count as too big). */
  includeUnknownSize?: boolean;
}

/** A media item awaiting download: an MTProto photo or document (its `remote` location is known). */
export interface PendingMedia extends MediaKey {
  media: Media & { remote: MediaRemote };
}

/** Where a downloaded media file was put. */
export interface MediaDownload {
  /** Hex SHA-256 of the file. */
  sha256: string;
  /** Path of the file relative to the data directory, `/`-separated, e.g. `media/ab/ab12…ef.jpg`. */
  localPath: string;
}

/** How an account signs in: a user by phone number, or a bot by token. */
export type AccountKind = "user" | "bot";

/**
 * Where an account stands: `pending` until sign-in completes, `active`, `flood_wait` until
 * {@link StoredAccount.floodWaitUntil}, `logged_out` (session revoked, `AUTH_KEY_UNREGISTERED`) or
 * `banned` (`USER_DEACTIVATED_BAN`).
 */
export type AccountState = "pending" | "active" | "flood_wait" | "logged_out" | "banned";

/**
 * A Telegram account as stored. Sealed values are ciphertext the store treats as opaque strings;
 * sealing and opening happen outside the store.
 */
export interface StoredAccount {
  /** Row id, stable for the life of the archive. */
  id: number;
  kind: AccountKind;
  /** Phone number in international form (`+15551234567`) for users, bot username for bots; unique. */
  label: string;
  /** Telegram user id of the signed-in account, known after sign-in. */
  telegramUserId?: bigint;
  /** Telegram username of the account, without `@`, when it has one. */
  username?: string;
  /** `api_id` of the application the account signs in with (my.telegram.org). */
  apiId: number;
  /** The application's `api_hash`, sealed. */
  apiHashSealed: string;
  /** The MTProto session, sealed; absent until sign-in completes. */
  sessionSealed?: string;
  state: AccountState;
  /** When a `FLOOD_WAIT` parking the account ends. */
  floodWaitUntil?: Date;
  /** The last error the account met, for `tgscope accounts list` (never a secret). */
  lastError?: string;
  createdAt: Date;
  /** Last call of `createAccount` or `updateAccount`. */
  updatedAt: Date;
}

/** An account to store with {@link Store.createAccount}. */
export interface NewAccount {
  kind: AccountKind;
  /** See {@link StoredAccount.label}. */
  label: string;
  apiId: number;
  apiHashSealed: string;
  sessionSealed?: string;
  /** Default `"pending"`. */
  state?: AccountState;
  telegramUserId?: bigint;
  username?: string;
}

/**
 * Fields to change with {@link Store.updateAccount}. An absent key keeps the stored value; a key
 * present with the value `undefined` clears it (`state` cannot be cleared: `undefined` keeps it).
 */
export type AccountUpdate = Partial<
  Pick<StoredAccount, "telegramUserId" | "username" | "sessionSealed" | "state" | "floodWaitUntil" | "lastError">
>;

/** An access hash an account learnt for a peer (MTProto `inputPeerChannel`/`inputPeerUser`). */
export interface AccessHashEntry {
  accountId: number;
  /** Bot-API peer id (`-100…` for channels). */
  peerId: bigint;
  /** Signed 64-bit `access_hash`, valid only for `accountId`. */
  accessHash: bigint;
}

/**
 * Where a background job stands: `queued` (waiting for a worker, not before {@link StoredJob.notBefore}),
 * `running` (a worker claimed it), or ended: `done`, `failed` or `cancelled`.
 */
export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

/** The ended states: a job in one of them never runs again. */
export const FINISHED_JOB_STATES: readonly JobState[] = ["done", "failed", "cancelled"];

/** Why a job failed — or, while it is queued again, why it waits (`flood_wait`): a tgscope error code and its message. */
export interface JobError {
  code: string;
  message: string;
}

/** A background job as stored. `params`, `progress` and `result` are the job kind's own JSON documents. */
export interface StoredJob {
  /** Row id, stable for the life of the archive. */
  id: number;
  /** What the job does, e.g. `collect`. */
  kind: string;
  params: JsonValue;
  state: JobState;
  /** What the job reported last while running; kept after it ends. */
  progress?: JsonValue;
  /** What a finished job produced (also kept for a failed one when it produced something). */
  result?: JsonValue;
  error?: JobError;
  createdAt: Date;
  /** Start of the latest run. */
  startedAt?: Date;
  finishedAt?: Date;
  /** Runs started so far (each claim adds one). */
  attempts: number;
  /** A queued job is not claimed before this instant. */
  notBefore?: Date;
  /** Worker running the job (see {@link ClaimJobOptions.workerId}). */
  lockedBy?: string;
  /** Last sign of life of the worker running the job. */
  heartbeatAt?: Date;
}

/** A job to add with {@link Store.enqueueJob}. */
export interface NewJob {
  kind: string;
  params: JsonValue;
  /** Do not run it before this instant. Default: as soon as a worker is free. */
  notBefore?: Date;
}

/**
 * One run of a job: its id and the `attempts` the claim set. Writes through a claim that no longer
 * holds the job (it was cancelled, or given back to the queue as abandoned) change nothing.
 */
export interface JobClaim {
  id: number;
  attempts: number;
}

/** Who claims a job with {@link Store.claimNextJob}, and which kinds it can run. */
export interface ClaimJobOptions {
  /** Identifies the worker (process and runner) in {@link StoredJob.lockedBy}. */
  workerId: string;
  /** Job kinds the worker has handlers for. */
  kinds: readonly string[];
}

/** Options of {@link Store.listJobs}. */
export interface JobListOptions {
  /** Most jobs to return, newest first (default 50, max 1000). */
  limit?: number;
}

/** How a run ends, with {@link Store.endJob}. */
export type JobEnd =
  /** The job is done. */
  | { state: "done"; result: JsonValue }
  /** The job failed for good. */
  | { state: "failed"; error: JobError; result?: JsonValue }
  /** Back to the queue, e.g. after a `FLOOD_WAIT` (`notBefore` = its end) or on shutdown. */
  | { state: "queued"; notBefore?: Date; error?: JobError };

/** What {@link Store.cancelJob} did. */
export interface CancelJobResult {
  /** The job after the call. */
  job: StoredJob;
  /** `false` when it had already ended (`done`, `failed` or `cancelled`) and was left as it was. */
  cancelled: boolean;
}

/**
 * The archive.
 *
 * Errors: bad queries throw `SearchQuerySyntaxError`, unknown sources `SourceNotFoundError`, a bad
 * cursor `InvalidOptionError`, a taken account label `AccountExistsError`, an unknown account id
 * `AccountNotFoundError`; database failures propagate as the driver's errors.
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
  /**
   * Marks messages that disappeared from Telegram as deleted at `at` (the time it was noticed). They
   * stay in the archive with their content; messages already marked keep their first time.
   *
   * @param messageIds - Telegram message ids within the source
   * @returns how many messages were newly marked
   */
  markMessagesDeleted(sourceId: number, messageIds: number[], at: Date): Promise<number>;
  /** One page of matching messages, keyset-paginated. */
  searchMessages(query: MessageQuery): Promise<MessagePage>;
  /** Every matching message, streamed in keyset batches (constant memory). */
  iterMessages(query: Omit<MessageQuery, "limit" | "cursor">): AsyncIterable<StoredMessage>;
  /** Number of matching messages. */
  countMessages(query: Omit<MessageQuery, "limit" | "cursor" | "order">): Promise<number>;
  /**
   * Media items of a source still to download: MTProto photos and documents (`remote` known) without
   * a recorded download, of messages not marked deleted, matching `filter`; by message id, then
   * position. Web-preview and export media are never pending.
   */
  listPendingMedia(sourceId: number, filter: PendingMediaFilter): Promise<PendingMedia[]>;
  /**
   * Records a media item's download (`Media.sha256`, `Media.localPath`). Not a change of the message:
   * its `updatedAt` stays.
   *
   * @returns `false` when no archived media item has this key
   */
  markMediaDownloaded(key: MediaKey, download: MediaDownload): Promise<boolean>;
  /**
   * Stores a new account with `createdAt` = `updatedAt` = now and `state` `"pending"` unless given.
   *
   * @throws {AccountExistsError} when another account has the same label (ignoring case and a
   *   leading `@` or `+`); nothing is written
   */
  createAccount(account: NewAccount): Promise<StoredAccount>;
  /** Every account, by row id. */
  listAccounts(): Promise<StoredAccount[]>;
  /**
   * Finds an account by row id (a number, or a string of digits when no label or username matches),
   * or by label or username (any case; a leading `@` or `+` on either side is ignored). A label match
   * wins over a username match.
   */
  findAccount(ref: string | number): Promise<StoredAccount | undefined>;
  /**
   * Changes the fields present in `update` (see {@link AccountUpdate}) and sets `updatedAt` to now.
   *
   * @throws {AccountNotFoundError} when no account has row id `id`
   */
  updateAccount(id: number, update: AccountUpdate): Promise<StoredAccount>;
  /** Deletes an account and its access hashes; `false` when no account has row id `id`. */
  removeAccount(id: number): Promise<boolean>;
  /**
   * Stores (or replaces) the access hash an account learnt for a peer.
   *
   * @throws {AccountNotFoundError} when no account has row id `entry.accountId`
   */
  rememberAccessHash(entry: AccessHashEntry): Promise<void>;
  /** The access hash `accountId` learnt for `peerId`; `undefined` when it never learnt one. */
  findAccessHash(accountId: number, peerId: bigint): Promise<bigint | undefined>;
  /** Drops a cached access hash, e.g. one Telegram rejected (`CHANNEL_INVALID`); no-op when absent. */
  forgetAccessHash(accountId: number, peerId: bigint): Promise<void>;
  /** Adds a job in state `queued` with `createdAt` = now and no attempts. */
  enqueueJob(job: NewJob): Promise<StoredJob>;
  /** A job by row id. */
  findJob(id: number): Promise<StoredJob | undefined>;
  /** Jobs, newest first. */
  listJobs(options?: JobListOptions): Promise<StoredJob[]>;
  /**
   * Claims the oldest queued job of `options.kinds` that is due (no `notBefore`, or one passed):
   * sets it `running` with `startedAt` and `heartbeatAt` = now, `lockedBy` = the worker, one more
   * attempt, and clears `notBefore` and `error`. Atomic: two workers, in one process or several,
   * never claim the same run (SQLite: one write transaction; PostgreSQL: `for update skip locked`).
   *
   * @returns the claimed job (its `id` and `attempts` are the run's {@link JobClaim}), or `undefined`
   *   when no job is due
   */
  claimNextJob(options: ClaimJobOptions): Promise<StoredJob | undefined>;
  /**
   * Records a running job's progress and refreshes its heartbeat.
   *
   * @returns `false` when `claim` no longer holds the job (cancelled, or re-queued as abandoned): stop working on it
   */
  updateJobProgress(claim: JobClaim, progress: JsonValue): Promise<boolean>;
  /**
   * Refreshes a running job's heartbeat (see {@link Store.requeueStaleJobs}).
   *
   * @returns `false` when `claim` no longer holds the job: stop working on it
   */
  heartbeatJob(claim: JobClaim): Promise<boolean>;
  /**
   * Ends a run: `done` or `failed` (with `finishedAt` = now), or back to `queued`. The progress stays.
   *
   * @returns the job after the change, or `undefined` when `claim` no longer holds the job (nothing changed)
   */
  endJob(claim: JobClaim, end: JobEnd): Promise<StoredJob | undefined>;
  /**
   * Cancels a queued or running job (`finishedAt` = now); the worker of a running one learns it at its
   * next progress report or heartbeat. An ended job is left as it is.
   *
   * @returns `undefined` when no job has row id `id`
   */
  cancelJob(id: number): Promise<CancelJobResult | undefined>;
  /**
   * Gives running jobs whose worker stopped beating before `heartbeatBefore` back to the queue (their
   * process died; collections resume from their cursors).
   *
   * @returns how many jobs were re-queued
   */
  requeueStaleJobs(heartbeatBefore: Date): Promise<number>;
  close(): Promise<void>;
}
