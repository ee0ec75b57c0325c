/**
 * The archive: sources, messages, media, cursors, the full-text index, and Telegram accounts with
 * their access-hash cache, on SQLite or PostgreSQL.
 */
export type {
  AccessHashEntry,
  AccountKind,
  AccountState,
  AccountUpdate,
  BatchResult,
  CursorKey,
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
  PendingMedia,
  PendingMediaFilter,
  SourceSummary,
  Store,
  StoredAccount,
  StoredMessage,
  StoredSource,
} from "./store.js";
export { DEFAULT_SQLITE_BUSY_TIMEOUT_MS, openStore, type OpenStoreOptions } from "./open-store.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./repositories/index.js";
