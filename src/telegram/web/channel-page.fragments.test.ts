// Captured parts of t.me/s pages: header-less fragments of data_secrets, nflbite_official and
// wublockchainenglish, and durov's complete page for a search with no hits (real/tme_s/, see SOURCES.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Message } from "../../domain/index.js";
import { REAL_DIR } from "../testing/index.js";
import { parseChannelPage, type ChannelPage } from "./channel-page.js";

const read = (file: string): ChannelPage => parseChannelPage(readFileSync(path.join(REAL_DIR, "tme_s", file), "utf8"));
const find = (page: ChannelPage, id: number): Message => {
  const message = page.messages.find((m) => m.messageId === id);
  if (!message) throw new Error(`no message ${id}`);
  return message;
};

describe("data_secrets fragment (album, video, replies, reactions)", () => {
  const page = read("levongabrielyan__cablegram-mcp__telegram_channel.html");

  it("takes the channel from the widgets when the page has no header", () => {
    expect(page.source).toEqual({ kind: "channel", username: "data_secrets", title: "Data Secrets" });
    expect(page.before).toBeUndefined();
  });

  it("splits the 3-photo album 9772 and keeps the caption, reply and reactions on 9772", () => {
    expect(page.messages.map((m) => [m.messageId, m.groupedId, m.media.map((x) => x.kind)])).toEqual([
      [9772, "9772", ["photo"]],
      [9773, "9772", ["photo"]],
      [9774, "9772", ["photo"]],
      [9775, undefined, ["video"]],
      [9776, undefined, ["photo"]],
    ]);
    const album = find(page, 9772);
    expect(album.text).toMatch(/^Вышел Qwen-3\.8 Flash-Next \n\nЭто MoE 125B \+ 51B N-gram таблица/);
    expect(album.replyTo).toMatchObject({ messageId: 9762, authorName: "Data Secrets" });
    expect(album.replyTo?.quoteText).toMatch(/^Архитектура Qwen-4 уже почти здесь/);
    expect(album.reactions[0]).toEqual({ emoji: "❤", count: 145 });
    expect([album.views, album.viewsApproximate, album.date.toISOString()]).toEqual([18_900, true, "2026-08-26T15:02:01.000Z"]);
    expect(find(page, 9773)).toMatchObject({ text: "", reactions: [] });
    expect(find(page, 9773).replyTo).toBeUndefined();
  });

  it("reads the embedded video with its duration", () => {
    expect(find(page, 9775).media).toEqual([
      { kind: "video", url: expect.stringMatching(/^https:\/\/cdn4\.telesco\.pe\/file\/3aab7b598b\.mp4\?token=/), durationSeconds: 105 },
    ]);
  });

  it("reads paid, custom-emoji and ZWJ-emoji reactions", () => {
    expect(find(page, 9775).reactions).toEqual([
      { paid: true, count: 3 },
      { customEmojiId: "5773848767941842357", count: 136 },
      { emoji: "❤\u200d🔥", count: 61 },
      { emoji: "❤", count: 23 },
      { emoji: "👍", count: 18 },
      { emoji: "🔥", count: 12 },
      { emoji: "🏆", count: 10 },
      { emoji: "😁", count: 8 },
      { emoji: "🤔", count: 6 },
      { emoji: "👏", count: 5 },
      { emoji: "🤗", count: 2 },
    ]);
  });

  it("reads a custom emoji in the text and a bare URL", () => {
    const message = find(page, 9775);
    expect(message.text).toHaveLength(1199);
    expect(message.text.slice(270, 302)).toBe("арку из X инженер мало похож) 😐");
    expect(message.entities).toEqual([
      { type: "bold", offset: 0, length: 52 },
      { type: "custom_emoji", offset: 300, length: 2, customEmojiId: "5850515368694517361" },
      { type: "url", offset: 1171, length: 28, url: "https://youtu.be/4qjEgPojjzM" },
    ]);
  });

  it("reads an edited post whose detected link shows a different address", () => {
    const message = find(page, 9776);
    expect(message.edited).toBe(true);
    expect(message.replyTo?.messageId).toBe(9748);
    expect(message.entities).toContainEqual({ type: "url", offset: 603, length: 4, url: "Z.ai" });
    expect(message.entities).toContainEqual({ type: "text_link", offset: 73, length: 4, url: "https://huggingface.co/zai-org/GLM-5.3-Flash" });
    expect(page.messages.filter((m) => m.edited).map((m) => m.messageId)).toEqual([9776]);
  });
});

