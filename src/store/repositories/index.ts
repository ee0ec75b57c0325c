/** Queries of the archive, dialect-agnostic. */
export {
  createAccount,
  findAccessHash,
  findAccount,
  forgetAccessHash,
  listAccounts,
  rememberAccessHash,
  removeAccount,
  updateAccount,
} from "./account.repository.js";
export { findCursor } from "./cursor.repository.js";
export {
  DEFAULT_JOB_LIST_LIMIT,
  MAX_JOB_LIST_LIMIT,
  cancelJob,
  claimNextJob,
  endJob,
  enqueueJob,
  findJob,
  heartbeatJob,
  listJobs,
  requeueStaleJobs,
  updateJobProgress,
} from "./job.repository.js";
export { listPendingMedia, markMediaDownloaded } from "./media.repository.js";
export { markMessagesDeleted, saveBatch } from "./message-write.repository.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, countMessages, iterMessages, listMessageEdits, searchMessages } from "./message-read.repository.js";
export { findSource, getSource, listSources, upsertSource } from "./source.repository.js";
