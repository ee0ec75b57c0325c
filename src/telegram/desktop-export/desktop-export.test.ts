import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL_DIR } from "../testing/index.js";
import { scanDesktopExport } from "./index.js";
import { messageById, readWholeExport } from "./export-reading.fixture.js";

const real = (name: string): string => path.join(REAL_DIR, "desktop_export", name);


describe("real result.json of public channel ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ (AiratFaiz/pachumarchive)", () => {
  const file = real("AiratFaiz__pachumarchive__result.json");

  it("reads the channel as a source with its Bot-API peer id", async () => {
    const { sources } = await readWholeExport(file);
    expect(sources).toEqual([{ kind: "channel", peerId: -1002447843635n, title: "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ" }]);
  });

  it("reads post 3854: UTC dates from date_unixtime, edit date, sender channel, photo, reaction", async () => {
    const post = messageById((await readWholeExport(file)).messages, 3854);
    expect(post.date.toISOString()).toBe("2026-06-17T12:24:01.000Z");
    expect(post.edited).toBe(true);
    expect(post.editDate?.toISOString()).toBe("2026-06-17T12:29:24.000Z");
    expect(post.sender).toEqual({ peerId: -1002447843635n, name: "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ" });
    expect(post.media).toEqual([{ kind: "photo", sizeBytes: 198074, width: 1280, height: 720 }]);
    expect(post.reactions).toEqual([{ emoji: "🔥", count: 4 }]);
  });

  it("reads post 3854's text with custom emoji, spoiler, text links and hashtag at UTF-16 offsets", async () => {
    const post = messageById((await readWholeExport(file)).messages, 3854);
    expect(post.text).toBe("Пила 3D (2010)\n🤪 - 6/10\n\n📹 ТВИЧ | 💳 БУСТИ | 💬 ТЕЛЕГА\n\n#КиноСтрим");
    expect(post.entities).toEqual([
      { type: "custom_emoji", offset: 15, length: 2, customEmojiId: "stickers/sticker.webp" },
      { type: "spoiler", offset: 20, length: 4 },
      { type: "custom_emoji", offset: 26, length: 2, customEmojiId: "stickers/sticker (1).webp" },
      { type: "text_link", offset: 29, length: 4, url: "https://www.twitch.tv/guz3lka" },
      { type: "custom_emoji", offset: 36, length: 2, customEmojiId: "stickers/sticker (2).webp" },
      { type: "text_link", offset: 39, length: 5, url: "https://boosty.to/guzelka_games" },
      { type: "custom_emoji", offset: 47, length: 2, customEmojiId: "stickers/sticker (3).webp" },
      { type: "text_link", offset: 50, length: 6, url: "http://t.me/papapachuca" },
      { type: "hashtag", offset: 58, length: 10 },
    ]);
    const covered = post.entities.map((e) => post.text.slice(e.offset, e.offset + e.length));
    expect(covered).toEqual(["🤪", "6/10", "📹", "ТВИЧ", "💳", "БУСТИ", "💬", "ТЕЛЕГА", "#КиноСтрим"]);
  });

  it("reads videos 3855 and 3856 with name, MIME type, duration, size and dimensions but no placeholder path", async () => {
    const { messages } = await readWholeExport(file);
    expect(messageById(messages, 3855).media).toEqual([
      { kind: "video", fileName: "1111.mp4", mimeType: "video/mp4", durationSeconds: 2748, sizeBytes: 2003698620, width: 1280, height: 720 },
    ]);
    expect(messageById(messages, 3856).media).toEqual([
      { kind: "video", fileName: "2222.mp4", mimeType: "video/mp4", durationSeconds: 3023, sizeBytes: 1835393495, width: 1280, height: 720 },
    ]);
    expect(messageById(messages, 3856).editDate?.toISOString()).toBe("2026-06-17T12:24:04.000Z");
    expect(messageById(messages, 3856).text).toBe("");
  });

  it("counts one chat and 3 messages in the scan", async () => {
    expect(await scanDesktopExport(file)).toEqual({ format: "json", files: [file], chats: 1, messages: 3 });
  });
});

describe("real result.json of personal chat Jimmeny (langchain-ai/langchain)", () => {
  it("reads the chat as a user and the 4 messages with user senders and UTC dates", async () => {
    const { sources, messages } = await readWholeExport(real("langchain-ai__langchain__result.json"));
    expect(sources).toEqual([{ kind: "user", peerId: 5965280513n, title: "Jimmeny" }]);
    expect(messages.map((m) => [m.messageId, m.date.toISOString(), m.sender?.peerId, m.sender?.name, m.text])).toEqual([
      [1, "2023-08-23T20:11:23.000Z", 123450513n, "Jimmeny Marvelton", "i refuse to converse with you"],
      [2, "2023-08-23T20:13:20.000Z", 6565661032n, "Batman & Robin", "Hi nemesis"],
      [3, "2023-08-23T20:15:35.000Z", 123450513n, "Jimmeny Marvelton", "we meet again"],
      [4, "2023-08-23T20:15:53.000Z", 123450513n, "Jimmeny Marvelton", "you will not trick me this time"],
    ]);
    expect(messages.every((m) => m.entities.length === 0 && !m.edited)).toBe(true);
  });
});

