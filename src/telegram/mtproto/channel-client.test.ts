import { Long } from "@mtcute/node";
import { afterEach, describe, expect, it } from "vitest";
import { ChannelPrivateError, FloodWaitError, UsernameNotFoundError } from "../../domain/index.js";
import { MtprotoChannelClient, openTelegramClient, type ChannelAccess } from "./index.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram } from "./testing/index.js";

const NEWS = 1_036_240_821;
const SOURCE = 1_309_043_988;
const DISCUSSION = 1_500_000_001;
const opened: { destroy(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.destroy()));
});

async function connect(fake: FakeTelegram, account = "alice"): Promise<MtprotoChannelClient> {
  const client = await openTelegramClient({
    apiId: FAKE_API_ID,
    apiHash: FAKE_API_HASH,
    session: await fake.session(),
    connection: fake.connection(account),
    floodSleepThresholdSeconds: 2,
  });
  opened.push(client);
  return new MtprotoChannelClient(client);
}

function newsroom(): FakeTelegram {
  const fake = new FakeTelegram();
  fake.addChannel({ id: NEWS, username: "meduzalive", title: "Медуза — LIVE", about: "Новости", participantsCount: 1_200_000, linkedChatId: DISCUSSION, verified: true, photoId: "5879612342316024101" });
  fake.addChannel({ id: SOURCE, username: "meduza_news", title: "Медуза" });
  fake.addChannel({ id: DISCUSSION, username: "meduza_chat", title: "Медуза — обсуждение", kind: "supergroup", linkedChatId: NEWS });
  fake.addChannel({ id: 77, username: "closed_club", title: "Closed", private: true });
  return fake;
}

