import { expect, it } from "vitest";
import { SourceNotFoundError, messageFacts, type Message } from "../domain/index.js";
import type { Store, StoredMessage } from "./index.js";
import { buildFullMessage, buildMessage, buildSource, describeEachDialect } from "./testing/index.js";

async function newSource(store: Store): Promise<number> {
  return (await store.upsertSource(buildSource(), "web")).id;
}

async function stored(store: Store, messageId: number): Promise<StoredMessage> {
  for await (const message of store.iterMessages({})) if (message.messageId === messageId) return message;
  throw new Error(`message ${messageId} is not archived`);
}

describeEachDialect("saveBatch", (harness) => {
  it("stores every field of a message and returns it unchanged from a search", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const message = buildFullMessage();
    const before = Date.now();

    expect(await store.saveBatch({ sourceId, messages: [message], via: "mtproto" })).toEqual({ inserted: 1, updated: 0, unchanged: 0 });

    const page = await store.searchMessages({});
    expect(page.items).toHaveLength(1);
    const item = page.items[0]!;
    const facts = messageFacts(message);
    expect(item).toEqual({
      ...message,
      id: item.id,
      sourceId,
      sourceUsername: "archive_channel",
      sourceTitle: "Archive Channel",
      collectedAt: item.collectedAt,
      updatedAt: item.collectedAt,
      collectedVia: "mtproto",
      contentHash: facts.contentHash,
      urls: ["https://example.org/menu"],
      hashtags: ["breakfast"],
      mentions: ["durov"],
    });
    expect(item.collectedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(item.collectedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(item.sender?.peerId).toBe(-1001234567890n);
    expect(item.forward?.fromPeerId).toBe(-1002447843635n);
    expect(item.entities[4]?.userId).toBe(777000n);
    expect(item.media[0]?.sizeBytes).toBe(5_000_000_000);
    expect(item.deletedAt?.toISOString()).toBe("2024-04-01T00:00:00.123Z");
    expect(item.media[2]?.poll?.options[1]).toEqual({ text: "Tea", voters: 6, percent: 38 });
  });

  it("stores a message with only the required fields without inventing the others", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const message = buildMessage({ text: "" });
    await store.saveBatch({ sourceId, messages: [message], via: "web" });

    const item = await stored(store, message.messageId);
    expect(Object.keys(item).sort()).toEqual(
      [
        "collectedAt", "collectedVia", "contentHash", "date", "edited", "entities", "hashtags", "id", "media", "mentions",
        "messageId", "reactions", "sourceId", "sourceTitle", "sourceUsername", "text", "updatedAt", "urls",
      ].sort(),
    );
  });

  it("changes nothing when the same messages are saved again", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const messages = [buildFullMessage(), buildMessage(), buildMessage({ text: "Третье сообщение" })];
    await store.saveBatch({ sourceId, messages, via: "mtproto" });
    const first = (await store.searchMessages({})).items;

    expect(await store.saveBatch({ sourceId, messages, via: "mtproto" })).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await store.searchMessages({})).items).toEqual(first);
  });

  it("updates views, forwards, replies and reactions of a re-seen message without an edit entry", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const message = buildMessage({ views: 100, forwards: 1, repliesCount: 0, reactions: [{ emoji: "👍", count: 1 }] });
    await store.saveBatch({ sourceId, messages: [message], via: "web" });
    const before = await stored(store, message.messageId);

    const recounted = { ...message, views: 250, forwards: 4, repliesCount: 2, reactions: [{ emoji: "👍", count: 9 }, { emoji: "🔥", count: 1 }] };
    expect(await store.saveBatch({ sourceId, messages: [recounted], via: "web" })).toEqual({ inserted: 0, updated: 1, unchanged: 0 });

    const after = await stored(store, message.messageId);
    expect(after).toMatchObject({ views: 250, forwards: 4, repliesCount: 2, reactions: recounted.reactions });
    expect(after.collectedAt).toEqual(before.collectedAt);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(await store.listMessageEdits({ sourceId, messageId: message.messageId })).toEqual([]);
  });

  it("keeps the previous text in the edit history when the content changes, and re-indexes it", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const original = buildMessage({ text: "Original wording", entities: [{ type: "bold", offset: 0, length: 8 }] });
    await store.saveBatch({ sourceId, messages: [original], via: "mtproto" });
    const edited: Message = { ...original, text: "Corrected wording", entities: [], edited: true, editDate: new Date("2024-03-01T12:30:00Z") };

    expect(await store.saveBatch({ sourceId, messages: [edited], via: "mtproto" })).toEqual({ inserted: 0, updated: 1, unchanged: 0 });

    const after = await stored(store, original.messageId);
    expect(after).toMatchObject({ text: "Corrected wording", entities: [], edited: true, editDate: new Date("2024-03-01T12:30:00Z") });
    expect(after.contentHash).toBe(messageFacts(edited).contentHash);
    const edits = await store.listMessageEdits({ sourceId, messageId: original.messageId });
    expect(edits).toEqual([
      {
        text: "Original wording",
        entities: [{ type: "bold", offset: 0, length: 8 }],
        contentHash: messageFacts(original).contentHash,
        replacedAt: after.updatedAt,
      },
    ]);
    expect(await store.countMessages({ text: "original" })).toBe(0);
    expect(await store.countMessages({ text: "corrected" })).toBe(1);

    const again: Message = { ...edited, text: "Third version", editDate: new Date("2024-03-01T13:00:00Z") };
    await store.saveBatch({ sourceId, messages: [again], via: "mtproto" });
    const history = await store.listMessageEdits({ sourceId, messageId: original.messageId });
    expect(history.map((e) => [e.text, e.editDate])).toEqual([
      ["Original wording", undefined],
      ["Corrected wording", new Date("2024-03-01T12:30:00Z")],
    ]);
  });

  it("keeps stored values of fields a later observation lacks", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const full = buildMessage({
      views: 1200,
      forwards: 30,
      repliesCount: 5,
      sender: { peerId: 42n, name: "Author" },
      groupedId: "99",
      forward: { fromUsername: "origin", originalPostId: 7 },
    });
    await store.saveBatch({ sourceId, messages: [full], via: "mtproto" });

    const { views: _views, forwards: _forwards, repliesCount: _replies, sender: _sender, groupedId: _grouped, ...preview } = full;
    expect(await store.saveBatch({ sourceId, messages: [preview], via: "web" })).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await stored(store, full.messageId)).toMatchObject({ views: 1200, forwards: 30, repliesCount: 5, sender: full.sender, groupedId: "99" });

    const { forward: _forward, ...withoutForward } = preview;
    const recounted = { ...withoutForward, views: 1300, viewsApproximate: true };
    expect(await store.saveBatch({ sourceId, messages: [recounted], via: "web" })).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const after = await stored(store, full.messageId);
    expect(after).toMatchObject({ views: 1300, viewsApproximate: true, forwards: 30, forward: { fromUsername: "origin", originalPostId: 7 } });
    expect(await store.listMessageEdits({ sourceId, messageId: full.messageId })).toEqual([]);
  });

  it("keeps a downloaded file's path when only the caption of its message changes", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const photo = { kind: "photo" as const, width: 800, height: 600 };
    const message = buildMessage({ text: "Caption", media: [{ ...photo, sha256: "b".repeat(64), localPath: "media/p.jpg" }] });
    await store.saveBatch({ sourceId, messages: [message], via: "mtproto" });

    await store.saveBatch({ sourceId, messages: [{ ...message, text: "New caption", media: [photo] }], via: "web" });

    expect((await stored(store, message.messageId)).media).toEqual([{ ...photo, sha256: "b".repeat(64), localPath: "media/p.jpg" }]);
  });

  it("counts a message seen twice in one batch as inserted, then updated", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const message = buildMessage({ views: 1 });
    expect(await store.saveBatch({ sourceId, messages: [message, { ...message, views: 2 }, { ...message, views: 2 }], via: "web" })).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
    });
    expect((await stored(store, message.messageId)).views).toBe(2);
  });

  it("commits the cursor and the source's last collection time with the batch", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    expect(await store.findCursor({ sourceId, direction: "backfill" })).toBeUndefined();
    const before = Date.now();

    await store.saveBatch({ sourceId, messages: [buildMessage()], via: "web", cursor: { direction: "backfill", state: { minId: 120, done: false } } });
    await store.saveBatch({ sourceId, messages: [], via: "web", cursor: { direction: "follow", state: { maxId: 500 } } });
    await store.saveBatch({ sourceId, messages: [buildMessage()], via: "web", cursor: { direction: "backfill", state: { minId: 20, done: true } } });

    expect(await store.findCursor({ sourceId, direction: "backfill" })).toEqual({ minId: 20, done: true });
    expect(await store.findCursor({ sourceId, direction: "follow" })).toEqual({ maxId: 500 });
    expect((await store.getSource(String(sourceId))).lastCollectedAt!.getTime()).toBeGreaterThanOrEqual(before);
  });

  it("stores neither messages nor cursor when a message of the batch is rejected by the database", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    const messages = [buildMessage(), buildMessage(), buildMessage({ date: new Date(Number.NaN) }), buildMessage()];

    await expect(store.saveBatch({ sourceId, messages, via: "web", cursor: { direction: "backfill", state: { minId: 1 } } })).rejects.toThrow();

    expect(await store.countMessages({})).toBe(0);
    expect(await store.findCursor({ sourceId, direction: "backfill" })).toBeUndefined();
    expect((await store.getSource(String(sourceId))).lastCollectedAt).toBeUndefined();
    expect(await store.saveBatch({ sourceId, messages: [buildMessage()], via: "web" })).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
  });

  it("rejects a batch for a source that is not archived", async () => {
    await expect(harness.store.saveBatch({ sourceId: 999, messages: [buildMessage()], via: "web" })).rejects.toBeInstanceOf(SourceNotFoundError);
  });
});

describeEachDialect("markMessagesDeleted", (harness) => {
  it("marks vanished messages once, with the time noticed, and keeps their content", async () => {
    const { store } = harness;
    const sourceId = await newSource(store);
    await store.saveBatch({ sourceId, messages: [1, 2, 3].map((id) => buildMessage({ messageId: id, text: `text ${id}` })), via: "mtproto" });
    const noticed = new Date("2026-11-20T10:00:00.000Z");

    expect(await store.markMessagesDeleted(sourceId, [2, 3, 99], noticed)).toBe(2);
    expect(await store.markMessagesDeleted(sourceId, [3], new Date("2026-11-21T10:00:00.000Z"))).toBe(0);
    expect((await stored(store, 2)).deletedAt).toEqual(noticed);
    expect((await stored(store, 3)).deletedAt).toEqual(noticed);
    expect(await stored(store, 3)).toMatchObject({ text: "text 3" });
    expect((await stored(store, 1)).deletedAt).toBeUndefined();

    // seen again later (e.g. by the web preview): still marked, content refreshed
    await store.saveBatch({ sourceId, messages: [buildMessage({ messageId: 2, text: "text 2" })], via: "web" });
    expect((await stored(store, 2)).deletedAt).toEqual(noticed);
  });
});