describe("nflbite_official fragment (polls, inline buttons)", () => {
  const page = read("jcobu__sundaysignal__telegram_channel.html");

  it("reads 5 posts of 2026-09-13 with exact views", () => {
    expect(page.source).toEqual({ kind: "channel", username: "nflbite_official", title: "NFLBITE" });
    expect(page.messages.map((m) => [m.messageId, m.date.toISOString(), m.views, m.viewsApproximate])).toEqual([
      [37, "2026-09-13T16:25:15.000Z", 492, false],
      [38, "2026-09-13T16:25:16.000Z", 340, false],
      [39, "2026-09-13T16:25:16.000Z", 375, false],
      [40, "2026-09-13T16:25:22.000Z", 418, false],
      [41, "2026-09-13T16:25:33.000Z", 431, false],
    ]);
  });

  it("reads both polls with options, percentages and voters", () => {
    expect(find(page, 38).media).toEqual([
      {
        kind: "poll",
        poll: {
          question: "Who will win? Pittsburgh Steelers vs Atlanta Falcons",
          type: "Anonymous Poll",
          quiz: false,
          totalVoters: 14,
          options: [
            { text: "Pittsburgh Steelers", percent: 57 },
            { text: "Draw", percent: 0 },
            { text: "Atlanta Falcons", percent: 43 },
          ],
        },
      },
    ]);
    expect(find(page, 40).media[0]?.poll).toMatchObject({
      question: "Who will win? Carolina Panthers vs Chicago Bears",
      totalVoters: 17,
      options: [
        { text: "Carolina Panthers", percent: 24 },
        { text: "Draw", percent: 0 },
        { text: "Chicago Bears", percent: 76 },
      ],
    });
    expect(find(page, 38).text).toBe("");
  });

  it("reads emoji text, the stream link and the inline URL button", () => {
    const message = find(page, 37);
    expect(message.text).toBe(
      "🏆 NFL\nPITTSBURGH STEELERS VS ATLANTA FALCONS\n\n⏳ Kickoff in 34 minutes\n🕐 17:00 GMT\n\nPittsburgh Steelers vs Atlanta Falcons - Live Stream",
    );
    expect(message.entities).toEqual([
      { type: "text_link", offset: 85, length: 52, url: "http://sportslinks.is/pittsburgh-steelers-vs-atlanta-falcons/68553" },
    ]);
    expect(message.buttons).toEqual([
      { text: "📺 WATCH LIVE STREAM", url: "http://sportslinks.is/pittsburgh-steelers-vs-atlanta-falcons/68553" },
    ]);
  });
});

describe("wublockchainenglish fragment (page tail with cursor)", () => {
  const page = read("sepower384__crypto-pulse__telegram_channel.html");

  it("reads the cursor, the channel and 4 posts", () => {
    expect(page.before).toBe(25984);
    expect(page.source).toEqual({ kind: "channel", username: "wublockchainenglish", title: "Wu Blockchain News" });
    expect(page.messages.map((m) => [m.messageId, m.date.toISOString(), m.views, m.viewsApproximate])).toEqual([
      [26000, "2026-09-12T14:09:47.000Z", 1_840, true],
      [26001, "2026-09-13T01:32:29.000Z", 1_360, true],
      [26002, "2026-09-13T08:44:41.000Z", 522, false],
      [26003, "2026-09-13T09:59:58.000Z", 5, false],
    ]);
  });

  it("decodes &#036; and reads bold and link entities", () => {
    const message = find(page, 26001);
    expect(message.text).toMatch(/^Thailand SEC Proposes Limits on Stablecoin Transfers to Third-Party Wallets, With ~\$150K Daily One-Way Cap\n\n/);
    expect(message.text).toHaveLength(699);
    expect(message.entities).toEqual([
      { type: "bold", offset: 408, length: 42 },
      { type: "text_link", offset: 695, length: 4, url: "https://wublockchain.xyz/news/news-20828" },
    ]);
    expect(message.text.slice(408, 450)).toBe("$151,000 per person, per operator, per day");
  });
});

describe("durov search page with no hits", () => {
  const page = read("warodan__telegram-research__live-2026-08-24-s-durov-q-nohits.html");

  it("has no messages and no cursor but a full header", () => {
    expect(page.messages).toEqual([]);
    expect(page.before).toBeUndefined();
    expect(page.source).toMatchObject({
      kind: "channel",
      title: "Pavel Durov",
      username: "durov",
      verified: true,
      about: "Founder of Telegram.",
      memberCount: 11_100_000,
      memberCountApproximate: true,
      counters: { photos: 102, videos: 45, links: 196 },
    });
  });
});
