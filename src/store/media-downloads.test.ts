import { expect, it } from "vitest";
import type { Media, MediaRemote } from "../domain/index.js";
import type { Store, StoredMessage } from "./index.js";
import { buildMessage, buildSource, describeEachDialect } from "./testing/index.js";

const photoRemote: MediaRemote = { type: "photo", id: "5200000000000000001", accessHash: "-4611686018427387904", dcId: 2, thumbSize: "y" };
const videoRemote: MediaRemote = { type: "document", id: "5200000000000000002", accessHash: "77", dcId: 4 };

function photo(overrides: Partial<Media> = {}): Media {
  return { kind: "photo", width: 1280, height: 960, sizeBytes: 180_000, remote: photoRemote, ...overrides };
}

function video(overrides: Partial<Media> = {}): Media {
  return { kind: "video", mimeType: "video/mp4", sizeBytes: 50_000_000, durationSeconds: 61.5, fileName: "clip.mp4", remote: videoRemote, ...overrides };
}

async function stored(store: Store, messageId: number): Promise<StoredMessage> {
  for await (const message of store.iterMessages({})) if (message.messageId === messageId) return message;
  throw new Error(`message ${messageId} is not archived`);
}

describeEachDialect("media downloads", (harness) => {
  it("keeps where an MTProto file is, and counts a re-saved message as unchanged", async () => {
    const { store } = harness;
    const { id: sourceId } = await store.upsertSource(buildSource(), "mtproto");
    const message = buildMessage({ text: "with media", media: [photo()] });
    await store.saveBatch({ sourceId, messages: [message], via: "mtproto" });
    const first = await stored(store, message.messageId);
    expect(first.media).toEqual([photo()]);

    expect(await store.saveBatch({ sourceId, messages: [message], via: "mtproto" })).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const again = await stored(store, message.messageId);
    expect(again.updatedAt).toEqual(first.updatedAt);
    expect(again.contentHash).toBe(first.contentHash);
  });

  it("learns the location of a file archived without one, without counting an update or recording an edit", async () => {
    const { store } = harness;
    const { id: sourceId } = await store.upsertSource(buildSource(), "mtproto");
    const old = buildMessage({ text: "archived before locations", media: [photo({ remote: undefined })] });
    await store.saveBatch({ sourceId, messages: [old], via: "mtproto" });
    const before = await stored(store, old.messageId);
    expect(await store.listPendingMedia(sourceId, { kinds: ["photo"] })).toEqual([]);

    const result = await store.saveBatch({ sourceId, messages: [{ ...old, media: [photo()] }], via: "mtproto" });

    expect(result).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const after = await stored(store, old.messageId);
    expect(after.media).toEqual([photo()]);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.contentHash).toBe(before.contentHash);
    expect(await store.listMessageEdits({ sourceId, messageId: old.messageId })).toEqual([]);
    expect((await store.listPendingMedia(sourceId, { kinds: ["photo"] })).map((p) => p.messageId)).toEqual([old.messageId]);
  });

  it("lists pending media by kind and size, without web media, downloaded items or deleted messages", async () => {
    const { store } = harness;
    const { id: sourceId } = await store.upsertSource(buildSource(), "mtproto");
    const { id: otherId } = await store.upsertSource(buildSource({ username: "other_channel" }), "mtproto");
    const messages = [
      buildMessage({ messageId: 10, media: [photo()] }),
      buildMessage({ messageId: 11, media: [video()] }),
      buildMessage({ messageId: 12, media: [video({ sizeBytes: undefined, remote: { ...videoRemote, id: "9" } })] }),
      buildMessage({ messageId: 13, media: [{ kind: "photo", url: "https://cdn.example/p.jpg" }] }),
      buildMessage({ messageId: 14, media: [photo({ sha256: "c".repeat(64), localPath: "media/cc/x.jpg" })] }),
      buildMessage({ messageId: 15, media: [photo({ sizeBytes: 2_000_000 })] }),
      buildMessage({ messageId: 16, media: [{ kind: "poll", poll: { question: "?", options: [] } }] }),
    ];
    await store.saveBatch({ sourceId, messages, via: "mtproto" });
    await store.saveBatch({ sourceId: otherId, messages: [buildMessage({ messageId: 10, media: [photo()] })], via: "mtproto" });
    await store.markMessagesDeleted(sourceId, [15], new Date());
    const ids = async (filter: Parameters<Store["listPendingMedia"]>[1]) => (await store.listPendingMedia(sourceId, filter)).map((p) => p.messageId);

    expect(await store.listPendingMedia(sourceId, { kinds: ["photo"] })).toEqual([{ sourceId, messageId: 10, position: 0, media: photo() }]);
    expect(await ids({ kinds: ["photo", "video"] })).toEqual([10, 11, 12]);
    expect(await ids({ kinds: ["photo", "video"], maxSizeBytes: 50_000_000 })).toEqual([10, 11]);
    expect(await ids({ kinds: ["photo", "video"], maxSizeBytes: 49_999_999 })).toEqual([10]);
    expect(await ids({ kinds: ["photo", "video"], maxSizeBytes: 1_000_000, includeUnknownSize: true })).toEqual([10, 12]);
    expect(await ids({ kinds: ["document", "poll", "webpage"] })).toEqual([]);
    expect(await ids({ kinds: [] })).toEqual([]);
  });

  it("records a download, which stays through later observations of the message", async () => {
    const { store } = harness;
    const { id: sourceId } = await store.upsertSource(buildSource(), "mtproto");
    const message = buildMessage({ text: "clip", media: [video()] });
    await store.saveBatch({ sourceId, messages: [message], via: "mtproto" });
    const before = await stored(store, message.messageId);
    const download = { sha256: "ab".repeat(32), localPath: `media/ab/${"ab".repeat(32)}.mp4` };

    expect(await store.markMediaDownloaded({ sourceId, messageId: message.messageId, position: 0 }, download)).toBe(true);
    expect(await store.markMediaDownloaded({ sourceId, messageId: message.messageId, position: 1 }, download)).toBe(false);
    expect(await store.markMediaDownloaded({ sourceId, messageId: 999_999, position: 0 }, download)).toBe(false);

    const after = await stored(store, message.messageId);
    expect(after.media).toEqual([video({ sha256: download.sha256, localPath: download.localPath })]);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(await store.listPendingMedia(sourceId, { kinds: ["video"] })).toEqual([]);

    expect(await store.saveBatch({ sourceId, messages: [message], via: "mtproto" })).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    await store.saveBatch({ sourceId, messages: [{ ...message, text: "clip (edited)", views: 5 }], via: "mtproto" });
    expect((await stored(store, message.messageId)).media).toEqual([video({ sha256: download.sha256, localPath: download.localPath })]);

    const replaced = video({ remote: { ...videoRemote, id: "123" } });
    await store.saveBatch({ sourceId, messages: [{ ...message, text: "another clip", media: [replaced] }], via: "mtproto" });
    expect((await stored(store, message.messageId)).media).toEqual([replaced]);
    expect((await store.listPendingMedia(sourceId, { kinds: ["video"] })).map((p) => p.media.remote.id)).toEqual(["123"]);
  });
});
