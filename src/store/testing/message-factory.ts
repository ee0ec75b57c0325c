/**
 * Factories of domain values for store tests.
 */
import type { Message, Source } from "../../domain/index.js";

let nextMessageId = 1;

/**
 * A plain text message (`messageId` counts up per call) with `overrides` applied. Optional fields are
 * absent unless overridden.
 */
export function buildMessage(overrides: Partial<Message> = {}): Message {
  return {
    messageId: nextMessageId++,
    date: new Date("2024-03-01T12:00:00Z"),
    edited: false,
    text: "Hello from the archive",
    entities: [],
    reactions: [],
    media: [],
    ...overrides,
  };
}

/** A message with every field of `Message` set (media with a poll and a link preview), then `overrides`. */
export function buildFullMessage(overrides: Partial<Message> = {}): Message {
  return buildMessage({
    date: new Date("2024-03-01T12:34:56Z"),
    editDate: new Date("2024-03-01T13:00:01Z"),
    edited: true,
    text: "Café au lait ☕ #Breakfast with @durov https://example.org/menu",
    entities: [
      { type: "bold", offset: 0, length: 4 },
      { type: "hashtag", offset: 16, length: 10 },
      { type: "mention", offset: 32, length: 6 },
      { type: "url", offset: 39, length: 24, url: "https://example.org/menu" },
      { type: "mention_name", offset: 0, length: 4, userId: 777000n },
      { type: "custom_emoji", offset: 14, length: 1, customEmojiId: "5368324170671202286" },
      { type: "pre", offset: 5, length: 2, language: "ts" },
    ],
    views: 12_345,
    viewsApproximate: false,
    forwards: 67,
    repliesCount: 8,
    reactions: [
      { emoji: "👍", count: 120 },
      { customEmojiId: "5368324170671202286", count: 3 },
      { paid: true, count: 50 },
    ],
    postAuthor: "Editor",
    sender: { peerId: -1001234567890n, name: "Archive Channel", username: "archive_channel" },
    groupedId: "13579246801357924",
    replyTo: { messageId: 41, threadTopId: 40, peerUsername: "other_chat", authorName: "Someone", quoteText: "quoted" },
    commentTo: { peerId: -1001036240821n, messageId: 141880 },
    forward: {
      fromPeerId: -1002447843635n,
      fromUsername: "origin_channel",
      fromName: "Origin Channel",
      originalPostId: 3854,
      originalDate: new Date("2024-02-28T08:00:00Z"),
      postAuthor: "Original Author",
    },
    viaBot: "gif",
    media: [
      {
        kind: "photo",
        mimeType: "image/jpeg",
        sizeBytes: 5_000_000_000,
        width: 1280,
        height: 960,
        url: "https://cdn.example/photo.jpg",
        sha256: "a".repeat(64),
        localPath: "media/1/photo.jpg",
      },
      {
        kind: "video",
        mimeType: "video/mp4",
        sizeBytes: 10_485_760,
        durationSeconds: 12.5,
        fileName: "clip.mp4",
        title: "Clip",
        performer: "Performer",
        emoji: "🎬",
        tooBig: true,
      },
      {
        kind: "poll",
        poll: {
          question: "Coffee or tea?",
          options: [
            { text: "Coffee", voters: 10, percent: 62 },
            { text: "Tea", voters: 6, percent: 38 },
          ],
          totalVoters: 16,
          type: "Anonymous poll",
          quiz: false,
          closed: true,
        },
      },
      {
        kind: "webpage",
        webpage: { url: "https://example.org/menu", siteName: "Example", title: "Menu", description: "Today's menu" },
      },
    ],
    service: { type: "pin_message", text: "pinned a message", actor: "Admin", details: { messageId: 40, flags: ["silent"] } },
    buttons: [{ text: "Open", url: "https://example.org" }, { text: "Callback only" }],
    deletedAt: new Date("2024-04-01T00:00:00.123Z"),
    ...overrides,
  });
}

/** A public channel seen on the web preview (username and title, no peer id), then `overrides`. */
export function buildSource(overrides: Partial<Source> = {}): Source {
  return { kind: "channel", username: "archive_channel", title: "Archive Channel", ...overrides };
}
