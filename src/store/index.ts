/**
 * The archive: sources, messages, media, cursors and the full-text index, on SQLite or PostgreSQL.
 */
export type {
  BatchResult,
  CursorKey,
  JsonValue,
  MessageBatch,
  MessageEdit,
  MessageKey,
  MessageOrder,
  MessagePage,
  MessageQuery,
  SourceSummary,
  Store,
  StoredMessage,
  StoredSource,
} from "./store.js";
export { DEFAULT_SQLITE_BUSY_TIMEOUT_MS, openStore, type OpenStoreOptions } from "./open-store.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./repositories/index.js";
