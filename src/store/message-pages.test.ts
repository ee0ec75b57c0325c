import { expect, it } from "vitest";
import { InvalidOptionError, SourceNotFoundError, type Message } from "../domain/index.js";
import type { MessageQuery, Store, StoredMessage } from "./index.js";
import { buildMessage, buildSource, describeEachDialect } from "./testing/index.js";

const NOON = Date.UTC(2024, 4, 1, 12);

/** Two sources; messages of several at the same second so that pages break inside a tie. */
async function archive(store: Store): Promise<{ alpha: number; beta: number }> {
  const alpha = (await store.upsertSource(buildSource({ username: "Alpha_News", title: "Alpha", peerId: -1001111111111n }), "mtproto")).id;
  const beta = (await store.upsertSource(buildSource({ username: "beta_feed", title: "Beta" }), "web")).id;
  const at = (seconds: number) => new Date(NOON + seconds * 1000);
  const alphaMessages: Message[] = [1, 2, 3, 4, 5, 6, 7].map((id) => buildMessage({ messageId: id, date: at(id <= 5 ? 0 : id), text: `alpha ${id}` }));
  const betaMessages: Message[] = [1, 2, 3, 4].map((id) => buildMessage({ messageId: id, date: at(id <= 2 ? 0 : -id), text: `beta ${id}` }));
  await store.saveBatch({ sourceId: alpha, messages: alphaMessages, via: "mtproto" });
  await store.saveBatch({ sourceId: beta, messages: betaMessages, via: "web" });
  return { alpha, beta };
}

async function allPages(store: Store, query: MessageQuery): Promise<StoredMessage[][]> {
  const pages: StoredMessage[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.searchMessages({ ...query, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

const label = (m: StoredMessage) => `${m.sourceUsername}/${m.messageId}`;

describeEachDialect("searchMessages pages and filters", (harness) => {
  it("pages newest first through ties on the date, without duplicates or gaps", async () => {
    await archive(harness.store);
    const everything = (await harness.store.searchMessages({ limit: 1000 })).items;
    expect(everything).toHaveLength(11);
    for (let i = 1; i < everything.length; i++) {
      const [a, b] = [everything[i - 1]!, everything[i]!];
      expect(a.date > b.date || (a.date.getTime() === b.date.getTime() && a.id > b.id)).toBe(true);
    }

    for (const limit of [1, 2, 3, 4]) {
      const pages = await allPages(harness.store, { limit });
      expect(pages.flat().map(label)).toEqual(everything.map(label));
      expect(pages.every((p) => p.length === limit || p === pages.at(-1))).toBe(true);
    }
  });

  it("pages oldest first in the exact reverse order", async () => {
    await archive(harness.store);
    const newest = (await harness.store.searchMessages({ limit: 1000 })).items.map(label);
    const pages = await allPages(harness.store, { limit: 3, order: "date_asc" });
    expect(pages.flat().map(label)).toEqual([...newest].reverse());
  });

  it("pages through full-text matches", async () => {
    await archive(harness.store);
    const pages = await allPages(harness.store, { text: "alpha", limit: 2 });
    expect(pages.map((p) => p.map((m) => m.messageId))).toEqual([[7, 6], [5, 4], [3, 2], [1]]);
  });

  it("gives no cursor on the last page", async () => {
    await archive(harness.store);
    expect((await harness.store.searchMessages({ limit: 11 })).nextCursor).toBeUndefined();
    expect((await harness.store.searchMessages({ limit: 10 })).nextCursor).toBeDefined();
    expect(await harness.store.searchMessages({ text: "nowhere" })).toEqual({ items: [] });
  });

  it("filters by date: from inclusive, to exclusive", async () => {
    await archive(harness.store);
    const from = new Date(NOON);
    const to = new Date(NOON + 7000);
    const items = (await harness.store.searchMessages({ from, to, limit: 1000 })).items;
    // At noon sharp: Alpha 1–5 and Beta 1–2; Beta's rows were stored later, so their ids break the tie first.
    expect(items.map(label)).toEqual([
      "Alpha_News/6", "beta_feed/2", "beta_feed/1", "Alpha_News/5", "Alpha_News/4", "Alpha_News/3", "Alpha_News/2", "Alpha_News/1",
    ]);
    expect(items.every((m) => m.date >= from && m.date < to)).toBe(true);
    expect(await harness.store.countMessages({ from: new Date(NOON + 500) })).toBe(2);
    expect(await harness.store.countMessages({ to: new Date(NOON - 3500) })).toBe(1);
  });

  it("filters by sources named by username, peer id or row id", async () => {
    const { alpha, beta } = await archive(harness.store);
    expect(await harness.store.countMessages({ sources: ["@alpha_news"] })).toBe(7);
    expect(await harness.store.countMessages({ sources: ["-1001111111111"] })).toBe(7);
    expect(await harness.store.countMessages({ sources: [String(beta)] })).toBe(4);
    expect(await harness.store.countMessages({ sources: ["BETA_FEED", String(alpha)] })).toBe(11);
    const betaOnly = (await harness.store.searchMessages({ sources: ["beta_feed"], text: "beta" })).items;
    expect(betaOnly.map((m) => [m.sourceId, m.sourceUsername, m.sourceTitle])).toEqual(Array(4).fill([beta, "beta_feed", "Beta"]));
  });

  it("throws SourceNotFoundError for a source that is not archived", async () => {
    await archive(harness.store);
    await expect(harness.store.searchMessages({ sources: ["alpha_news", "gamma"] })).rejects.toBeInstanceOf(SourceNotFoundError);
    await expect(harness.store.countMessages({ sources: ["12345"] })).rejects.toBeInstanceOf(SourceNotFoundError);
  });

  it("rejects a cursor it did not issue, a bad page size or a bad date", async () => {
    await archive(harness.store);
    for (const query of [{ cursor: "bm90LWEtY3Vyc29y" }, { cursor: "%%%" }, { limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { from: new Date("nope") }]) {
      await expect(harness.store.searchMessages(query)).rejects.toBeInstanceOf(InvalidOptionError);
    }
  });

  it("streams every match of a few thousand messages in order", async () => {
    const { id: sourceId } = await harness.store.upsertSource(buildSource(), "web");
    const total = 2500;
    for (let start = 0; start < total; start += 500) {
      const messages = Array.from({ length: 500 }, (_, i) =>
        buildMessage({ messageId: start + i + 1, date: new Date(NOON + Math.floor((start + i) / 3) * 1000), text: (start + i) % 2 ? "odd" : "even" }),
      );
      await harness.store.saveBatch({ sourceId, messages, via: "web" });
    }

    const streamed: number[] = [];
    for await (const message of harness.store.iterMessages({})) streamed.push(message.messageId);
    expect(streamed).toHaveLength(total);
    expect(new Set(streamed).size).toBe(total);
    expect(streamed.slice(0, 4)).toEqual([2500, 2499, 2498, 2497]);

    const odd: number[] = [];
    for await (const message of harness.store.iterMessages({ text: "odd", order: "date_asc" })) odd.push(message.messageId);
    expect(odd).toEqual(Array.from({ length: total / 2 }, (_, i) => 2 * i + 2));
  });
});
