/**
 * Public door of the Telegram Desktop export adapter: a validating scan and a batched stream of
 * chats and messages, for `result.json` (one chat or a whole account) and `messages*.html` exports.
 */
import { InvalidOptionError, type Message, type Source } from "../../domain/index.js";
import { resolveExportFiles, type ExportFiles } from "./export-files.js";
import { readHtmlExport } from "./html-export-reader.js";
import { readJsonExport } from "./json-export-reader.js";
import type { ReaderEvent } from "./reader-event.js";

/**
 * An event of {@link iterDesktopExport}.
 *
 * - `chat`: a chat starts; its messages follow. `chatIndex` counts chats in file order from 0
 *   (`chats.list` first, then `left_chats.list`, in a full-account export). If a file writes a chat's
 *   `name`/`type`/`id` after its `messages` (Desktop never does), a second `chat` event with the same
 *   `chatIndex` and the complete source follows those messages: treat `chat` events as upserts.
 * - `messages`: up to `batchSize` messages of chat `chatIndex`, in file order.
 */
export type ExportEvent =
  | { kind: "chat"; chatIndex: number; source: Source }
  | { kind: "messages"; chatIndex: number; messages: Message[] };

/** What {@link scanDesktopExport} found. */
export interface ExportScan {
  /** `json` for `result.json`, `html` for `messages*.html` pages. */
  format: "json" | "html";
  /** Absolute paths of the files read, in reading order. */
  files: string[];
  /** Number of chats (1 for a single-chat export). */
  chats: number;
  /** Number of messages, service messages included, that {@link iterDesktopExport} will yield. */
  messages: number;
}

/** Options of {@link scanDesktopExport}. */
export interface ScanDesktopExportOptions {
  /** Stops the scan; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of {@link iterDesktopExport}. */
export interface IterDesktopExportOptions {
  /** Most messages per `messages` event; a positive integer, default 1000. */
  batchSize?: number;
  /** Stops the iteration; the iterator rejects with the signal's reason. */
  signal?: AbortSignal;
}

const DEFAULT_BATCH_SIZE = 1000;

/** The reader's events, stopping with the signal's reason as soon as it aborts. */
async function* readEvents(files: ExportFiles, signal: AbortSignal | undefined): AsyncGenerator<ReaderEvent> {
  const events = files.format === "json" ? readJsonExport(files.files[0]!) : readHtmlExport(files.files);
  for await (const event of events) {
    signal?.throwIfAborted();
    yield event;
  }
}

/**
 * Validates a whole export in one streaming pass, keeping no messages, and counts its chats and
 * messages (for a progress bar). Run it before importing so that a bad file fails before anything
 * is stored.
 *
 * @param path - an export file (`result.json`, any `*.json`, a `messages*.html` page) or the export
 *   folder (its `result.json`, else all its `messages*.html` pages in page order)
 * @throws {NotAnExportError} when the path is missing, is neither JSON nor HTML, or is JSON without a
 *   `messages` array or `chats.list`, or HTML without Desktop's `page_wrap`/`history`
 * @throws {TruncatedExportError} when a file ends early or is malformed (cut JSON, an unterminated
 *   string, an HTML page without `</html>`, a message without id or date)
 */
export async function scanDesktopExport(path: string, options: ScanDesktopExportOptions = {}): Promise<ExportScan> {
  options.signal?.throwIfAborted();
  const files = await resolveExportFiles(path);
  const chats = new Set<number>();
  let messages = 0;
  for await (const event of readEvents(files, options.signal)) {
    if (event.kind === "chat") chats.add(event.chatIndex);
    else messages += 1;
  }
  return { ...files, chats: chats.size, messages };
}

/**
 * Streams the chats and messages of an export: a `chat` event, then that chat's messages in batches,
 * for each chat in file order. A `result.json` of any size is read as a stream with one message
 * object in memory at a time; HTML pages are read one page at a time.
 *
 * Message dates are UTC: `date_unixtime` in JSON, the `UTC±hh:mm` title in HTML; exports without
 * them (`date` only, or a title without offset) are read as if their local time were UTC. Desktop
 * exports carry no views or forwards counts. The HTML export has no peer ids and no chat type.
 *
 * @param path - as for {@link scanDesktopExport}
 * @throws {InvalidOptionError} when `batchSize` is not a positive integer
 * @throws {NotAnExportError} | {TruncatedExportError} as {@link scanDesktopExport}, when met (chats
 *   and messages before the bad part have been yielded by then)
 */
export async function* iterDesktopExport(path: string, options: IterDesktopExportOptions = {}): AsyncGenerator<ExportEvent> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidOptionError("batchSize", `must be a positive integer, got ${batchSize}`);
  }
  options.signal?.throwIfAborted();
  const files = await resolveExportFiles(path);
  let batch: Message[] = [];
  let chatIndex = 0;
  for await (const event of readEvents(files, options.signal)) {
    if (event.kind === "chat") {
      if (batch.length > 0) yield { kind: "messages", chatIndex, messages: batch };
      batch = [];
      yield event;
      continue;
    }
    chatIndex = event.chatIndex;
    batch.push(event.message);
    if (batch.length < batchSize) continue;
    yield { kind: "messages", chatIndex, messages: batch };
    batch = [];
  }
  if (batch.length > 0) yield { kind: "messages", chatIndex, messages: batch };
}
