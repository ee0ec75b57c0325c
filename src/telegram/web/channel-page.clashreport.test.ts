// The complete newest page of t.me/s/ClashReport as captured (real/tme_s/cowolff__ukraine_aggregator__telegram_channel.html).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Message } from "../../domain/index.js";
import { REAL_DIR } from "../testing/index.js";
import { parseChannelPage } from "./channel-page.js";

const page = parseChannelPage(readFileSync(path.join(REAL_DIR, "tme_s/cowolff__ukraine_aggregator__telegram_channel.html"), "utf8"));
const byId = (id: number): Message => {
  const message = page.messages.find((m) => m.messageId === id);
  if (!message) throw new Error(`no message ${id}`);
  return message;
};
const mediaOfKind = (kind: string): number[] =>
  page.messages.filter((m) => m.media.some((x) => x.kind === kind)).map((m) => m.messageId);

describe("t.me/s/ClashReport", () => {
  it("reads the channel header: 110K subscribers, not verified", () => {
    expect(page.source).toMatchObject({
      kind: "channel",
      title: "Clash Report",
      username: "ClashReport",
      verified: false,
      about: "Breaking news, reports, and opinions from ongoing clashes of the world.\nhttps://www.instagram.com/clashreportcr\nhttps://x.com/clashreport",
      memberCount: 110_000,
      memberCountApproximate: true,
      counters: { photos: 38_400, videos: 34_600, files: 26, links: 2_650 },
    });
    expect(page.before).toBe(93429);
  });

  it("emits 93429–93448, album items included, from 03:46 to 07:11 UTC", () => {
    expect(page.messages.map((m) => m.messageId)).toEqual(Array.from({ length: 20 }, (_, i) => 93429 + i));
    expect(byId(93429).date.toISOString()).toBe("2026-08-24T03:46:52.000Z");
    expect(byId(93448).date.toISOString()).toBe("2026-08-24T07:11:01.000Z");
  });

  it("reads rounded and exact views", () => {
    expect([byId(93429).views, byId(93429).viewsApproximate]).toEqual([3_120, true]);
    expect([byId(93445).views, byId(93445).viewsApproximate]).toEqual([1_040, true]);
    expect([byId(93446).views, byId(93446).viewsApproximate]).toEqual([943, false]);
    expect([byId(93448).views, byId(93448).viewsApproximate]).toEqual([697, false]);
  });

  it("splits album 93430 into 93430–93432 and album 93434 into 93434–93435", () => {
    const albums = page.messages
      .filter((m) => m.groupedId)
      .map((m) => [m.messageId, m.groupedId, m.media[0]?.kind, m.media[0]?.durationSeconds, m.media[0]?.tooBig ?? false]);
    expect(albums).toEqual([
      [93430, "93430", "video", 6, false],
      [93431, "93430", "video", 17, false],
      [93432, "93430", "video", 53, true],
      [93434, "93434", "video", 46, true],
      [93435, "93434", "video", 21, false],
    ]);
    expect(byId(93430).text).toBe(
      "Ukrainian drones targeted three Ozon logistics hubs across Russia overnight, with facilities in Adygea, Stavropol Krai and Dagestan affected.\n\n" +
        "The strikes come amid a broader series of attacks on major Russian distribution centers, including sites operated by Ozon and rival retailer Wildberries.",
    );
    expect(byId(93430).reactions).toHaveLength(8);
    expect(byId(93431)).toMatchObject({ text: "", reactions: [], edited: false });
  });

  it("counts 16 videos (4 too big for the preview) and 3 photos", () => {
    expect(mediaOfKind("video")).toHaveLength(16);
    expect(page.messages.filter((m) => m.media.some((x) => x.tooBig)).map((m) => m.messageId)).toEqual([93432, 93434, 93436, 93437]);
    expect(mediaOfKind("photo")).toEqual([93429, 93438, 93439]);
    expect(byId(93440).media).toEqual([
      { kind: "video", url: expect.stringMatching(/^https:\/\/cdn4\.telesco\.pe\/file\/6a7c9ccf3e\.mp4\?token=/), durationSeconds: 58 },
    ]);
    expect(byId(93437).media[0]).toMatchObject({ kind: "video", durationSeconds: 40, tooBig: true, url: expect.stringMatching(/^https:\/\/cdn4\.telesco\.pe\/file\//) });
  });

  it("reads the reply to 93428 with its quoted text", () => {
    expect(byId(93433).replyTo).toEqual({
      messageId: 93428,
      authorName: "Clash Report",
      quoteText: "Andy Burnham will visit Kyiv today in his first foreign trip as UK prime minister, reaffirming Britain’s support for Ukraine.",
    });
    expect(page.messages.filter((m) => m.replyTo).map((m) => m.messageId)).toEqual([93433]);
  });

  it("finds the 14 blockquotes and decodes quote entities in the text", () => {
    expect(page.messages.flatMap((m) => m.entities).filter((e) => e.type === "blockquote")).toHaveLength(14);
    const message = byId(93437);
    expect(message.text).toBe(
      "Former NBA player Enes Kanter was kicked out from a WNBA game after a courtside confrontation with Chicago Sky guard Natasha Cloud.\n\n" +
        'Kanter, who recently declared for the 2027 WNBA Draft claiming he "identifies as a woman" as a protest against transgender athlete policies, sat courtside wearing a shirt reading "WOMAN: adult human female." \n\n' +
        "Kanter is wanted by Türkiye over his ties to the Gülen terror movement. \n\n" +
        "His Turkish citizenship was revoked.",
    );
    expect(message.entities).toEqual([{ type: "blockquote", offset: 133, length: 320 }]);
    expect(byId(93438).text).toContain("predecessor Petro's defense policies");
    expect(byId(93438).entities).toEqual([{ type: "blockquote", offset: 186, length: 261 }]);
  });

  it("flags only 93437 as edited", () => {
    expect(page.messages.filter((m) => m.edited).map((m) => m.messageId)).toEqual([93437]);
  });

  it("reads reactions on every post", () => {
    const posts = page.messages.filter((m) => m.views !== undefined);
    expect(posts).toHaveLength(17);
    expect(posts.every((m) => m.reactions.length > 0)).toBe(true);
    expect(byId(93429).reactions).toEqual([
      { emoji: "🖕", count: 31 },
      { emoji: "❤", count: 24 },
      { emoji: "🤡", count: 6 },
      { emoji: "🥱", count: 5 },
      { emoji: "🤔", count: 1 },
      { emoji: "🤮", count: 1 },
    ]);
  });
});
