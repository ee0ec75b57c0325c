/**
 * The REST API over a real SQLite archive filled from a real Desktop export and served over real HTTP.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { TelegramAccounts } from "../../src/accounts/index.js";
import { buildApi } from "../../src/api/index.js";
import { importDesktopExport } from "../../src/collect/index.js";
import { SecretBox, createLogger } from "../../src/lib/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { REAL, tempDataDir } from "../support/cli.js";

let store: Store;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  store = await openStore({ databaseUrl: `sqlite:${path.join(tempDataDir(), "tgscope.db")}` });
  await importDesktopExport(store, path.join(REAL, "desktop_export/mlomb__chat-analytics__DM_2A_7M.json"));
  await importDesktopExport(store, path.join(REAL, "desktop_export/AiratFaiz__pachumarchive__result.json"));
  const secrets = new SecretBox(randomBytes(32));
  const accounts = new TelegramAccounts({ store, secrets: () => secrets, floodSleepThresholdSeconds: 10 });
  app = buildApi({ store, logger: createLogger("silent"), accounts, version: "test" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function get(pathAndQuery: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${pathAndQuery}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("REST API", () => {
  it("answers /api/health", async () => {
    expect(await get("/api/health")).toEqual({ status: 200, body: { status: "ok", version: "test", database: "sqlite" } });
  });

  it("lists sources with counts", async () => {
    const { status, body } = await get("/api/sources");
    expect(status).toBe(200);
    const sources = body.sources as Record<string, unknown>[];
    const channel = sources.find((s) => s.title === "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ");
    expect(channel).toMatchObject({ peer_id: "-1002447843635", kind: "channel", message_count: 3, collected_via: "export" });
    expect(sources.find((s) => s.title === "Bob")).toMatchObject({ peer_id: "700000000", kind: "user", message_count: 8 });
  });

  it("pages through all messages with keyset cursors, newest first, without gaps or duplicates", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body }: { status: number; body: Record<string, unknown> } = await get(
        `/api/messages?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(status).toBe(200);
      for (const m of body.messages as Record<string, unknown>[]) seen.push(`${String(m.date)}|${String(m.source)}|${String(m.message_id)}`);
      cursor = body.next_cursor as string | null;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(pages).toBe(4);
  });

  it("searches text with date and source filters", async () => {
    const { body } = await get(`/api/messages?q=${encodeURIComponent("пила")}`);
    const messages = body.messages as Record<string, unknown>[];
    expect(messages.map((m) => m.message_id)).toEqual([3854]);
    expect(messages[0]).toMatchObject({ date: expect.stringMatching(/^2026-06-17T/), source: "ГУЗЕЛЬСКИЕ ПЕРЕЗАЛИВЫ" });
    const bob = await get("/api/messages?source=700000000&from=2023-01-01&to=2023-12-31");
    expect((bob.body.messages as unknown[]).length).toBeGreaterThan(0);
    for (const m of bob.body.messages as Record<string, string>[]) expect(m.date! >= "2023-01-01").toBe(true);
  });

  it.each([
    ["/api/messages?q=%22unbalanced", "query_syntax"],
    ["/api/messages?source=nobody_here", "source_not_found"],
    ["/api/messages?limit=0", "invalid_request"],
    ["/api/messages?from=yesterday", "invalid_request"],
    ["/api/messages?cursor=garbage", "invalid_option"],
  ])("answers bad input %s with 400 %s", async (url, code) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  });

  it("answers unknown routes with a JSON 404", async () => {
    expect(await get("/api/nothing")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("serves the dashboard page, which inserts message text as text", async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain("/api/messages");
    expect(html).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
  });
});
