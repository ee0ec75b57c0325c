/**
 * The files part of {@link FakeTelegram}: stored file bytes, the photos and documents that point at
 * them, file references, and `upload.getFile` with Telegram's offset/limit rules.
 *
 * File references work as on Telegram: every message a read answers (`messages.getHistory`,
 * `channels.getMessages`, `messages.getReplies`) carries the current reference of its photo or
 * document; {@link FakeFiles.expireReferences} makes every reference handed out so far answer
 * `FILE_REFERENCE_EXPIRED`, until the message is read again. Every file lives on DC 2 (the fake's only
 * data centre), so mtcute never migrates or exports its authorisation.
 */
import { Long, type tl } from "@mtcute/node";
import { FakeRpcError, type FakeHandler } from "./fake-rpc.js";

/** Where a stored file is: what a photo or document of the fake carries. */
export interface FakeFileRef {
  /** Photo or document id. */
  id: bigint;
  accessHash: bigint;
  /** Data centre of the file (always 2, the fake's only one). */
  dcId: 2;
}

/** A document to attach to a post (`messageMediaDocument`). */
export interface FakeDocumentInit {
  mimeType: string;
  /** `documentAttributeFilename`. */
  fileName?: string;
  /** More attributes (video, audio, sticker …). */
  attributes?: tl.TypeDocumentAttribute[];
  /** Flags of `messageMediaDocument`. */
  video?: boolean;
  voice?: boolean;
  round?: boolean;
}

/** A photo to attach to a post (`messageMediaPhoto`): its one size holds the whole file. */
export interface FakePhotoInit {
  /** Pixels; default 1280 × 960. */
  w?: number;
  h?: number;
  /** Size type (`x`, `y`, `w` …); default `y`. */
  type?: string;
}

interface StoredFile {
  ref: FakeFileRef;
  bytes: Uint8Array;
  /** How the file is addressed once attached: as a photo of this size type, or a document. */
  as?: { type: "photo"; sizeType: string } | { type: "document" };
}

/** Unix time the fake's files were "uploaded". */
const FILE_DATE = 1_650_000_000;
const MB = 1024 * 1024;

/** Stored files of the fake. */
export class FakeFiles {
  readonly #files = new Map<string, StoredFile>();
  #nextId = 5_200_000_000_000_000_001n;
  /** References carry the generation they were handed out in; older ones are expired. */
  #generation = 1;

  /** Stores a file; attach it to a post with {@link document} or {@link photo}. */
  add(bytes: Uint8Array): FakeFileRef {
    const id = this.#nextId++;
    const ref: FakeFileRef = { id, accessHash: (id * 7_919n) & 0x7fffffffffffffffn, dcId: 2 };
    this.#files.set(id.toString(), { ref, bytes: Uint8Array.from(bytes) });
    return ref;
  }

  /** The bytes of a stored file. */
  bytes(id: bigint): Uint8Array {
    const file = this.#files.get(id.toString());
    if (!file) throw new Error(`fake: no file ${id}`);
    return file.bytes;
  }

  /** A `messageMediaDocument` for a stored file (the post's `media`). */
  document(ref: FakeFileRef, init: FakeDocumentInit): tl.RawMessageMediaDocument {
    const file = this.#file(ref);
    file.as = { type: "document" };
    const attributes: tl.TypeDocumentAttribute[] = [...(init.attributes ?? [])];
    if (init.fileName !== undefined) attributes.push({ _: "documentAttributeFilename", fileName: init.fileName });
    const media: tl.RawMessageMediaDocument = {
      _: "messageMediaDocument",
      document: {
        _: "document",
        id: long(ref.id),
        accessHash: long(ref.accessHash),
        fileReference: new Uint8Array(),
        date: FILE_DATE,
        mimeType: init.mimeType,
        size: file.bytes.length,
        dcId: ref.dcId,
        attributes,
      },
    };
    if (init.video) media.video = true;
    if (init.voice) media.voice = true;
    if (init.round) media.round = true;
    return media;
  }

  /** A `messageMediaPhoto` for a stored file (the post's `media`). */
  photo(ref: FakeFileRef, init: FakePhotoInit = {}): tl.RawMessageMediaPhoto {
    const file = this.#file(ref);
    const sizeType = init.type ?? "y";
    file.as = { type: "photo", sizeType };
    return {
      _: "messageMediaPhoto",
      photo: {
        _: "photo",
        id: long(ref.id),
        accessHash: long(ref.accessHash),
        fileReference: new Uint8Array(),
        date: FILE_DATE,
        sizes: [
          { _: "photoStrippedSize", type: "i", bytes: new Uint8Array([1, 2, 3]) },
          { _: "photoSize", type: sizeType, w: init.w ?? 1280, h: init.h ?? 960, size: file.bytes.length },
        ],
        dcId: ref.dcId,
      },
    };
  }

