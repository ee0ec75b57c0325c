/**
 * Exports of archived messages: the flat {@link MessageRow} shared by `search --json`, the API and the
 * files, and streaming CSV/TSV/JSONL writers.
 */
export { MESSAGE_COLUMNS, toMessageRow } from "./message-row.js";
export type { MessageColumn, MessageRow } from "./message-row.js";
export { writeMessages } from "./message-writer.js";
export type { ExportFormat, WriteMessagesOptions, WriteMessagesResult } from "./message-writer.js";
export { OutputClosedError } from "./writable-sink.js";
