import { randomBytes } from "node:crypto";
import { Long, type TelegramClient, type tl } from "@mtcute/node";
import { afterEach, describe, expect, it } from "vitest";
import { FileReferenceExpiredError, MediaUnavailableError } from "../../domain/index.js";
import { MtprotoChannelClient, openTelegramClient, type ChannelAccess } from "./index.js";
import { FAKE_API_HASH, FAKE_API_ID, FakeTelegram, type FakeFileRef } from "./testing/index.js";

const CHANNEL = 1_900_000_001;
const opened: TelegramClient[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.destroy()));
});

async function connect(fake: FakeTelegram): Promise<{ client: TelegramClient; channels: MtprotoChannelClient; access: ChannelAccess }> {
  const client = await openTelegramClient({ apiId: FAKE_API_ID, apiHash: FAKE_API_HASH, session: await fake.session(), connection: fake.connection("alice") });
  opened.push(client);
  return { client, channels: new MtprotoChannelClient(client), access: { channelId: CHANNEL, accessHash: fake.accessHash(CHANNEL, "alice") } };
}

function channelWithFiles(): { fake: FakeTelegram; photo: Uint8Array; video: Uint8Array; videoRef: FakeFileRef } {
  const fake = new FakeTelegram();
  fake.addChannel({ id: CHANNEL, username: "media_channel", title: "Media" });
  const photo = randomBytes(60_000);
  const video = randomBytes(3 * 1024 * 1024 + 12_345);
  const videoRef = fake.files.add(video);
  fake.post(CHANNEL, { media: fake.files.photo(fake.files.add(photo)) });
  fake.post(CHANNEL, { media: fake.files.document(videoRef, { mimeType: "video/mp4", fileName: "clip.mp4" }) });
  fake.post(CHANNEL, { message: "text" });
  return { fake, photo, video, videoRef };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The document of message `id` as `channels.getMessages` answers it (with its current file reference). */
async function documentOf(client: TelegramClient, fake: FakeTelegram, id: number): Promise<tl.RawDocument> {
  const answer = await client.call({
    _: "channels.getMessages",
    channel: { _: "inputChannel", channelId: CHANNEL, accessHash: Long.fromString(fake.accessHash(CHANNEL, "alice").toString()) },
    id: [{ _: "inputMessageID", id }],
  });
  const message = "messages" in answer ? answer.messages[0] : undefined;
  if (message?._ !== "message" || message.media?._ !== "messageMediaDocument" || message.media.document?._ !== "document") throw new Error("no document");
  return message.media.document;
}

function getFile(document: tl.RawDocument, offset: number, limit: number): tl.upload.RawGetFileRequest {
  return {
    _: "upload.getFile",
    location: { _: "inputDocumentFileLocation", id: document.id, accessHash: document.accessHash, fileReference: document.fileReference, thumbSize: "" },
    offset,
    limit,
  };
}

describe("MtprotoChannelClient.downloadMedia on the fake Telegram", () => {
  it("streams a photo's largest size and a document, from the message read afresh", async () => {
    const { fake, photo, video } = channelWithFiles();
    const { channels, access } = await connect(fake);

    expect((await collect(channels.downloadMedia(access, 1, 0))).equals(photo)).toBe(true);
    expect((await collect(channels.downloadMedia(access, 2, 0))).equals(video)).toBe(true);
    expect(fake.count("channels.getMessages")).toBe(2);
  });

  it("streams from any byte offset, starting Telegram's parts at the 128 KB boundary before it", async () => {
    const { fake, video } = channelWithFiles();
    const { channels, access } = await connect(fake);

    const rest = await collect(channels.downloadMedia(access, 2, 0, { offsetBytes: 300_001 }));

    expect(rest.equals(video.subarray(300_001))).toBe(true);
    const offsets = fake.calls.filter((c) => c.method === "upload.getFile").map((c) => (c.request as tl.upload.RawGetFileRequest).offset);
    expect(Math.min(...offsets)).toBe(262_144);
    expect(await collect(channels.downloadMedia(access, 2, 0, { offsetBytes: video.length }))).toHaveLength(0);
  });

  it("says why media cannot be downloaded: deleted message, no file there, file replaced", async () => {
    const { fake } = channelWithFiles();
    const { channels, access } = await connect(fake);
    const reason = async (messageId: number, position = 0, expected?: { type: "document"; id: string; accessHash: string; dcId: number }) => {
      const error = await collect(channels.downloadMedia(access, messageId, position, expected ? { expected } : {})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MediaUnavailableError);
      return (error as MediaUnavailableError).reason;
    };
    fake.delete(CHANNEL, 1);

    expect(await reason(1)).toBe("message_deleted");
    expect(await reason(3)).toBe("no_file");
    expect(await reason(2, 1)).toBe("no_file");
    expect(await reason(2, 0, { type: "document", id: "1", accessHash: "1", dcId: 2 })).toBe("file_changed");
  });

  it("turns a file reference that expires during the download into FileReferenceExpiredError", async () => {
    const { fake } = channelWithFiles();
    const { channels, access } = await connect(fake);
    fake.latencyMs = 20;
    const chunks = channels.downloadMedia(access, 2, 0)[Symbol.asyncIterator]();
    expect((await chunks.next()).done).toBe(false);
    fake.files.expireReferences();

    await expect(collect({ [Symbol.asyncIterator]: () => chunks })).rejects.toBeInstanceOf(FileReferenceExpiredError);
    fake.latencyMs = 0;
    expect(await collect(channels.downloadMedia(access, 2, 0))).toHaveLength(3 * 1024 * 1024 + 12_345);
  });
});

describe("FakeTelegram files", () => {
  it("hands out the current file reference with every read and expires the older ones", async () => {
    const { fake, video } = channelWithFiles();
    const { client } = await connect(fake);
    const old = await documentOf(client, fake, 2);

    const part = await client.call(getFile(old, 0, 4096));
    expect(part).toMatchObject({ _: "upload.file", type: { _: "storage.filePartial" } });
    expect(Buffer.from(part.bytes).equals(video.subarray(0, 4096))).toBe(true);

    fake.files.expireReferences();
    await expect(client.call(getFile(old, 0, 4096))).rejects.toMatchObject({ text: "FILE_REFERENCE_EXPIRED" });
    const fresh = await documentOf(client, fake, 2);
    expect(Buffer.from(fresh.fileReference).equals(Buffer.from(old.fileReference))).toBe(false);
    expect((await client.call(getFile(fresh, 1024 * 1024, 512 * 1024))).bytes).toHaveLength(512 * 1024);
  });

  it("applies Telegram's offset and limit rules, and answers the bytes left at the end", async () => {
    const { fake, video } = channelWithFiles();
    const { client } = await connect(fake);
    const document = await documentOf(client, fake, 2);

    await expect(client.call(getFile(document, 1000, 4096))).rejects.toMatchObject({ text: "OFFSET_INVALID" });
    await expect(client.call(getFile(document, 0, 3 * 4096))).rejects.toMatchObject({ text: "LIMIT_INVALID" });
    await expect(client.call(getFile(document, 1024 * 1024 - 4096, 8192))).rejects.toMatchObject({ text: "LIMIT_INVALID" });
    const tail = await client.call(getFile(document, 3 * 1024 * 1024, 128 * 1024));
    expect(Buffer.from(tail.bytes).equals(video.subarray(3 * 1024 * 1024))).toBe(true);
    expect((await client.call(getFile(document, 4 * 1024 * 1024, 4096))).bytes).toHaveLength(0);
    await expect(client.call(getFile({ ...document, accessHash: Long.fromInt(1) }, 0, 4096))).rejects.toMatchObject({ text: "LOCATION_INVALID" });
  });
});
