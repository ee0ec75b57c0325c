/**
 * `tgscope collect --via web` end to end: the real CLI in a child process, a real SQLite archive, and
 * every real captured t.me/s page served from 127.0.0.1 in pages of 4 posts.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseChannelPage } from "../../src/telegram/index.js";
import { REAL_CHANNEL_PAGES, startRecordedPagesServer, type RecordedPagesServer } from "../../src/telegram/testing/index.js";
import { cliEnv, exportAll, runTgscope, tempDataDir } from "../support/cli.js";

let server: RecordedPagesServer;
beforeAll(async () => {
  server = await startRecordedPagesServer({ pageSize: 4 });
});
afterAll(() => server?.close());

const envFor = (dataDir: string) => cliEnv({ TGSCOPE_DATA_DIR: dataDir, TGSCOPE_WEB_BASE_URL: server.baseUrl });

describe.each(REAL_CHANNEL_PAGES.map((p) => [p.username, p.file] as const))("collect %s", (username, file) => {
  it("archives every message of the page once with its fields, and a second run adds nothing", async () => {
    const env = envFor(tempDataDir());
    const first = await runTgscope(["collect", username, "--via", "web"], env);
    expect(first.stderr).toMatch(new RegExp(`@${username}: \\d+ new, 0 updated, 0 unchanged .*archive complete`));
    expect(first.code).toBe(0);

    const expected = parseChannelPage(readFileSync(file, "utf8")).messages;
    const rows = await exportAll(env);
    expect(rows.map((r) => r.message_id)).toEqual(expected.map((m) => m.messageId));
    for (const [i, message] of expected.entries()) {
      expect(rows[i]).toMatchObject({
        source: username,
        date: message.date.toISOString().replace(".000Z", "Z"),
        text: message.text,
        views: message.views ?? null,
        edited: message.edited,
        grouped_id: message.groupedId ?? null,
        forwarded_from: message.forward?.fromUsername ?? message.forward?.fromName ?? null,
        forwarded_message_id: message.forward?.originalPostId ?? null,
        reply_to_message_id: message.replyTo?.messageId ?? null,
        media_kinds: message.media.map((m) => m.kind),
        url: `https://t.me/${username}/${message.messageId}`,
        collected_via: "web",
      });
    }

    const second = await runTgscope(["collect", `https://t.me/s/${username}`, "--via", "web"], env);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`@${username}: 0 new, 0 updated, \\d+ unchanged`));
    expect(await exportAll(env)).toEqual(rows);
  });
});

describe("collect meduzalive", () => {
  it("keeps what a reader sees on the page: forwards, views, albums and the edited post", async () => {
    const env = envFor(tempDataDir());
    expect((await runTgscope(["collect", "@meduzalive"], env)).code).toBe(0);
    const rows = await exportAll(env);
    const forwarded = rows.filter((r) => r.forwarded_from !== null).map((r) => `${String(r.forwarded_from)}/${String(r.forwarded_message_id)}`);
    expect(forwarded).toEqual(
      expect.arrayContaining(["meduza_news/89905", "meduza_news/89907", "meduza_news/89909", "meduza_news/89911", "meduza_books/227", "plottwist_m/3599"]),
    );
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.edited === true).length).toBeGreaterThanOrEqual(1);
    const search = await runTgscope(["search", "Медуза", "--json", "--limit", "100"], env);
    expect(search.code).toBe(0);
    for (const line of search.stdout.trim().split("\n")) {
      expect(Object.keys(JSON.parse(line) as object)).toEqual(
        expect.arrayContaining(["source", "message_id", "date", "text", "views", "forwarded_from", "url"]),
      );
    }
  });
});

describe("collect with --limit and --since", () => {
  it("stores the newest N messages, and the next run continues where the limit stopped", async () => {
    const env = envFor(tempDataDir());
    const limited = await runTgscope(["collect", "ClashReport", "--limit", "5"], env);
    expect(limited.code).toBe(0);
    expect(limited.stderr).toMatch(/5 new, .*more to collect/);
    expect((await exportAll(env)).map((r) => r.message_id)).toEqual([93444, 93445, 93446, 93447, 93448]);
    const rest = await runTgscope(["collect", "ClashReport"], env);
    expect(rest.code).toBe(0);
    expect(rest.stderr).toMatch(/15 new/);
    expect(await exportAll(env)).toHaveLength(20);
  });

  it("does not go back further than --since", async () => {
    const env = envFor(tempDataDir());
    const run = await runTgscope(["collect", "ClashReport", "--since", "2026-08-24T06:00:00Z"], env);
    expect(run.code).toBe(0);
    const rows = await exportAll(env);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(20);
    expect(rows.every((r) => String(r.date) >= "2026-08-24T06:00:00Z")).toBe(true);
  });
});
