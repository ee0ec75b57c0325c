/**
 * Imports Telegram Desktop exports (`result.json` of one chat or of a whole account, `messages.html`).
 */
import { iterDesktopExport, scanDesktopExport } from "../telegram/index.js";
import type { BatchResult, Store, StoredSource } from "../store/index.js";

/** Options of an import. */
export interface ImportExportOptions {
  signal?: AbortSignal;
  /** Messages per stored batch (default 1000). */
  batchSize?: number;
  /** Called after the validation pass with the totals, then after every stored batch. */
  onProgress?: (progress: ImportProgress) => void;
}

/** Progress of an import. */
export interface ImportProgress {
  /** Messages in the whole export (from the validation pass). */
  totalMessages: number;
  /** Messages stored or refreshed so far. */
  doneMessages: number;
  /** Current chat's title. */
  chat?: string;
}

/** What an import did. */
export interface ImportExportResult extends BatchResult {
  format: "json" | "html";
  sources: StoredSource[];
}

/**
 * Validates the whole export first (one streaming pass, nothing written), then streams it into the
 * store chat by chat in batches. Re-importing the same export adds nothing: messages are matched by
 * `(source, message id)` and only refreshed.
 *
 * @param path - an export file or folder
 * @throws {NotAnExportError} | {TruncatedExportError} before anything is written
 */
export async function importDesktopExport(
  store: Store,
  path: string,
  options: ImportExportOptions = {},
): Promise<ImportExportResult> {
  const scan = await scanDesktopExport(path, { signal: options.signal });
  const totals = { inserted: 0, updated: 0, unchanged: 0 };
  const sources: StoredSource[] = [];
  let current: StoredSource | undefined;
  options.onProgress?.({ totalMessages: scan.messages, doneMessages: 0 });
  for await (const event of iterDesktopExport(path, { batchSize: options.batchSize, signal: options.signal })) {
    if (event.kind === "chat") {
      current = await store.upsertSource(event.source, "export");
      sources.push(current);
      continue;
    }
    if (!current) continue;
    const result = await store.saveBatch({ sourceId: current.id, messages: event.messages, via: "export" });
    totals.inserted += result.inserted;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
    options.onProgress?.({
      totalMessages: scan.messages,
      doneMessages: totals.inserted + totals.updated + totals.unchanged,
      chat: current.title,
    });
  }
  return { ...totals, format: scan.format, sources };
}
