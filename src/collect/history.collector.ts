/**
 * Archives one source's history through a {@link HistoryReader}: follow new posts, then backfill
 * older ones, each page stored with its cursor in one transaction (see `history-cursor.ts`).
 */
import type { CollectedVia, Message, Source } from "../domain/index.js";
import type { BatchResult, Store } from "../store/index.js";
import {
  HISTORY_CURSOR,
  fromHistoryCursor,
  toHistoryCursor,
  type HistoryCursor,
} from "./history-cursor.js";

/** One page of history, newest-first paging; messages in any order. */
export interface HistoryPage {
  /** Source info shown with the page (web preview header), if any. */
  source?: Source;
  messages: Message[];
  /** Id to pass as `before` for the next older page; absent when the page shows none. */
  before?: number;
}

/**
 * Reads pages of one source's history, newest first. Implemented by the telegram adapters
 * (web preview `t.me/s/<name>?before=N`; MTProto `messages.getHistory` with `offset_id`).
 */
export interface HistoryReader {
  readonly via: CollectedVia;
  /**
   * The page of the newest messages older than `before` (the channel's newest page when `before` is
   * undefined).
   * @throws whatever the adapter throws (`UsernameNotFoundError`, `ChannelNotPublicError`, `TelegramWebError`, …)
   */
  readPage(before: number | undefined, signal?: AbortSignal): Promise<HistoryPage>;
  /**
   * The messages with ids in `[low, high)` (at most {@link HISTORY_WINDOW} ids), when the adapter can
   * read by id range (MTProto `messages.getHistory` with `offset_id` and `min_id`). Lets backfill read
   * several windows at once, one per account.
   */
  readWindow?(low: number, high: number, signal?: AbortSignal): Promise<HistoryPage>;
}

/** Width of a backfill id window: one full `messages.getHistory` page. */
export const HISTORY_WINDOW = 100;

/** Options of one collection run. */
export interface CollectHistoryOptions {
  /** Stop after this many messages were stored or refreshed in this run (default: no limit). */
  limit?: number;
  /** Do not backfill messages dated before this instant. */
  since?: Date;
  /** Do not backfill messages with ids below this one (MTProto `min_id`). */
  minId?: number;
  /**
   * Id windows read at once during backfill when the reader has `readWindow` (e.g. the number of
   * accounts); pages are still stored, with their cursor, in id order. Default 1.
   */
  parallel?: number;
  signal?: AbortSignal;
  /** Called after every stored page. */
  onProgress?: (progress: HistoryProgress) => void;
}

/** Progress of a history collection, reported after each stored page. */
export interface HistoryProgress {
  phase: "follow" | "backfill";
  /** Newest message id known on the channel (an estimate of the total: channel ids grow by one per post). */
  topId: number | null;
  /** Oldest message id archived so far. */
  lowId: number | null;
  /** Totals of this run. */
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What one collection run did. */
export interface CollectHistoryResult extends BatchResult {
  /** Pages read from the adapter. */
  pages: number;
  /** Backfill reached the channel's first post (now or in an earlier run). */
  complete: boolean;
  cursor: HistoryCursor;
}

/**
 * Collects one source. Resumable and idempotent: the cursor committed with each page tells a later
 * run (after a crash, SIGKILL or `--limit`) exactly where to continue; re-seen messages only refresh
 * counters (views, reactions, edit state).
 *
 * @param sourceId - row id of the source in `store` (from `upsertSource`)
 * @param onSource - called with the source info of the first page that carries it (to refresh the header)
 * @throws the reader's errors; the store is left with every page stored before the failure
 */
export async function collectHistory(
  store: Store,
  sourceId: number,
  reader: HistoryReader,
  options: CollectHistoryOptions = {},
  onSource?: (source: Source) => Promise<void>,
): Promise<CollectHistoryResult> {
  const run = new HistoryRun(store, sourceId, reader, options, onSource);
  return run.execute();
}

class HistoryRun {
  private cursor: HistoryCursor = toHistoryCursor(undefined);
  private readonly totals = { inserted: 0, updated: 0, unchanged: 0, pages: 0 };
  private topId: number | null = null;
  private sourceSeen = false;

  constructor(
    private readonly store: Store,
    private readonly sourceId: number,
    private readonly reader: HistoryReader,
    private readonly options: CollectHistoryOptions,
    private readonly onSource?: (source: Source) => Promise<void>,
  ) {}

  async execute(): Promise<CollectHistoryResult> {
    this.cursor = toHistoryCursor(await this.store.findCursor({ sourceId: this.sourceId, direction: HISTORY_CURSOR }));
    if (this.cursor.highId !== null) await this.follow();
    let more = true;
    while (more && !this.cursor.complete && !this.limitReached()) {
      more = this.reader.readWindow !== undefined && this.cursor.lowId !== null ? await this.backfillWindows() : await this.backfillPage();
    }
    return { ...this.totals, complete: this.cursor.complete, cursor: this.cursor };
  }

  /** Walks from the newest page down to `highId`, storing everything newer. */
  private async follow(): Promise<void> {
    const highId = this.cursor.highId!;
    let before = this.cursor.follow?.nextBefore;
    for (;;) {
      if (this.limitReached()) return;
      const page = await this.read(before);
      const ids = page.messages.map((m) => m.messageId);
      const newest = Math.max(...ids, -Infinity);
      const oldest = Math.min(...ids, Infinity);
      const topId = this.cursor.follow?.topId ?? Math.max(newest, highId);
      this.topId = Math.max(this.topId ?? 0, topId);
      const done = ids.length === 0 || oldest <= highId || page.before === undefined || page.before <= highId;
      const next: HistoryCursor = done
        ? { ...this.cursor, highId: topId, follow: null }
        : { ...this.cursor, follow: { topId, nextBefore: page.before ?? oldest } };
      await this.save("follow", page.messages, next);
      if (done) return;
      before = next.follow!.nextBefore;
    }
  }

