import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountPool, TelegramAccounts } from "../accounts/index.js";
import type { Media } from "../domain/index.js";
import { openStore, type Store, type StoredMessage, type StoredSource } from "../store/index.js";
import { FakeTelegram, type FakeFileRef } from "../telegram/mtproto/testing/index.js";
import { ChannelAddress, collectMtprotoChannel, downloadSourceMedia, type DownloadSourceMediaOptions } from "./index.js";
import { fakeAccounts, signInOnFake } from "../../test/support/accounts.js";

const CHANNEL = 1_900_000_001;
const ALICE = "+15550001111";

let dataDir: string;
let store: Store;
let fake: FakeTelegram;
let accounts: TelegramAccounts;
let pool: AccountPool;
let closeAccounts: () => Promise<void>;
let source: StoredSource;
let channel: ChannelAddress;

/** Bytes of the channel's files. */
const photoBytes = randomBytes(50_000);
const videoBytes = randomBytes(700_000);
const pdfBytes = randomBytes(20_000);
let videoFile: FakeFileRef;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "tgscope-media-"));
  store = await openStore({ databaseUrl: `sqlite:${path.join(dataDir, "tgscope.db")}` });
  fake = new FakeTelegram();
  fake.auth.addUser({ phone: ALICE, userId: 1001, firstName: "Alice" });
  fake.addChannel({ id: CHANNEL, username: "media_channel", title: "Media" });
  fake.post(CHANNEL, { message: "photo", media: fake.files.photo(fake.files.add(photoBytes), { w: 800, h: 600 }) });
  videoFile = fake.files.add(videoBytes);
  fake.post(CHANNEL, {
    message: "video",
    media: fake.files.document(videoFile, { mimeType: "video/mp4", fileName: "clip.mp4", video: true, attributes: [{ _: "documentAttributeVideo", duration: 12, w: 1280, h: 720 }] }),
  });
  fake.post(CHANNEL, { message: "report", media: fake.files.document(fake.files.add(pdfBytes), { mimeType: "application/pdf", fileName: "report.pdf" }) });
  fake.post(CHANNEL, { message: "the same report again", media: fake.files.document(fake.files.add(pdfBytes), { mimeType: "application/pdf", fileName: "Report (copy).PDF" }) });
  fake.post(CHANNEL, { message: "text only" });
  ({ accounts, pool, close: closeAccounts } = fakeAccounts(store, fake));
  await signInOnFake(accounts, fake, ALICE);
  source = (await collectMtprotoChannel(store, pool, "media_channel")).source;
  channel = new ChannelAddress(store, source.username, source.peerId);
});

afterEach(async () => {
  await closeAccounts();
  await store.close();
});

