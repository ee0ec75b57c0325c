/**
 * The archive: sources, messages, media, cursors, the full-text index, Telegram accounts with their
 * access-hash cache, and background jobs, on SQLite or PostgreSQL.
 */
export type {
  AccessHashEntry,
  AccountKind,
  AccountState,
  AccountUpdate,
  BatchResult,
  CancelJobResult,
  ClaimJobOptions,
  CursorKey,
  JobClaim,
  JobEnd,
  JobError,
  JobListOptions,
  JobState,
  JsonValue,
  MediaDownload,
  MediaKey,
  MessageBatch,
  MessageEdit,
  MessageKey,
  MessageOrder,
  MessagePage,
  MessageQuery,
  NewAccount,
  NewJob,
  PendingMedia,
  PendingMediaFilter,
  SourceSummary,
  Store,
  StoredAccount,
  StoredJob,
  StoredMessage,
  StoredSource,
} from "./store.js";
export { FINISHED_JOB_STATES } from "./store.js";
export { DEFAULT_SQLITE_BUSY_TIMEOUT_MS, openStore, type OpenStoreOptions } from "./open-store.js";
export { DEFAULT_JOB_LIST_LIMIT, DEFAULT_PAGE_SIZE, MAX_JOB_LIST_LIMIT, MAX_PAGE_SIZE } from "./repositories/index.js";
