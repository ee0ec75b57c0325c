/**
 * What the JSON and HTML readers of a Desktop export yield, one message at a time; the public
 * iterator batches the messages.
 */
import type { Message, Source } from "../../domain/index.js";

/** A chat header (before that chat's messages) or one message of the chat `chatIndex`. */
export type ReaderEvent =
  | { kind: "chat"; chatIndex: number; source: Source }
  | { kind: "message"; chatIndex: number; message: Message };
