import { expect, it } from "vitest";
import { SearchQuerySyntaxError } from "../domain/index.js";
import type { MessageQuery, Store } from "./index.js";
import { buildMessage, buildSource, describeEachDialect } from "./testing/index.js";

const TEXTS: Record<number, string> = {
  1: "Breaking news: the café on Main Street reopened",
  2: "News breaking slowly, cafe owners say",
  3: "Привет, мир! Сегодня ОБНОВЛЕНИЕ сервиса",
  4: "Обновлённые правила вступают в силу",
  5: "مرحبا بالعالم، هذه رسالة اختبار",
  6: "Ukraine and Russia sign a grain agreement",
  7: "Ukraine receives new air defense systems",
  8: "Санкции против банков расширены",
  9: "New sanctions announced today",
  10: "Crème brûlée recipe for the weekend",
};

async function archiveTexts(store: Store): Promise<number> {
  const { id } = await store.upsertSource(buildSource(), "web");
  const messages = Object.entries(TEXTS).map(([id, text]) =>
    buildMessage({ messageId: Number(id), text, date: new Date(Date.UTC(2024, 0, Number(id))) }),
  );
  await store.saveBatch({ sourceId: id, messages, via: "web" });
  return id;
}

async function ids(store: Store, query: MessageQuery): Promise<number[]> {
  return (await store.searchMessages(query)).items.map((m) => m.messageId);
}

describeEachDialect("searchMessages full-text", (harness) => {
  it("matches words in any case, newest first", async () => {
    await archiveTexts(harness.store);
    expect(await ids(harness.store, { text: "news" })).toEqual([2, 1]);
    expect(await ids(harness.store, { text: "NEWS Breaking" })).toEqual([2, 1]);
    expect(await ids(harness.store, { text: "news", order: "date_asc" })).toEqual([1, 2]);
  });

  it("matches accented and unaccented spellings both ways", async () => {
    await archiveTexts(harness.store);
    expect(await ids(harness.store, { text: "café" })).toEqual([2, 1]);
    expect(await ids(harness.store, { text: "cafe" })).toEqual([2, 1]);
    expect(await ids(harness.store, { text: "creme brulee" })).toEqual([10]);
    expect(await ids(harness.store, { text: "CRÈME" })).toEqual([10]);
  });

  it("matches Cyrillic regardless of case, with prefixes", async () => {
    await archiveTexts(harness.store);
    expect(await ids(harness.store, { text: "привет" })).toEqual([3]);
    expect(await ids(harness.store, { text: "МИР" })).toEqual([3]);
    expect(await ids(harness.store, { text: "обновление" })).toEqual([3]);
    expect(await ids(harness.store, { text: "обнов*" })).toEqual([4, 3]);
  });

  it("matches Arabic words", async () => {
    await archiveTexts(harness.store);
    expect(await ids(harness.store, { text: "مرحبا" })).toEqual([5]);
    expect(await ids(harness.store, { text: '"رسالة اختبار"' })).toEqual([5]);
  });

  it("matches phrases only in their word order", async () => {
    await archiveTexts(harness.store);
    expect(await ids(harness.store, { text: '"breaking news"' })).toEqual([1]);
    expect(await ids(harness.store, { text: '"news breaking"' })).toEqual([2]);
    expect(await ids(harness.store, { text: '"main street reopened"' })).toEqual([1]);
    expect(await ids(harness.store, { text: '"air def"*' })).toEqual([7]);
  });

  it("combines OR groups, AND and exclusions", async () => {
    await archiveTexts(harness.store);
    expect(await ids(harness.store, { text: "sanctions OR санкции" })).toEqual([9, 8]);
    expect(await ids(harness.store, { text: "ukraine -russia" })).toEqual([7]);
    expect(await ids(harness.store, { text: 'ukraine -"grain agreement"' })).toEqual([7]);
    expect(await ids(harness.store, { text: "ukraine agreement OR systems" })).toEqual([7, 6]);
    expect(await ids(harness.store, { text: "news OR sanctions -cafe" })).toEqual([9]);
  });

  it("throws SearchQuerySyntaxError for a query that does not parse", async () => {
    await archiveTexts(harness.store);
    await expect(harness.store.searchMessages({ text: '"unbalanced' })).rejects.toBeInstanceOf(SearchQuerySyntaxError);
    await expect(harness.store.countMessages({ text: "-only -excluded" })).rejects.toBeInstanceOf(SearchQuerySyntaxError);
  });

  it("counts matches with the same filters", async () => {
    const sourceId = await archiveTexts(harness.store);
    expect(await harness.store.countMessages({})).toBe(10);
    expect(await harness.store.countMessages({ text: "ukraine OR news" })).toBe(4);
    expect(await harness.store.countMessages({ text: "ukraine OR news", from: new Date("2024-01-02T00:00:00Z"), to: new Date("2024-01-07T00:00:00Z") })).toBe(2);
    expect(await harness.store.countMessages({ text: "news", sources: [String(sourceId)] })).toBe(2);
    expect(await harness.store.countMessages({ text: "   " })).toBe(10);
  });
});
