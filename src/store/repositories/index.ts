/** Queries of the archive, dialect-agnostic. */
export { findCursor } from "./cursor.repository.js";
export { saveBatch } from "./message-write.repository.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, countMessages, iterMessages, listMessageEdits, searchMessages } from "./message-read.repository.js";
export { findSource, getSource, listSources, upsertSource } from "./source.repository.js";
