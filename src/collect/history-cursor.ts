/**
 * The cursor of a channel's history collection, committed with every stored batch.
 *
 * Telegram message ids in a channel grow with time, and both the web preview (`t.me/s/<name>?before=N`)
 * and MTProto (`messages.getHistory` with `offset_id`) page from newer to older. The archive therefore
 * holds one contiguous id range per source, `[lowId, highId]`, which grows in two directions:
 * - **follow** (up from `max_id`): new posts above `highId`, walked newest-first from the channel's top
 *   down to `highId`. While that walk is under way, `follow` records where it started and where to
 *   continue, so a crash resumes the walk instead of leaving a gap.
 * - **backfill** (down to `min_id`): older posts below `lowId`, until the first post (`complete`).
 */
import type { JsonValue } from "../store/index.js";

/** Cursor direction name under which the state is stored. */
export const HISTORY_CURSOR = "history";

/** State of a history collection. Ids are message ids of the source. */
export interface HistoryCursor {
  /** Newest message id of the contiguous archived range; `null` before the first batch. */
  highId: number | null;
  /** Oldest message id reached by backfill; `null` before the first batch. */
  lowId: number | null;
  /** Backfill reached the oldest post: nothing older exists. */
  complete: boolean;
  /**
   * A follow walk in progress: `topId` is the newest id seen when it began (becomes `highId` when the
   * walk reaches the old `highId`); `nextBefore` is the `before` id of the next page to read.
   */
  follow: { topId: number; nextBefore: number } | null;
}

/** The state before anything was collected. */
const EMPTY_HISTORY_CURSOR: HistoryCursor = { highId: null, lowId: null, complete: false, follow: null };

/** Reads a stored cursor state, tolerating absence. */
export function toHistoryCursor(state: JsonValue | undefined): HistoryCursor {
  if (state === undefined || state === null || typeof state !== "object" || Array.isArray(state)) {
    return EMPTY_HISTORY_CURSOR;
  }
  const s = state as Record<string, JsonValue>;
  const follow = s.follow as { topId: number; nextBefore: number } | null | undefined;
  return {
    highId: typeof s.highId === "number" ? s.highId : null,
    lowId: typeof s.lowId === "number" ? s.lowId : null,
    complete: s.complete === true,
    follow: follow && typeof follow.topId === "number" ? { topId: follow.topId, nextBefore: follow.nextBefore } : null,
  };
}

/** The cursor as a JSON value for the store. */
export function fromHistoryCursor(cursor: HistoryCursor): JsonValue {
  return { ...cursor, follow: cursor.follow ? { ...cursor.follow } : null };
}
