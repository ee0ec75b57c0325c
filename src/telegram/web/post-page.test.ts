// The recorded single-post pages (real/tme_post/*.html, see SOURCES.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL_DIR } from "../testing/index.js";
import { parsePostPage } from "./post-page.js";

const read = (file: string) => parsePostPage(readFileSync(path.join(REAL_DIR, "tme_post", file), "utf8"));

describe("single-post pages", () => {
  it("reads the embed of tdlibchat/1, a service message the embed cannot show", () => {
    const page = read("warodan__telegram-research__C07-embed-tdlibchat-1.html");
    expect(page?.kind).toBe("post");
    if (page?.kind !== "post") return;
    expect(page.username).toBe("tdlibchat");
    expect(page.messages).toHaveLength(1);
    expect(page.messages[0]).toMatchObject({
      messageId: 1,
      text: "",
      entities: [],
      media: [],
      edited: false,
      service: { type: "other" },
      sender: { name: "TDLib chat", username: "tdlibchat" },
    });
    expect(page.messages[0]?.date.toISOString()).toBe("2018-03-05T14:28:52.000Z");
    expect(page.messages[0]?.views).toBeUndefined();
  });

  it("reads the error embed of a post that does not exist", () => {
    expect(read("warodan__telegram-research__C08-embed-tdlibchat-50000.html")).toEqual({ kind: "not_found", error: "Post not found" });
  });

  it("reads the summary of the landing page of chollometro/28542", () => {
    const page = read("microlinkhq__metascraper__post-full-image.html");
    expect(page).toMatchObject({ kind: "summary", username: "chollometro", messageId: 28542, channelTitle: "Chollometro" });
    if (page?.kind !== "summary") return;
    expect(page.text).toMatch(/^CHOLLO COMPARTIDO❗️🔥#Amazon\n\n🔹Lámpara de pie LED regulable con mando a distancia 39\.07€ ❗️🔥\(PVP: 73€\)\n\n {6}🛒https:\/\/chollo\.to\/pj4t0\n\n/);
    expect(page.text).toMatch(/🔥Más chollos: @chollos \/ @descuentos$/);
    expect(page.imageUrl).toMatch(/^https:\/\/cdn4\.cdn-telegram\.org\/file\/TCxq-MH8MaWFvsSAU2I5i2B0vcuZ1oqhSfbj8XZDPQYPOGF0JcyWP4KTQIw3H7ilmw/);
  });

  it("is not a post page when it is a channel's landing page", () => {
    expect(read("../tme_profile/microlinkhq__metascraper__no-iframe.html")).toBeUndefined();
  });
});
