// The recorded-pages server serving real/ pages on 127.0.0.1 as t.me would.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fetch } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { parseChannelPage, parseProfilePage } from "../web/index.js";
import { channelPageWindow } from "./channel-page-window.js";
import { NONEXISTENT_PROFILE_PAGE, REAL_CHANNEL_PAGES, REAL_DIR, REAL_PROFILE_PAGES } from "./real-pages.js";
import { startRecordedPagesServer, type RecordedPagesServer } from "./recorded-pages-server.js";

let server: RecordedPagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const recorded = (file: string): string => readFileSync(path.join(REAL_DIR, file), "utf8");
const widgetIds = (html: string): number[] => [...html.matchAll(/data-post="\w+\/(\d+)"/g)].map((m) => Number(m[1]));

describe("recorded pages", () => {
  it("lists every real/tme_s page with its channel and every landing page with its username", () => {
    expect(REAL_CHANNEL_PAGES.map((p) => [path.basename(p.file), p.username])).toEqual([
      ["LyoSU__hortay-android__meduzalive-real.html", "meduzalive"],
      ["cowolff__ukraine_aggregator__telegram_channel.html", "ClashReport"],
      ["jcobu__sundaysignal__telegram_channel.html", "nflbite_official"],
      ["levongabrielyan__cablegram-mcp__telegram_channel.html", "data_secrets"],
      ["sepower384__crypto-pulse__telegram_channel.html", "wublockchainenglish"],
      ["warodan__telegram-research__live-2026-08-24-s-durov-q-nohits.html", "durov"],
    ]);
    expect(REAL_PROFILE_PAGES.map((p) => p.username)).toEqual(["unlimitedhangout", "DiaboxApp", "tdlibchat"]);
    expect(NONEXISTENT_PROFILE_PAGE.username).toBe("zzqwxnonexistentchannel12345");
  });
});

describe("channelPageWindow", () => {
  const clash = recorded("tme_s/cowolff__ukraine_aggregator__telegram_channel.html");

  it("returns the page untouched without before or page size", () => {
    expect(channelPageWindow(clash, {})).toBe(clash);
  });

  it("keeps the newest widgets below before, albums whole, and moves the cursor", () => {
    const window = channelPageWindow(clash, { before: 93436, pageSize: 2 });
    expect(widgetIds(window)).toEqual([93433, 93434]);
    const page = parseChannelPage(window);
    expect(page.messages.map((m) => m.messageId)).toEqual([93433, 93434, 93435]);
    expect(page.before).toBe(93433);
    expect(window).toContain('href="/s/ClashReport?before=93433"');
    expect(page.source.memberCount).toBe(110_000);
  });

  it("hides posts above newestId, as before the channel posted them", () => {
    const page = parseChannelPage(channelPageWindow(clash, { newestId: 93436, pageSize: 2 }));
    expect(page.messages.map((m) => m.messageId)).toEqual([93434, 93435, 93436]);
    expect(page.before).toBe(93434);
  });

  it("drops the cursor when nothing older is recorded", () => {
    const page = parseChannelPage(channelPageWindow(clash, { before: 93430 }));
    expect(page.messages.map((m) => m.messageId)).toEqual([93429]);
    expect(page.before).toBeUndefined();
  });

  it("adds a cursor to a fragment that had none", () => {
    const window = channelPageWindow(recorded("tme_s/levongabrielyan__cablegram-mcp__telegram_channel.html"), { pageSize: 1 });
    expect(widgetIds(window)).toEqual([9776]);
    expect(parseChannelPage(window).before).toBe(9776);
  });
});

describe("startRecordedPagesServer", () => {
  it("serves every recorded channel page at /s/<username>, any letter case", async () => {
    server = await startRecordedPagesServer();
    for (const page of REAL_CHANNEL_PAGES) {
      const response = await fetch(`${server.baseUrl}/s/${page.username.toUpperCase()}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toBe(readFileSync(page.file, "utf8"));
    }
    expect(server.requests).toHaveLength(REAL_CHANNEL_PAGES.length);
  });

  it("pages with pageSize and ?before=N", async () => {
    server = await startRecordedPagesServer({ pageSize: 3 });
    const newest = parseChannelPage(await (await fetch(`${server.baseUrl}/s/meduzalive`)).text());
    expect(newest.messages.map((m) => m.messageId)).toEqual([141894, 141895, 141896, 141897]);
    expect(newest.before).toBe(141894);
    const older = parseChannelPage(await (await fetch(`${server.baseUrl}/s/meduzalive?before=141894`)).text());
    expect(older.messages.map((m) => m.messageId)).toEqual([141889, 141890, 141891, 141892, 141893]);
    expect(server.requests).toEqual(["/s/meduzalive", "/s/meduzalive?before=141894"]);
  });

  it("redirects /s/<name> without a recorded page to the landing page, as t.me does", async () => {
    server = await startRecordedPagesServer();
    const response = await fetch(`${server.baseUrl}/s/tdlibchat`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/tdlibchat");
  });

  it("serves recorded landing pages and Telegram's page for names nobody has", async () => {
    server = await startRecordedPagesServer();
    const group = parseProfilePage(await (await fetch(`${server.baseUrl}/TDLIBCHAT`)).text());
    expect(group?.source).toMatchObject({ username: "tdlibchat", memberCount: 16_674 });
    const nobody = await (await fetch(`${server.baseUrl}/nosuchname_4711`)).text();
    expect(parseProfilePage(nobody)).toBeUndefined();
    expect(nobody).toContain("tg://resolve?domain=nosuchname_4711");
    expect(nobody).not.toContain("zzqwxnonexistentchannel12345");
  });

  it("answers scripted failures the given number of times, with Retry-After", async () => {
    server = await startRecordedPagesServer({ failures: [{ path: "/s/durov", status: 429, retryAfterSeconds: 7, times: 2 }] });
    const statuses: (number | string | null)[][] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${server.baseUrl}/s/durov?before=5`);
      statuses.push([response.status, response.headers.get("retry-after")]);
      await response.text();
    }
    expect(statuses).toEqual([
      [429, "7"],
      [429, "7"],
      [200, null],
    ]);
  });

  it("serves extra channels and delays responses by latencyMs", async () => {
    const file = path.join(REAL_DIR, "tme_s/jcobu__sundaysignal__telegram_channel.html");
    server = await startRecordedPagesServer({ channels: { sportsmirror: file }, latencyMs: 120 });
    const started = Date.now();
    const page = parseChannelPage(await (await fetch(`${server.baseUrl}/s/SportsMirror`)).text());
    expect(Date.now() - started).toBeGreaterThanOrEqual(118);
    expect(page.messages.map((m) => m.messageId)).toEqual([37, 38, 39, 40, 41]);
  });
});
