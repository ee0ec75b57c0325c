/**
 * Downloads the archived MTProto photos and documents of a source into the data directory, opt-in by
 * media kind and size. Files are named by their SHA-256 (`media/ab/ab12…ef.mp4`), so the same content
 * posted twice is stored once; downloads stream to `media/.partial/` and a run killed half-way
 * continues from the bytes already there.
 *
 * Each file is fetched from a fresh copy of its message (`channels.getMessages`): the file reference
 * inside it expires, so it is never stored. When Telegram expires it during a download
 * (`FILE_REFERENCE_EXPIRED`), the message is read again once and the download goes on.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, truncate } from "node:fs/promises";
import path from "node:path";
import { BadInputError, FileReferenceExpiredError, MediaUnavailableError, type Media, type MediaKind } from "../domain/index.js";
import type { PendingMedia, Store } from "../store/index.js";
import type { ChannelAccess, DownloadMediaOptions } from "../telegram/index.js";
import type { ChannelAddress, ChannelReads, MtprotoLease } from "./channel-address.js";

/** Channel reads of one account that can also stream media files (`MtprotoChannelClient`). */
export interface MediaReads extends ChannelReads {
  /** `channels.getMessages`, then `upload.getFile` from `options.offsetBytes`. @throws {MediaUnavailableError} | {FileReferenceExpiredError} */
  downloadMedia(access: ChannelAccess, messageId: number, position: number, options?: DownloadMediaOptions): AsyncIterable<Uint8Array>;
}

/** An account lent for one download (`AccountLease`). */
export interface MediaLease extends MtprotoLease {
  channels: MediaReads;
}