describe("MtprotoChannelClient on the fake Telegram", () => {
  it("resolves a username to the channel, its peer id and this account's access hash", async () => {
    const fake = newsroom();
    const resolved = await (await connect(fake, "alice")).resolveUsername("meduzalive");
    expect(resolved.access).toEqual({ channelId: NEWS, accessHash: fake.accessHash(NEWS, "alice") });
    expect(resolved.source).toMatchObject({ peerId: -1_001_036_240_821n, kind: "channel", username: "meduzalive", title: "Медуза — LIVE", verified: true });
    expect(fake.count("contacts.resolveUsername", "alice")).toBe(1);
  });

  it("reads the full channel: description, subscribers, linked discussion group", async () => {
    const fake = newsroom();
    const client = await connect(fake);
    const source = await client.getChannel({ channelId: NEWS, accessHash: fake.accessHash(NEWS, "alice") });
    expect(source).toMatchObject({ about: "Новости", memberCount: 1_200_000, linkedChatId: -1_001_500_000_001n, photoId: "5879612342316024101" });
  });

  it("pages history newest first in pages of 100 until a short page", async () => {
    const fake = newsroom();
    for (let i = 0; i < 250; i++) fake.post(NEWS, { message: `post ${i + 1}` });
    const client = await connect(fake);
    const access = { channelId: NEWS, accessHash: fake.accessHash(NEWS, "alice") };
    const pages = [];
    let before: number | undefined;
    do {
      const page = await client.getHistoryPage(access, before);
      pages.push(page.messages.map((m) => m.messageId));
      before = page.before;
    } while (before !== undefined);
    expect(pages.map((ids) => ids.length)).toEqual([100, 100, 50]);
    expect(pages[0]!.slice(0, 2)).toEqual([250, 249]);
    expect(pages.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it("converts every field of a channel post, and takes a repost's origin from from_id + channel_post", async () => {
    const fake = newsroom();
    fake.post(NEWS, {
      id: 141_880,
      date: 1_778_000_000,
      message: "Главное #новости https://meduza.io",
      entities: [
        { _: "messageEntityHashtag", offset: 8, length: 8 },
        { _: "messageEntityTextUrl", offset: 0, length: 7, url: "https://meduza.io/a" },
        { _: "messageEntityCustomEmoji", offset: 17, length: 2, documentId: Long.fromString("5368324170671202286") },
      ],
      views: 120_345,
      forwards: 15,
      replies: { _: "messageReplies", comments: true, replies: 4, repliesPts: 10, channelId: DISCUSSION },
      editDate: 1_778_000_600,
      postAuthor: "Редакция",
      groupedId: Long.fromString("13950412345678901"),
      reactions: {
        _: "messageReactions",
        results: [
          { _: "reactionCount", reaction: { _: "reactionEmoji", emoticon: "👍" }, count: 12 },
          { _: "reactionCount", reaction: { _: "reactionCustomEmoji", documentId: Long.fromString("5368324170671202286") }, count: 2 },
          { _: "reactionCount", reaction: { _: "reactionPaid" }, count: 5 },
        ],
      },
      fwdFrom: {
        _: "messageFwdHeader",
        fromId: { _: "peerChannel", channelId: SOURCE },
        date: 1_777_990_000,
        channelPost: 89_905,
        postAuthor: "Дежурный",
        // Saved-Messages fields that must not be taken for the origin:
        savedFromPeer: { _: "peerChannel", channelId: 999 },
        savedFromMsgId: 1,
      },
      replyTo: { _: "messageReplyHeader", replyToMsgId: 141_870, replyToTopId: 141_800, quoteText: "цитата" },
      media: {
        _: "messageMediaPhoto",
        photo: {
          _: "photo",
          id: Long.fromInt(1),
          accessHash: Long.fromInt(2),
          fileReference: new Uint8Array(1),
          date: 1_778_000_000,
          dcId: 2,
          sizes: [
            { _: "photoSize", type: "m", w: 320, h: 240, size: 20_000 },
            { _: "photoSizeProgressive", type: "y", w: 1280, h: 960, sizes: [10_000, 90_000, 180_000] },
          ],
        },
      },
      replyMarkup: { _: "replyInlineMarkup", rows: [{ _: "keyboardButtonRow", buttons: [{ _: "keyboardButtonUrl", text: "Читать", url: "https://meduza.io/a" }] }] },
    });
    const [message] = (await (await connect(fake)).getHistoryPage({ channelId: NEWS, accessHash: fake.accessHash(NEWS, "alice") })).messages;
    expect(message).toEqual({
      messageId: 141_880,
      date: new Date(1_778_000_000_000),
      edited: true,
      editDate: new Date(1_778_000_600_000),
      text: "Главное #новости https://meduza.io",
      entities: [
        { type: "hashtag", offset: 8, length: 8 },
        { type: "text_link", offset: 0, length: 7, url: "https://meduza.io/a" },
        { type: "custom_emoji", offset: 17, length: 2, customEmojiId: "5368324170671202286" },
      ],
      views: 120_345,
      forwards: 15,
      repliesCount: 4,
      reactions: [
        { emoji: "👍", count: 12 },
        { customEmojiId: "5368324170671202286", count: 2 },
        { paid: true, count: 5 },
      ],
      postAuthor: "Редакция",
      groupedId: "13950412345678901",
      forward: {
        fromPeerId: -1_001_309_043_988n,
        fromUsername: "meduza_news",
        fromName: "Медуза",
        originalPostId: 89_905,
        originalDate: new Date(1_777_990_000_000),
        postAuthor: "Дежурный",
      },
      replyTo: { messageId: 141_870, threadTopId: 141_800, quoteText: "цитата" },
      media: [{ kind: "photo", width: 1280, height: 960, sizeBytes: 180_000, remote: { type: "photo", id: "1", accessHash: "2", dcId: 2, thumbSize: "y" } }],
      buttons: [{ text: "Читать", url: "https://meduza.io/a" }],
    });
  });

  it("describes documents, polls, link previews and service messages", async () => {
    const fake = newsroom();
    const document = (attributes: object[], mimeType: string) => ({
      _: "messageMediaDocument" as const,
      document: { _: "document" as const, id: Long.fromInt(5), accessHash: Long.fromInt(6), fileReference: new Uint8Array(1), date: 1, mimeType, size: 5_242_880, dcId: 2, attributes: attributes as never },
    });
    fake.post(NEWS, { media: document([{ _: "documentAttributeVideo", duration: 61.5, w: 1920, h: 1080 }, { _: "documentAttributeFilename", fileName: "clip.mp4" }], "video/mp4") });
    fake.post(NEWS, { media: document([{ _: "documentAttributeVideo", roundMessage: true, duration: 12, w: 384, h: 384 }], "video/mp4") });
    fake.post(NEWS, { media: document([{ _: "documentAttributeAudio", voice: true, duration: 7 }], "audio/ogg") });
    fake.post(NEWS, {
      media: {
        _: "messageMediaPoll",
        poll: { _: "poll", id: Long.fromInt(9), quiz: true, closed: true, question: { _: "textWithEntities", text: "Кто?", entities: [] }, hash: Long.ZERO, answers: [
          { _: "pollAnswer", text: { _: "textWithEntities", text: "Да", entities: [] }, option: new Uint8Array([0]) },
          { _: "pollAnswer", text: { _: "textWithEntities", text: "Нет", entities: [] }, option: new Uint8Array([1]) },
        ] },
        results: { _: "pollResults", totalVoters: 10, results: [{ _: "pollAnswerVoters", option: new Uint8Array([0]), voters: 7 }, { _: "pollAnswerVoters", option: new Uint8Array([1]), voters: 3 }] },
      },
    });
    fake.post(NEWS, { media: { _: "messageMediaWebPage", webpage: { _: "webPage", id: Long.ZERO, url: "https://meduza.io/a", displayUrl: "meduza.io/a", hash: 0, siteName: "Meduza", title: "A", description: "B" } } });
    fake.postService(NEWS, { _: "messageActionPinMessage" });
    fake.postService(NEWS, { _: "messageActionChatEditTitle", title: "Медуза" });
    const page = await (await connect(fake)).getHistoryPage({ channelId: NEWS, accessHash: fake.accessHash(NEWS, "alice") });
    expect(page.messages.slice(0, 2).map((m) => [m.text, m.media, m.service])).toEqual([
      ["", [], { type: "chat_edit_title", details: { title: "Медуза" } }],
      ["", [], { type: "pin_message" }],
    ]);
    const remote = { type: "document", id: "5", accessHash: "6", dcId: 2 };
    expect(page.messages.slice(2).map((m) => m.media)).toEqual([
      [{ kind: "webpage", webpage: { url: "https://meduza.io/a", siteName: "Meduza", title: "A", description: "B" } }],
      [{ kind: "poll", poll: { question: "Кто?", options: [{ text: "Да", voters: 7 }, { text: "Нет", voters: 3 }], totalVoters: 10, quiz: true, closed: true } }],
      [{ kind: "voice", mimeType: "audio/ogg", sizeBytes: 5_242_880, durationSeconds: 7, remote }],
      [{ kind: "round_video", mimeType: "video/mp4", sizeBytes: 5_242_880, width: 384, height: 384, durationSeconds: 12, remote }],
      [{ kind: "video", mimeType: "video/mp4", sizeBytes: 5_242_880, width: 1920, height: 1080, durationSeconds: 61.5, fileName: "clip.mp4", remote }],
    ]);
  });

  it("turns unknown, private and wrongly-hashed channels into errors a user can act on", async () => {
    const fake = newsroom();
    const client = await connect(fake, "alice");
    await expect(client.resolveUsername("no_such_channel")).rejects.toBeInstanceOf(UsernameNotFoundError);
    const closed = await client.resolveUsername("closed_club");
    await expect(client.getHistoryPage(closed.access)).rejects.toBeInstanceOf(ChannelPrivateError);
    const bobsHash: ChannelAccess = { channelId: NEWS, accessHash: fake.accessHash(NEWS, "bob") };
    await expect(client.getHistoryPage(bobsHash)).rejects.toBeInstanceOf(ChannelPrivateError);
  });

  it("sleeps through a short FLOOD_WAIT inside mtcute and surfaces a long one with its wait", async () => {
    const fake = newsroom();
    fake.post(NEWS, { message: "hello" });
    const client = await connect(fake);
    const access = { channelId: NEWS, accessHash: fake.accessHash(NEWS, "alice") };
    fake.failNext({ method: "messages.getHistory", errorMessage: "FLOOD_WAIT_1" });
    const started = Date.now();
    expect((await client.getHistoryPage(access)).messages).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.count("messages.getHistory")).toBe(2);

    fake.failNext({ method: "channels.getFullChannel", errorMessage: "FLOOD_WAIT_3600" });
    const error = await client.getChannel(access).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FloodWaitError);
    expect(error).toMatchObject({ method: "channels.getFullChannel", retryAfterSeconds: 3600 });
    expect((error as FloodWaitError).until.getTime() - Date.now()).toBeGreaterThan(3_590_000);
  });
});