  /** Stores the next older page; returns false when the run should stop. */
  private async backfillPage(): Promise<boolean> {
    const { lowId } = this.cursor;
    const page = await this.read(lowId ?? undefined);
    const older = lowId === null ? page.messages : page.messages.filter((m) => m.messageId < lowId);
    const { since, minId } = this.options;
    const wanted = older.filter((m) => (since === undefined || m.date >= since) && (minId === undefined || m.messageId >= minId));
    if (older.length === 0) {
      await this.save("backfill", [], { ...this.cursor, complete: true });
      return false;
    }
    const ids = wanted.map((m) => m.messageId);
    const newest = Math.max(...older.map((m) => m.messageId));
    if (this.topId === null) this.topId = newest;
    const next: HistoryCursor = {
      ...this.cursor,
      highId: this.cursor.highId ?? newest,
      lowId: ids.length > 0 ? Math.min(...ids) : lowId,
      complete: page.before === undefined && wanted.length === older.length,
    };
    await this.save("backfill", wanted, next);
    return wanted.length === older.length;
  }

  /**
   * Backfills by id windows below `lowId`, keeping `parallel + 1` windows in flight (so storing one
   * overlaps reading the next) and storing them in order; returns false when the run should stop.
   */
  private async backfillWindows(): Promise<boolean> {
    const readWindow = this.reader.readWindow!.bind(this.reader);
    const inflight = Math.max(1, this.options.parallel ?? 1) + 1;
    const controller = new AbortController();
    const stop = (): void => controller.abort(this.options.signal?.reason);
    this.options.signal?.addEventListener("abort", stop, { once: true });
    const queue: { low: number; high: number; page: Promise<HistoryPage> }[] = [];
    let next = this.cursor.lowId!;
    try {
      while (!this.limitReached()) {
        while (queue.length < inflight && next > 1) {
          const low = Math.max(1, next - HISTORY_WINDOW);
          const page = readWindow(low, next, controller.signal);
          page.catch(() => undefined); // read later, or dropped when the run stops early
          queue.push({ low, high: next, page });
          next = low;
        }
        const window = queue.shift();
        if (window === undefined) {
          await this.save("backfill", [], { ...this.cursor, complete: true });
          return false;
        }
        const page = await window.page;
        // Let the reads queued behind this one go out (their network wait starts) before storing.
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.totals.pages++;
        const inWindow = page.messages.filter((m) => m.messageId >= window.low && m.messageId < window.high);
        const { since, minId } = this.options;
        const wanted = inWindow.filter((m) => (since === undefined || m.date >= since) && (minId === undefined || m.messageId >= minId));
        const cut = wanted.length < inWindow.length || (minId !== undefined && window.low <= minId);
        const lowest = wanted.length > 0 ? Math.min(...wanted.map((m) => m.messageId)) : this.cursor.lowId;
        const nextCursor: HistoryCursor = cut
          ? { ...this.cursor, lowId: lowest }
          : { ...this.cursor, lowId: window.low, complete: window.low <= 1 };
        await this.save("backfill", wanted, nextCursor);
        if (cut || nextCursor.complete) return false;
      }
      return false;
    } finally {
      this.options.signal?.removeEventListener("abort", stop);
      controller.abort();
    }
  }

  private async read(before: number | undefined): Promise<HistoryPage> {
    this.options.signal?.throwIfAborted();
    const page = await this.reader.readPage(before, this.options.signal);
    this.totals.pages++;
    if (page.source && !this.sourceSeen && this.onSource) {
      this.sourceSeen = true;
      await this.onSource(page.source);
    }
    return page;
  }

  private async save(phase: HistoryProgress["phase"], messages: Message[], next: HistoryCursor): Promise<void> {
    const room = this.options.limit === undefined ? messages.length : this.options.limit - this.processed();
    const batch = messages.length > room ? this.trimToLimit(phase, messages, room, next) : { messages, next };
    const result = await this.store.saveBatch({
      sourceId: this.sourceId,
      messages: batch.messages,
      via: this.reader.via,
      cursor: { direction: HISTORY_CURSOR, state: fromHistoryCursor(batch.next) },
    });
    this.cursor = batch.next;
    this.totals.inserted += result.inserted;
    this.totals.updated += result.updated;
    this.totals.unchanged += result.unchanged;
    this.options.onProgress?.({ phase, topId: this.topId, lowId: this.cursor.lowId, ...this.totals });
  }

  /**
   * Keeps the `room` newest messages of a page when `--limit` cuts it, and moves the cursor only as
   * far as what is stored, so the next run continues from there.
   */
  private trimToLimit(
    phase: HistoryProgress["phase"],
    messages: Message[],
    room: number,
    next: HistoryCursor,
  ): { messages: Message[]; next: HistoryCursor } {
    const kept = [...messages].sort((a, b) => b.messageId - a.messageId).slice(0, room);
    if (kept.length === 0) return { messages: [], next: this.cursor };
    const lowest = kept[kept.length - 1]!.messageId;
    if (phase === "follow") {
      const topId = next.follow?.topId ?? next.highId!;
      return { messages: kept, next: { ...this.cursor, follow: { topId, nextBefore: lowest } } };
    }
    return { messages: kept, next: { ...next, lowId: lowest, complete: false } };
  }

  private processed(): number {
    return this.totals.inserted + this.totals.updated + this.totals.unchanged;
  }

  private limitReached(): boolean {
    return this.options.limit !== undefined && this.processed() >= this.options.limit;
  }
}