/** The account pool (`AccountPool`) as the downloader uses it. */
export interface MtprotoMediaAccountsPort {
  withAccount<T>(work: (lease: MediaLease) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Options of {@link downloadSourceMedia}. */
export interface DownloadSourceMediaOptions {
  /** The data directory: files go to `<dataDir>/media/`. */
  dataDir: string;
  /** Media kinds to download (`photo`, `video`, `document` …); none: nothing is downloaded. */
  kinds: MediaKind[];
  /** Largest file to download, in bytes. Default: any size. */
  maxSizeBytes?: number;
  /** With `maxSizeBytes`: also download files whose size the archive does not know. Default `false`. */
  includeUnknownSize?: boolean;
  /** Files downloaded at the same time. Default {@link DEFAULT_MEDIA_PARALLEL}. */
  parallel?: number;
  /** Stops the run; partial files stay and the next run continues them. */
  signal?: AbortSignal;
  /** Called as bytes arrive and when an item is done. */
  onProgress?: (progress: MediaDownloadProgress) => void;
}

/** Where a run stands, reported to {@link DownloadSourceMediaOptions.onProgress}. */
export interface MediaDownloadProgress {
  /** The item the event is about. */
  messageId: number;
  position: number;
  /** Bytes of the item's file on disk (resumed bytes included), and its size when known. */
  receivedBytes: number;
  sizeBytes?: number;
  /** Items finished (downloaded, deduplicated, skipped or failed) of all pending ones. */
  done: number;
  total: number;
}

/** What a run did, per media item. */
export interface DownloadSourceMediaResult {
  /** Items whose file was downloaded and stored. */
  downloaded: number;
  /** Items whose content was already stored (same SHA-256): they point at the existing file. */
  deduplicated: number;
  /** Items Telegram no longer has as archived (message deleted, or file replaced by an edit). */
  skipped: number;
  /** Items that failed; the next run tries them again. */
  failed: { messageId: number; position: number; reason: string }[];
  /** Bytes received from Telegram. */
  receivedBytes: number;
}

/** Default number of files downloaded at the same time. */
export const DEFAULT_MEDIA_PARALLEL = 3;

/** Folder of downloaded media inside the data directory (the prefix of `Media.localPath`). */
export const MEDIA_FOLDER = "media";

/**
 * Downloads the pending media of a source (see `Store.listPendingMedia`) up to `parallel` at a time,
 * each through an account of the pool, and records each file's SHA-256 and path. Items sharing a
 * Telegram file (a forwarded document) are downloaded once. A message found deleted is marked so.
 *
 * @param channel - how the pool's accounts address the source's channel
 * @throws {NoAccountError} | {ChannelPrivateError} (nothing more can be downloaded), the signal's
 *   reason when aborted, and file-system or database errors; other failures are per item, in `failed`
 */
export async function downloadSourceMedia(
  store: Store,
  accounts: MtprotoMediaAccountsPort,
  channel: ChannelAddress,
  sourceId: number,
  options: DownloadSourceMediaOptions,
): Promise<DownloadSourceMediaResult> {
  const pending = await store.listPendingMedia(sourceId, {
    kinds: options.kinds,
    ...(options.maxSizeBytes === undefined ? {} : { maxSizeBytes: options.maxSizeBytes }),
    ...(options.includeUnknownSize === undefined ? {} : { includeUnknownSize: options.includeUnknownSize }),
  });
  const run = new MediaRun(store, accounts, channel, sourceId, options, pending.length);
  const byFile = new Map<string, PendingMedia[]>();
  for (const item of pending) {
    const key = partialName(item);
    const group = byFile.get(key);
    if (group === undefined) byFile.set(key, [item]);
    else group.push(item);
  }
  await run.runAll([...byFile.values()], Math.max(1, Math.floor(options.parallel ?? DEFAULT_MEDIA_PARALLEL)));
  return run.result;
}

/** One run of {@link downloadSourceMedia}. */
class MediaRun {
  readonly result: DownloadSourceMediaResult = { downloaded: 0, deduplicated: 0, skipped: 0, failed: [], receivedBytes: 0 };
  readonly #root: string;
  #done = 0;
  /** Placing files is serialised, so two downloads of the same content cannot both count as new. */
  #placing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly accounts: MtprotoMediaAccountsPort,
    private readonly channel: ChannelAddress,
    private readonly sourceId: number,
    private readonly options: DownloadSourceMediaOptions,
    private readonly total: number,
  ) {
    this.#root = path.join(options.dataDir, MEDIA_FOLDER);
  }

  /** Works through the files with `parallel` workers; the first error that stops the run is thrown after every worker stopped. */
  async runAll(files: PendingMedia[][], parallel: number): Promise<void> {
    let fatal: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      for (let group = files.shift(); group !== undefined && fatal === undefined; group = files.shift()) {
        try {
          await this.#downloadFile(group);
        } catch (error) {
          fatal ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
    if (fatal !== undefined) throw fatal.error;
    this.options.signal?.throwIfAborted();
  }

  /**
   * Downloads one Telegram file for the items that share it: from the first item whose message still
   * has it. When none has it any more, its partial file is dropped.
   */
  async #downloadFile(group: PendingMedia[]): Promise<void> {
    let unavailable = 0;
    for (const [index, item] of group.entries()) {
      let outcome: Placed;
      try {
        outcome = await this.#fetch(item);
      } catch (error) {
        if (this.#stopsTheRun(error)) throw error;
        if (error instanceof MediaUnavailableError) {
          if (error.reason === "message_deleted") await this.store.markMessagesDeleted(this.sourceId, [item.messageId], new Date());
          this.result.skipped++;
          unavailable++;
        } else {
          this.result.failed.push({ messageId: item.messageId, position: item.position, reason: error instanceof Error ? error.message : String(error) });
        }
        this.#finished(item, 0);
        continue;
      }
      for (const [i, same] of group.slice(index).entries()) {
        await this.store.markMediaDownloaded(same, { sha256: outcome.sha256, localPath: outcome.localPath });
        if (i === 0 && !outcome.deduplicated) this.result.downloaded++;
        else this.result.deduplicated++;
        this.#finished(same, outcome.sizeBytes);
      }
      return;
    }
    if (unavailable === group.length) await rm(path.join(this.#root, ".partial", partialName(group[0]!)), { force: true });
  }

  /** Failures after which no other item can succeed either. */
  #stopsTheRun(error: unknown): boolean {
    return this.options.signal?.aborted === true || error instanceof BadInputError;
  }

  /** Streams one item's file to its partial file, then moves it to its content-named place. */
  async #fetch(item: PendingMedia): Promise<Placed> {
    const partial = path.join(this.#root, ".partial", partialName(item));
    await mkdir(path.dirname(partial), { recursive: true });
    const size = item.media.sizeBytes;
    let state = await resumeState(partial, size);
    if (size === undefined || state.length < size) {
      const signal = this.options.signal;
      const attempt = async (lease: MediaLease, access: ChannelAccess): Promise<void> => {
        if ((await fileSize(partial)) !== state.length) state = await resumeState(partial, size);
        const chunks = lease.channels.downloadMedia(access, item.messageId, item.position, {
          offsetBytes: state.length,
          expected: item.media.remote,
          ...(signal ? { signal } : {}),
        });
        await append(partial, chunks, state, signal, (bytes) => {
          this.result.receivedBytes += bytes;
          this.#progress(item, state.length);
        });
      };
      await this.accounts.withAccount(
        (lease) =>
          this.channel.read(
            lease,
            "upload.getFile",
            async (access) => {
              try {
                await attempt(lease, access);
              } catch (error) {
                if (!(error instanceof FileReferenceExpiredError)) throw error;
                // downloadMedia reads the message again: a fresh file reference
                await lease.throttle("upload.getFile", signal);
                await attempt(lease, access);
              }
            },
            signal,
          ),
        signal,
      );
    }
    if (size !== undefined && state.length !== size) {
      await rm(partial, { force: true });
      throw new Error(`received ${state.length} bytes where Telegram announced ${size}; the download starts over on the next run`);
    }
    return this.#place(partial, state.hash.digest("hex"), state.length, extensionOf(item.media));
  }

  /** Moves a finished partial file to `media/<2 hex>/<sha256><ext>`, or drops it when that content is already stored. */
  #place(partial: string, sha256: string, sizeBytes: number, extension: string): Promise<Placed> {
    const run = this.#placing.then(async () => {
      const folder = sha256.slice(0, 2);
      const directory = path.join(this.#root, folder);
      await mkdir(directory, { recursive: true });
      const existing = (await readdir(directory)).find((name) => name === sha256 || name.startsWith(`${sha256}.`));
      if (existing !== undefined) {
        await rm(partial, { force: true });
        return { sha256, sizeBytes, localPath: `${MEDIA_FOLDER}/${folder}/${existing}`, deduplicated: true };
      }
      const name = `${sha256}${extension}`;
      await rename(partial, path.join(directory, name));
      return { sha256, sizeBytes, localPath: `${MEDIA_FOLDER}/${folder}/${name}`, deduplicated: false };
    });
    this.#placing = run.catch(() => undefined);
    return run;
  }

  #progress(item: PendingMedia, receivedBytes: number): void {
    this.options.onProgress?.({
      messageId: item.messageId,
      position: item.position,
      receivedBytes,
      ...(item.media.sizeBytes === undefined ? {} : { sizeBytes: item.media.sizeBytes }),
      done: this.#done,
      total: this.total,
    });
  }

  #finished(item: PendingMedia, receivedBytes: number): void {
    this.#done++;
    this.#progress(item, receivedBytes);
  }
}