describe("real old-format telegram.json (langchain-ai/langchain)", () => {
  const file = real("langchain-ai__langchain__telegram.json");

  it("keeps the mojibake names as committed, including the raw U+008D character", async () => {
    const { sources, messages } = await readWholeExport(file);
    expect(sources).toEqual([{ kind: "user", peerId: 2730825451n, title: "Grace \u00f0\u0178\u00a7\u00a4" }]);
    expect(messageById(messages, 1980501).sender).toEqual({ peerId: 4720225552n, name: "Grace \u00f0\u0178\u00a7\u00a4 \u00f0\u0178\u2019\u008d" });
  });

  it("reads numeric from_id as a user id and local dates without date_unixtime as UTC", async () => {
    const { messages } = await readWholeExport(file);
    expect(messages.map((m) => [m.messageId, m.date.toISOString(), m.sender?.peerId, m.text])).toEqual([
      [1980499, "2020-01-01T00:00:02.000Z", 4325636679n, "It's 2020..."],
      [1980500, "2020-01-01T00:00:04.000Z", 4325636679n, "Fireworks!"],
      [1980501, "2020-01-01T00:00:05.000Z", 4720225552n, "You're a minute late!"],
    ]);
  });
});

describe("real DM export Bob (mlomb/chat-analytics)", () => {
  const file = real("mlomb__chat-analytics__DM_2A_7M.json");

  it("reads the joined_telegram service message with its actor", async () => {
    const joined = messageById((await readWholeExport(file)).messages, 2675);
    expect(joined.date.toISOString()).toBe("2019-07-05T16:55:32.000Z");
    expect(joined.service).toEqual({ type: "joined_telegram", actor: "Bob" });
    expect(joined.sender).toEqual({ peerId: 700000000n, name: "Bob" });
    expect(joined.text).toBe("");
  });

  it("reads the phone call with its duration and discard reason, dated by date_unixtime", async () => {
    const call = messageById((await readWholeExport(file)).messages, 3674);
    expect(call.date.toISOString()).toBe("2023-08-11T02:11:02.000Z");
    expect(call.service).toEqual({ type: "phone_call", actor: "Alice", details: { duration_seconds: 56, discard_reason: "hangup" } });
    expect(call.sender).toEqual({ peerId: 300000000n, name: "Alice" });
  });

  it("reads a link entity, messages with only date_unixtime, and photos with their dimensions", async () => {
    const { messages } = await readWholeExport(file);
    const link = messageById(messages, 3644);
    expect(link.text).toBe("https://google.com 👀");
    expect(link.entities).toEqual([{ type: "url", offset: 0, length: 18, url: "https://google.com" }]);
    expect(messageById(messages, 3662).date.toISOString()).toBe("2022-05-09T22:23:53.000Z");
    expect(messageById(messages, 3663).date.toISOString()).toBe("2022-05-09T23:26:09.000Z");
    expect(messageById(messages, 3672).date.toISOString()).toBe("2022-06-10T22:06:38.000Z");
    expect(messageById(messages, 3672).media).toEqual([{ kind: "photo", width: 960, height: 1280 }]);
    expect(messageById(messages, 3673).media).toEqual([{ kind: "photo", width: 960, height: 1280 }]);
  });

  it("yields all 8 messages in file order", async () => {
    const { sources, messages } = await readWholeExport(file);
    expect(sources).toEqual([{ kind: "user", peerId: 700000000n, title: "Bob" }]);
    expect(messages.map((m) => m.messageId)).toEqual([2675, 3644, 3645, 3662, 3663, 3672, 3673, 3674]);
  });
});

describe("real HTML export (langchain-ai/langchain messages.html)", () => {
  const file = real("langchain-ai__langchain__messages.html");

  it("reads the chat title and the 4 messages with senders (joined one inherits) and exact UTC dates", async () => {
    const { sources, messages } = await readWholeExport(file);
    expect(sources).toEqual([{ title: "Jimmeny Marvelton" }]);
    expect(messages.map((m) => [m.messageId, m.date.toISOString(), m.sender?.name, m.text])).toEqual([
      [1, "2023-08-23T21:11:23.000Z", "Jimmeny Marvelton", "i refuse to converse with you"],
      [2, "2023-08-23T21:13:20.000Z", "Batman & Robin", "Hi nemesis"],
      [3, "2023-08-23T21:15:35.000Z", "Jimmeny Marvelton", "we meet again"],
      [4, "2023-08-23T21:15:53.000Z", "Jimmeny Marvelton", "you will not trick me this time"],
    ]);
  });

  it("counts 4 messages, not the date row, in the scan", async () => {
    expect(await scanDesktopExport(file)).toEqual({ format: "html", files: [file], chats: 1, messages: 4 });
  });
});
