/**
 * Streaming reader of a Desktop `result.json`, single-chat (`{name, type, id, messages: […]}`) or
 * full-account (`{…, chats: {list: [chat…]}, left_chats: {list: [chat…]}}`).
 *
 * stream-json's parser turns bytes into tokens; {@link ChatTokenReader} follows the path of each token
 * and materialises, with a stream-json `Assembler`, only one message object at a time. Everything
 * else (contacts, sessions, profile pictures …) is skipped token by token.
 */
import { createReadStream } from "node:fs";
import { pipeline, Transform, type TransformCallback } from "node:stream";
import Assembler from "stream-json/Assembler.js";
import Parser from "stream-json/Parser.js";
import { NotAnExportError, TruncatedExportError } from "../../domain/index.js";
import type { ReaderEvent } from "./reader-event.js";
import { sourceFromChatHeader, type ChatHeader } from "./json-chat.js";
import { messageFromJson } from "./json-message.js";
import type { JsonObject } from "./json-values.js";

/** A stream-json token with packed values (`keyValue`, `stringValue`, `numberValue` carry strings). */
interface JsonToken {
  name: string;
  value?: string;
}

/** What an object or array on the path is to the reader. */
type Role = "root" | "chats" | "chatList" | "chat" | "messages" | "skip";

interface ChatState {
  header: ChatHeader;
  /** Set when the chat event was emitted (at its `messages` key, or at its end when it has none). */
  chatIndex?: number;
  /** A header field arrived after the chat event. */
  lateHeader: boolean;
}

interface Frame {
  role: Role;
  /** Last key read in this object. */
  key?: string;
  chat?: ChatState;
}

/** Tokens out of the parser → raw chat headers and message objects. */
type RawEvent = { kind: "chat"; chatIndex: number; header: ChatHeader } | { kind: "message"; chatIndex: number; raw: JsonObject };

const HEADER_KEYS = new Set(["name", "type", "id"]);

/**
 * Follows the token path and emits a `chat` event when a chat's `messages` array starts (so with the
 * `name`/`type`/`id` written before it, as Desktop does), then one `message` event per element.
 * Header fields written after `messages` produce a second `chat` event with the same index when the
 * chat object closes; a chat without `messages` is emitted when it closes.
 */
class ChatTokenReader extends Transform {
  private readonly stack: Frame[] = [];
  private message: Assembler | undefined;
  private messageChatIndex = 0;
  private nextChatIndex = 0;
  /** A `messages` array of the root or a `chats.list`/`left_chats.list` array was seen. */
  private recognized = false;

  constructor(private readonly path: string) {
    super({ writableObjectMode: true, readableObjectMode: true });
  }

  override _transform(token: JsonToken, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(token);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  /** The parser has checked that the JSON is complete; what is left to check is that it is an export. */
  override _flush(callback: TransformCallback): void {
    if (!this.recognized) {
      callback(new NotAnExportError(this.path, "a JSON file without a messages array or chats.list"));
    } else {
      callback();
    }
  }

  private consume(token: JsonToken): void {
    if (this.message) {
      this.message.consume(token);
      if (this.message.done) {
        this.push({ kind: "message", chatIndex: this.messageChatIndex, raw: this.message.current as JsonObject });
        this.message = undefined;
      }
      return;
    }
    const top = this.stack.at(-1);
    switch (token.name) {
      case "startObject":
      case "startArray":
        return this.open(top, token);
      case "endObject":
      case "endArray":
        return this.close();
      case "keyValue":
        if (top) top.key = token.value;
        return;
      default:
        return this.scalar(top, token);
    }
  }

  private open(parent: Frame | undefined, token: JsonToken): void {
    const isObject = token.name === "startObject";
    if (parent?.role === "messages") {
      if (!isObject) throw new TruncatedExportError(this.path, "an element of messages is not an object");
      this.message = new Assembler();
      this.message.consume(token);
      return;
    }
    const role = childRole(parent, isObject);
    const frame: Frame = { role };
    if (role === "root" || role === "chat") frame.chat = { header: {}, lateHeader: false };
    this.stack.push(frame);
    if (role === "chatList") this.recognized = true;
    if (role === "messages" && parent?.chat) {
      if (parent.role === "root") this.recognized = true;
      this.messageChatIndex = this.emitChat(parent.chat);
    }
  }

  private close(): void {
    const frame = this.stack.pop();
    const chat = frame?.chat;
    if (!chat) return;
    if (chat.chatIndex === undefined) {
      if (frame.role === "chat") this.emitChat(chat);
    } else if (chat.lateHeader) {
      this.push({ kind: "chat", chatIndex: chat.chatIndex, header: { ...chat.header } });
    }
  }

  private scalar(top: Frame | undefined, token: JsonToken): void {
    if (top?.role === "messages") throw new TruncatedExportError(this.path, "an element of messages is not an object");
    const chat = top?.chat;
    if (!chat || top.key === undefined || !HEADER_KEYS.has(top.key)) return;
    const value = token.name === "stringValue" || token.name === "numberValue" ? token.value : undefined;
    chat.header[top.key as keyof ChatHeader] = value;
    if (chat.chatIndex !== undefined) chat.lateHeader = true;
  }

  private emitChat(chat: ChatState): number {
    chat.chatIndex ??= this.nextChatIndex++;
    this.push({ kind: "chat", chatIndex: chat.chatIndex, header: { ...chat.header } });
    return chat.chatIndex;
  }
}

/** Role of an object/array opened under `parent` (at the parent's last key). */
function childRole(parent: Frame | undefined, isObject: boolean): Role {
  if (!parent) return isObject ? "root" : "skip";
  const { role, key } = parent;
  if ((role === "root" || role === "chat") && key === "messages" && !isObject) return "messages";
  if (role === "root" && (key === "chats" || key === "left_chats") && isObject) return "chats";
  if (role === "chats" && key === "list" && !isObject) return "chatList";
  if (role === "chatList" && isObject) return "chat";
  return "skip";
}

/**
 * Streams the chats and messages of a `result.json` (the file must start with `{`).
 *
 * @throws {NotAnExportError} when the JSON has neither a `messages` array nor `chats.list`/`left_chats.list`
 * @throws {TruncatedExportError} when the JSON ends early or is malformed, or a message lacks its id or date
 */
export async function* readJsonExport(path: string): AsyncGenerator<ReaderEvent> {
  const tokens = Parser.parser({ packValues: true, streamValues: false });
  const reader = new ChatTokenReader(path);
  let parseError: unknown;
  tokens.once("error", (error) => {
    parseError = error;
  });
  // Errors reach the caller through `reader`, which the pipeline destroys with them; the callback
  // only lets the pipeline finish (also when the caller stops early and the streams are closed).
  pipeline(createReadStream(path), tokens, reader, () => {});
  try {
    for await (const event of reader as AsyncIterable<RawEvent>) {
      if (event.kind === "chat") {
        yield { kind: "chat", chatIndex: event.chatIndex, source: sourceFromChatHeader(event.header) };
        continue;
      }
      const message = messageFromJson(event.raw, path);
      if (message) yield { kind: "message", chatIndex: event.chatIndex, message };
    }
  } catch (error) {
    if (error === parseError) {
      throw new TruncatedExportError(path, `the JSON is cut or malformed: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