function download(options: Omit<DownloadSourceMediaOptions, "dataDir">) {
  return downloadSourceMedia(store, pool, channel, source.id, { dataDir, ...options });
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function mediaOf(messageId: number): Promise<Media> {
  const found: StoredMessage[] = [];
  for await (const message of store.iterMessages({ sources: [String(source.id)] })) if (message.messageId === messageId) found.push(message);
  return found[0]!.media[0]!;
}

/** Every file under `<dataDir>/media`, relative to the data directory. */
function filesOnDisk(): string[] {
  const root = path.join(dataDir, "media");
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

function getFileOffsets(): number[] {
  return fake.calls.filter((c) => c.method === "upload.getFile").map((c) => (c.request as unknown as { offset: number }).offset).sort((a, b) => a - b);
}

describe("downloadSourceMedia", () => {
  it("downloads only the chosen kinds up to the size limit, each file named by its SHA-256", async () => {
    const result = await download({ kinds: ["photo", "document"], maxSizeBytes: 100_000 });

    expect(result).toMatchObject({ downloaded: 2, deduplicated: 1, skipped: 0, failed: [] });
    const photoPath = `media/${sha256(photoBytes).slice(0, 2)}/${sha256(photoBytes)}.jpg`;
    const pdfPath = `media/${sha256(pdfBytes).slice(0, 2)}/${sha256(pdfBytes)}.pdf`;
    expect(filesOnDisk()).toEqual([photoPath, pdfPath].sort());
    expect(sha256(readFileSync(path.join(dataDir, photoPath)))).toBe(sha256(photoBytes));
    expect(await mediaOf(1)).toMatchObject({ kind: "photo", sha256: sha256(photoBytes), localPath: photoPath });
    expect(await mediaOf(2)).not.toHaveProperty("sha256");

    // the video is too big for the limit, then not of a chosen kind
    expect(await download({ kinds: ["video"], maxSizeBytes: 699_999 })).toMatchObject({ downloaded: 0, deduplicated: 0 });
    expect(await download({ kinds: ["photo", "document"] })).toMatchObject({ downloaded: 0, deduplicated: 0 });
    expect(fake.count("upload.getFile")).toBe(3);

    const video = await download({ kinds: ["video"], maxSizeBytes: 700_000 });
    expect(video).toMatchObject({ downloaded: 1, receivedBytes: 700_000 });
    const videoPath = `media/${sha256(videoBytes).slice(0, 2)}/${sha256(videoBytes)}.mp4`;
    expect(readFileSync(path.join(dataDir, videoPath)).equals(videoBytes)).toBe(true);
    expect(await mediaOf(2)).toMatchObject({ kind: "video", sha256: sha256(videoBytes), localPath: videoPath });
  });

  it("stores identical content once: both posts point at the one file", async () => {
    const result = await download({ kinds: ["document"] });

    expect(result).toMatchObject({ downloaded: 1, deduplicated: 1, skipped: 0, failed: [] });
    const pdfPath = `media/${sha256(pdfBytes).slice(0, 2)}/${sha256(pdfBytes)}.pdf`;
    expect(filesOnDisk()).toEqual([pdfPath]);
    expect(readFileSync(path.join(dataDir, pdfPath)).equals(pdfBytes)).toBe(true);
    expect(await mediaOf(3)).toMatchObject({ sha256: sha256(pdfBytes), localPath: pdfPath });
    expect(await mediaOf(4)).toMatchObject({ sha256: sha256(pdfBytes), localPath: pdfPath });
    // both Telegram files were fetched (they are different files with the same bytes)
    expect(fake.count("upload.getFile")).toBe(2);
  });

  it("continues a download a killed run left half-way, and the file's SHA-256 matches", async () => {
    const partial = path.join(dataDir, "media", ".partial", `document-${videoFile.id}`);
    mkdirSync(path.dirname(partial), { recursive: true });
    writeFileSync(partial, videoBytes.subarray(0, 300_000));
    const progress: number[] = [];

    const result = await download({ kinds: ["video"], onProgress: (p) => progress.push(p.receivedBytes) });

    expect(result).toMatchObject({ downloaded: 1, failed: [], receivedBytes: 400_000 });
    // parts of 128 KB from the one holding byte 300 000
    expect(getFileOffsets()).toEqual([262_144, 393_216, 524_288, 655_360]);
    const videoPath = `media/${sha256(videoBytes).slice(0, 2)}/${sha256(videoBytes)}.mp4`;
    expect(filesOnDisk()).toEqual([videoPath]);
    expect(sha256(readFileSync(path.join(dataDir, videoPath)))).toBe(sha256(videoBytes));
    expect((await mediaOf(2)).sha256).toBe(sha256(videoBytes));
    expect(Math.max(...progress)).toBe(700_000);
  });

  it("stops when aborted, keeping the partial file, and the next run finishes it", async () => {
    const controller = new AbortController();
    const stopped = download({ kinds: ["video"], signal: controller.signal, onProgress: (p) => p.receivedBytes > 0 && controller.abort(new Error("stopped")) });

    await expect(stopped).rejects.toThrow("stopped");
    const partial = path.join(dataDir, "media", ".partial", `document-${videoFile.id}`);
    expect(readFileSync(partial).equals(videoBytes.subarray(0, 131_072))).toBe(true);
    expect(await mediaOf(2)).not.toHaveProperty("sha256");

    expect(await download({ kinds: ["video"] })).toMatchObject({ downloaded: 1, receivedBytes: 700_000 - 131_072 });
    expect((await mediaOf(2)).sha256).toBe(sha256(videoBytes));
    expect(existsSync(partial)).toBe(false);
  });

  it("starts over when the partial file cannot be the start of the file (longer than it)", async () => {
    const partial = path.join(dataDir, "media", ".partial", `document-${videoFile.id}`);
    mkdirSync(path.dirname(partial), { recursive: true });
    writeFileSync(partial, randomBytes(800_000));

    expect(await download({ kinds: ["video"] })).toMatchObject({ downloaded: 1, receivedBytes: 700_000 });
    expect((await mediaOf(2)).sha256).toBe(sha256(videoBytes));
  });

  it("reads the message again for a fresh file reference when Telegram expired it, and finishes", async () => {
    fake.failNext({ method: "upload.getFile", errorMessage: "FILE_REFERENCE_EXPIRED" });
    const before = fake.count("channels.getMessages");

    const result = await download({ kinds: ["video"] });

    expect(result).toMatchObject({ downloaded: 1, failed: [] });
    expect(fake.count("channels.getMessages") - before).toBe(2);
    const videoPath = `media/${sha256(videoBytes).slice(0, 2)}/${sha256(videoBytes)}.mp4`;
    expect(sha256(readFileSync(path.join(dataDir, videoPath)))).toBe(sha256(videoBytes));
  });

  it("reports a file Telegram keeps refusing as failed, and downloads it on the next run", async () => {
    fake.failNext({ method: "upload.getFile", errorMessage: "FILE_REFERENCE_EXPIRED", times: 2 });

    const result = await download({ kinds: ["video"] });

    expect(result).toMatchObject({ downloaded: 0, failed: [{ messageId: 2, position: 0, reason: expect.stringContaining("FILE_REFERENCE_EXPIRED") }] });
    expect(await download({ kinds: ["video"] })).toMatchObject({ downloaded: 1, failed: [] });
    expect((await mediaOf(2)).sha256).toBe(sha256(videoBytes));
  });

  it("skips media of a message deleted since it was archived, and marks the message deleted", async () => {
    fake.delete(CHANNEL, 1);

    expect(await download({ kinds: ["photo"] })).toMatchObject({ downloaded: 0, skipped: 1, failed: [] });
    const deleted = [];
    for await (const message of store.iterMessages({ sources: [String(source.id)] })) if (message.deletedAt) deleted.push(message.messageId);
    expect(deleted).toEqual([1]);
    expect(await download({ kinds: ["photo"] })).toMatchObject({ downloaded: 0, skipped: 0 });
  });

  it("downloads nothing on a second run", async () => {
    const first = await download({ kinds: ["photo", "video", "document"], parallel: 2 });
    expect(first).toMatchObject({ downloaded: 3, deduplicated: 1, skipped: 0, failed: [] });
    const files = filesOnDisk();
    expect(files).toHaveLength(3);
    const calls = fake.calls.length;

    const second = await download({ kinds: ["photo", "video", "document"] });

    expect(second).toEqual({ downloaded: 0, deduplicated: 0, skipped: 0, failed: [], receivedBytes: 0 });
    expect(fake.calls.length).toBe(calls);
    expect(filesOnDisk()).toEqual(files);
  });
});
