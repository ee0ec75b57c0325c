/**
 * Test helpers: read a whole export into memory (tests only; real imports stream).
 */
import type { Message, Source } from "../../domain/index.js";
import { iterDesktopExport } from "./index.js";

/** Reads a whole export (file or folder) into its chat sources and their messages. */
export async function readWholeExport(path: string): Promise<{ sources: Source[]; messages: Message[] }> {
  const sources: Source[] = [];
  const messages: Message[] = [];
  for await (const event of iterDesktopExport(path)) {
    if (event.kind === "chat") sources.push(event.source);
    else messages.push(...event.messages);
  }
  return { sources, messages };
}

/** The message with this id. @throws Error when it was not read */
export function messageById(messages: Message[], id: number): Message {
  const message = messages.find((m) => m.messageId === id);
  if (!message) throw new Error(`message ${id} not read`);
  return message;
}
