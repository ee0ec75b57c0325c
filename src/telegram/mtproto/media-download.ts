/**
 * Downloading the file of an MTProto photo or document with mtcute (`upload.getFile`, part by part,
 * several parts in flight). The input file location is built from a freshly read message: it must
 * carry a current file reference, which Telegram renews and expires.
 */
import type { TelegramClient, tl } from "@mtcute/node";
import type { MediaRemote } from "../../domain/index.js";
import { largestPhotoSize } from "./media-converter.js";

/** The downloadable file of a message's media. */
export interface MessageFile {
  /** `inputPhotoFileLocation` (largest size) or `inputDocumentFileLocation`, with the message's file reference. */
  location: tl.RawInputPhotoFileLocation | tl.RawInputDocumentFileLocation;
  /** Data centre holding the file. */
  dcId: number;
  /** Exact size of the file, in bytes. */
  sizeBytes: number;
  /** The same place as the archive describes it (`Media.remote`). */
  remote: MediaRemote;
}

/** Options of {@link streamFile}. */
export interface StreamFileOptions {
  /** First byte to stream (resume a partial download). Any value; default 0. */
  offsetBytes?: number;
  signal?: AbortSignal;
}

/**
 * The file of a `messageMediaPhoto` (its largest size) or `messageMediaDocument`; `undefined` for
 * other media, or a photo or document Telegram sent as empty.
 */
export function messageFile(media: tl.TypeMessageMedia | undefined): MessageFile | undefined {
  if (media?._ === "messageMediaPhoto" && media.photo?._ === "photo") {
    const photo = media.photo;
    const size = largestPhotoSize(photo);
    if (size === undefined) return undefined;
    return {
      location: { _: "inputPhotoFileLocation", id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: size.type },
      dcId: photo.dcId,
      sizeBytes: size.size,
      remote: { type: "photo", id: photo.id.toString(), accessHash: photo.accessHash.toString(), dcId: photo.dcId, thumbSize: size.type },
    };
  }
  if (media?._ === "messageMediaDocument" && media.document?._ === "document") {
    const document = media.document;
    return {
      location: { _: "inputDocumentFileLocation", id: document.id, accessHash: document.accessHash, fileReference: document.fileReference, thumbSize: "" },
      dcId: document.dcId,
      sizeBytes: document.size,
      remote: { type: "document", id: document.id.toString(), accessHash: document.accessHash.toString(), dcId: document.dcId },
    };
  }
  return undefined;
}

/**
 * A download that receives no part for this long fails (mtcute retries `upload.getFile` through flood
 * waits and server errors without end otherwise): five minutes.
 */
export const DOWNLOAD_STALL_TIMEOUT_MS = 300_000;

/**
 * Part size for a file, in KB: mtcute's own choice (128 KB up to about 250 MB, then 256, then 512).
 * Every part size divides 1 MB, so parts never cross the 1 MB blocks `upload.getFile` requires.
 */
export function downloadPartSizeKb(sizeBytes: number): number {
  if (sizeBytes <= 262_078_465) return 128;
  if (sizeBytes <= 786_432_000) return 256;
  return 512;
}

/**
 * Streams bytes `offsetBytes…end` of a file. `upload.getFile` only starts at part boundaries, so the
 * download starts at the part holding `offsetBytes` and drops the bytes before it.
 *
 * @throws mtcute's `RpcError`s (e.g. `FILE_REFERENCE_EXPIRED`) untranslated, for the caller to
 *   translate; mtcute's `MtTimeoutError` after {@link DOWNLOAD_STALL_TIMEOUT_MS} without a part
 */
export async function* streamFile(client: TelegramClient, file: MessageFile, options: StreamFileOptions = {}): AsyncGenerator<Uint8Array> {
  const offset = Math.max(0, Math.floor(options.offsetBytes ?? 0));
  if (offset >= file.sizeBytes) return;
  const partSizeKb = downloadPartSizeKb(file.sizeBytes);
  const start = offset - (offset % (partSizeKb * 1024));
  let skip = offset - start;
  // mtcute fetches parts ahead of the reader; stop its workers when the reader stops early.
  const stop = new AbortController();
  const chunks = client.downloadAsIterable(file.location, {
    dcId: file.dcId,
    fileSize: file.sizeBytes,
    partSize: partSizeKb,
    offset: start,
    stallTimeout: DOWNLOAD_STALL_TIMEOUT_MS,
    abortSignal: options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal,
  });
  try {
    for await (const chunk of chunks) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      yield skip > 0 ? chunk.subarray(skip) : chunk;
      skip = 0;
    }
  } finally {
    stop.abort();
  }
}
