/**
 * Test factory: an archived message as the store returns it, for tests of the export room.
 */
import type { StoredMessage } from "../store/index.js";

/**
 * A text post of `@meduzalive` (message id 141880, 2026-05-05 12:54 UTC, 12000 views, no reactions),
 * collected from the web preview; `overrides` replace whole fields.
 */
export function buildStoredMessage(overrides: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id: 1,
    sourceId: 7,
    sourceUsername: "meduzalive",
    sourceTitle: "Медуза — LIVE",
    messageId: 141880,
    date: new Date("2026-05-05T12:54:00Z"),
    edited: false,
    text: "Plain post",
    entities: [],
    views: 12000,
    reactions: [],
    media: [],
    collectedAt: new Date("2026-05-06T08:00:01.250Z"),
    updatedAt: new Date("2026-05-06T08:00:01.250Z"),
    collectedVia: "web",
    contentHash: "ab".repeat(32),
    urls: [],
    hashtags: [],
    mentions: [],
    ...overrides,
  };
}