  /** Every file reference handed out so far answers `FILE_REFERENCE_EXPIRED` from now on. */
  expireReferences(): void {
    this.#generation++;
  }

  /**
   * `answer` with the current file reference in the photo or document of each of its messages (for
   * answers with a `messages` list; others pass unchanged). Stored messages are not modified.
   */
  withReferences<T>(answer: T): T {
    if (typeof answer !== "object" || answer === null || !("messages" in answer) || !Array.isArray(answer.messages)) return answer;
    return { ...answer, messages: (answer.messages as tl.TypeMessage[]).map((message) => this.#referenced(message)) };
  }

  /** MTProto methods this part answers. */
  handlers(): Record<string, FakeHandler> {
    return {
      "upload.getFile": (request: tl.upload.RawGetFileRequest) => this.#getFile(request),
    };
  }

  #referenced(message: tl.TypeMessage): tl.TypeMessage {
    if (message._ !== "message" || message.media === undefined) return message;
    const media = message.media;
    if (media._ === "messageMediaDocument" && media.document?._ === "document") {
      return { ...message, media: { ...media, document: { ...media.document, fileReference: this.#reference(media.document.id) } } };
    }
    if (media._ === "messageMediaPhoto" && media.photo?._ === "photo") {
      return { ...message, media: { ...media, photo: { ...media.photo, fileReference: this.#reference(media.photo.id) } } };
    }
    return message;
  }

  #reference(id: Long): Uint8Array {
    return new TextEncoder().encode(`fileref:${this.#generation}:${id.toString()}`);
  }

  /**
   * `upload.getFile` as Telegram answers it: `offset` divisible by 4 KB, `limit` by 4 KB and dividing
   * 1 MB, the part inside one 1 MB block (with `precise`: 1 KB steps, at most 1 MB); bytes past the end
   * of the file are simply absent.
   */
  #getFile(request: tl.upload.RawGetFileRequest): tl.upload.RawFile {
    const location = request.location;
    if (location._ !== "inputDocumentFileLocation" && location._ !== "inputPhotoFileLocation") throw new FakeRpcError(400, "LOCATION_INVALID");
    const file = this.#files.get(location.id.toString());
    const wanted = location._ === "inputPhotoFileLocation" ? "photo" : "document";
    if (!file || file.as?.type !== wanted || location.accessHash.toString() !== file.ref.accessHash.toString()) throw new FakeRpcError(400, "LOCATION_INVALID");
    if (file.as.type === "photo" && location.thumbSize !== file.as.sizeType) throw new FakeRpcError(400, "LOCATION_INVALID");
    this.#checkReference(location.fileReference, file);
    const { offset, limit } = request;
    if (request.precise) {
      if (offset % 1024 !== 0) throw new FakeRpcError(400, "OFFSET_INVALID");
      if (limit <= 0 || limit % 1024 !== 0 || limit > MB) throw new FakeRpcError(400, "LIMIT_INVALID");
    } else {
      if (offset < 0 || offset % 4096 !== 0) throw new FakeRpcError(400, "OFFSET_INVALID");
      if (limit <= 0 || limit % 4096 !== 0 || MB % limit !== 0) throw new FakeRpcError(400, "LIMIT_INVALID");
      if (Math.floor(offset / MB) !== Math.floor((offset + limit - 1) / MB)) throw new FakeRpcError(400, "LIMIT_INVALID");
    }
    return {
      _: "upload.file",
      type: file.as.type === "photo" ? { _: "storage.fileJpeg" } : { _: "storage.filePartial" },
      mtime: FILE_DATE,
      bytes: file.bytes.slice(offset, offset + limit),
    };
  }

  #checkReference(reference: Uint8Array, file: StoredFile): void {
    const match = /^fileref:(\d+):(\d+)$/.exec(new TextDecoder().decode(reference));
    if (!match || match[2] !== file.ref.id.toString()) throw new FakeRpcError(400, "FILE_REFERENCE_INVALID");
    if (Number(match[1]) !== this.#generation) throw new FakeRpcError(400, "FILE_REFERENCE_EXPIRED");
  }

  #file(ref: FakeFileRef): StoredFile {
    const file = this.#files.get(ref.id.toString());
    if (!file) throw new Error(`fake: no file ${ref.id}`);
    return file;
  }
}

function long(value: bigint): Long {
  return Long.fromString(value.toString());
}
