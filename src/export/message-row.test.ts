import { describe, expect, it } from "vitest";
import { MESSAGE_COLUMNS, toMessageRow } from "./index.js";
import { buildStoredMessage } from "./stored-message.factory.js";

describe("toMessageRow", () => {
  it("flattens a forwarded, reacted, edited channel post with media into the documented columns", () => {
    const row = toMessageRow(
      buildStoredMessage({
        sourcePeerId: -1001036240821n,
        text: "Главное к этому часу #новости https://meduza.io/news",
        editDate: new Date("2026-05-05T13:10:42.900Z"),
        edited: true,
        views: 1200,
        viewsApproximate: true,
        forwards: 15,
        repliesCount: 4,
        reactions: [
          { emoji: "👍", count: 12 },
          { emoji: "🔥", count: 3 },
          { customEmojiId: "5368324170671202286", count: 2 },
          { paid: true, count: 5 },
        ],
        postAuthor: "Редакция",
        groupedId: "13950412345678901",
        replyTo: { messageId: 141870, threadTopId: 141800 },
        forward: {
          fromPeerId: -1001309043988n,
          fromUsername: "meduza_news",
          fromName: "Медуза",
          originalPostId: 89905,
          originalDate: new Date("2026-05-05T12:50:00Z"),
        },
        viaBot: "gif",
        media: [{ kind: "photo" }, { kind: "webpage", webpage: { url: "https://meduza.io/news" } }],
        urls: ["https://meduza.io/news"],
        hashtags: ["новости"],
        mentions: ["meduza_news"],
        deletedAt: new Date("2026-05-07T00:00:00Z"),
      }),
    );
    expect(row).toEqual({
      source: "meduzalive",
      message_id: 141880,
      date: "2026-05-05T12:54:00Z",
      text: "Главное к этому часу #новости https://meduza.io/news",
      views: 1200,
      forwarded_from: "meduza_news",
      url: "https://t.me/meduzalive/141880",
      source_username: "meduzalive",
      source_title: "Медуза — LIVE",
      source_peer_id: "-1001036240821",
      edit_date: "2026-05-05T13:10:42Z",
      edited: true,
      deleted_at: "2026-05-07T00:00:00Z",
      views_approximate: true,
      forwards: 15,
      replies: 4,
      reactions: { "👍": 12, "🔥": 3, "custom:5368324170671202286": 2, paid: 5 },
      reactions_total: 17,
      post_author: "Редакция",
      sender_id: null,
      sender_name: null,
      sender_username: null,
      grouped_id: "13950412345678901",
      reply_to_message_id: 141870,
      reply_to_thread_top_id: 141800,
      comment_to_peer_id: null,
      comment_to_message_id: null,
      forwarded_from_id: "-1001309043988",
      forwarded_message_id: 89905,
      forwarded_date: "2026-05-05T12:50:00Z",
      via_bot: "gif",
      media_kinds: ["photo", "webpage"],
      media_count: 2,
      has_media: true,
      urls: ["https://meduza.io/news"],
      hashtags: ["новости"],
      mentions: ["meduza_news"],
      service_action: null,
      collected_via: "web",
      collected_at: "2026-05-06T08:00:01Z",
      content_hash: "ab".repeat(32),
    });
    expect(Object.keys(row)).toEqual([...MESSAGE_COLUMNS]);
  });

  it("gives null for what the adapter did not see, and no link without a username", () => {
    const row = toMessageRow(
      buildStoredMessage({
        sourceUsername: undefined,
        sourceTitle: "Jimmeny",
        views: undefined,
        sender: { peerId: 123456789n, name: "Jimmeny Marvelton" },
        service: { type: "pin_message" },
        collectedVia: "export",
      }),
    );
    expect(row).toMatchObject({
      source: "Jimmeny",
      url: null,
      source_username: null,
      source_peer_id: null,
      views: null,
      views_approximate: null,
      forwards: null,
      replies: null,
      forwarded_from: null,
      edit_date: null,
      reactions: {},
      reactions_total: 0,
      sender_id: "123456789",
      sender_name: "Jimmeny Marvelton",
      media_kinds: [],
      media_count: 0,
      has_media: false,
      service_action: "pin_message",
      collected_via: "export",
    });
  });

  it("names the source by username, else title, else peer id, else its row id", () => {
    const bare = { sourceUsername: undefined, sourceTitle: undefined };
    expect(toMessageRow(buildStoredMessage({ ...bare, sourcePeerId: -1002447843635n })).source).toBe("-1002447843635");
    expect(toMessageRow(buildStoredMessage({ ...bare, sourceId: 7 })).source).toBe("#7");
  });

  it("names a forward's origin by username, else name, else peer id", () => {
    const from = (forward: object) => toMessageRow(buildStoredMessage({ forward })).forwarded_from;
    expect(from({ fromName: "Hidden Sender", fromPeerId: 5n })).toBe("Hidden Sender");
    expect(from({ fromPeerId: -1001309043988n })).toBe("-1001309043988");
    expect(from({})).toBeNull();
  });
});
