// Every recorded t.me/s page (real/tme_s/*.html), read end to end: what holds for any page Telegram serves.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL_CHANNEL_PAGES } from "../testing/index.js";
import { parseChannelPage } from "./channel-page.js";

describe.each(REAL_CHANNEL_PAGES.map((page) => [path.basename(page.file), page] as const))("%s", (_name, recorded) => {
  const page = parseChannelPage(readFileSync(recorded.file, "utf8"));

  it("names the channel it shows", () => {
    expect(page.source.kind).toBe("channel");
    expect(page.source.username).toBe(recorded.username);
  });

  it("lists distinct messages ascending, each dated from its <time datetime>", () => {
    const ids = page.messages.map((m) => m.messageId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    for (const message of page.messages) expect(Number.isNaN(message.date.getTime())).toBe(false);
  });

  it("keeps every entity inside its text", () => {
    for (const message of page.messages) {
      for (const entity of message.entities) {
        expect(entity.length).toBeGreaterThan(0);
        expect(entity.offset + entity.length).toBeLessThanOrEqual(message.text.length);
      }
    }
  });

  it("gives every album item the first item's id as grouped id", () => {
    for (const message of page.messages.filter((m) => m.groupedId !== undefined)) {
      const album = page.messages.filter((m) => m.groupedId === message.groupedId);
      expect(message.groupedId).toBe(String(Math.min(...album.map((m) => m.messageId))));
    }
  });
});