/** A stored file: its content hash and size, where it is, and whether that content was stored before. */
interface Placed {
  sha256: string;
  sizeBytes: number;
  localPath: string;
  deduplicated: boolean;
}

/** A partial file: its length and the SHA-256 state over its bytes. */
interface PartialState {
  length: number;
  hash: Hash;
}

/**
 * The state of a partial file left by an earlier attempt or run, hashing its bytes again; a file
 * longer than the expected size cannot be a prefix of it and is emptied.
 */
async function resumeState(partial: string, expectedSize: number | undefined): Promise<PartialState> {
  const hash = createHash("sha256");
  const length = await fileSize(partial);
  if (length === 0) return { length: 0, hash };
  if (expectedSize !== undefined && length > expectedSize) {
    await truncate(partial, 0);
    return { length: 0, hash };
  }
  let read = 0;
  for await (const chunk of createReadStream(partial, { end: length - 1 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    read += chunk.length;
  }
  return { length: read, hash };
}

/**
 * Appends `chunks` to the file, hashing each chunk once it is written, until they end or `signal`
 * aborts; the file is synced at the end.
 */
async function append(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  state: PartialState,
  signal: AbortSignal | undefined,
  onChunk: (bytes: number) => void,
): Promise<void> {
  const handle = await open(file, "a");
  try {
    for await (const chunk of chunks) {
      await handle.appendFile(chunk);
      state.hash.update(chunk);
      state.length += chunk.length;
      onChunk(chunk.length);
      signal?.throwIfAborted();
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
}

/** Name of an item's partial file: its Telegram file (`photo-<id>`, `document-<id>`). */
function partialName(item: PendingMedia): string {
  return `${item.media.remote.type}-${item.media.remote.id}`;
}

/** Extensions of common media types. */
const MIME_EXTENSIONS: Record<string, string> = {
  "image/jpeg": ".jpg",
  "image/png": ".png",
  "image/gif": ".gif",
  "image/webp": ".webp",
  "image/heic": ".heic",
  "video/mp4": ".mp4",
  "video/quicktime": ".mov",
  "video/webm": ".webm",
  "video/x-matroska": ".mkv",
  "audio/mpeg": ".mp3",
  "audio/ogg": ".ogg",
  "audio/mp4": ".m4a",
  "audio/x-wav": ".wav",
  "audio/flac": ".flac",
  "application/pdf": ".pdf",
  "application/zip": ".zip",
  "application/x-tgsticker": ".tgs",
  "text/plain": ".txt",
};

/** File extension of a stored file: the document's own file name's, else its MIME type's; photos are JPEG. */
function extensionOf(media: Media): string {
  const own = media.fileName === undefined ? "" : path.extname(media.fileName).toLowerCase();
  if (/^\.[a-z0-9]{1,10}$/.test(own)) return own;
  const byMime = media.mimeType === undefined ? undefined : MIME_EXTENSIONS[media.mimeType.toLowerCase()];
  if (byMime !== undefined) return byMime;
  return media.remote?.type === "photo" ? ".jpg" : "";
}
