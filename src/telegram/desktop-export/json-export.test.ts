import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidOptionError, NotAnExportError, TruncatedExportError, type Message } from "../../domain/index.js";
import { REAL_DIR } from "../testing/index.js";
import { iterDesktopExport, scanDesktopExport, type ExportEvent } from "./index.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tgscope-export-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function collect(file: string, batchSize?: number): Promise<ExportEvent[]> {
  const events: ExportEvent[] = [];
  for await (const event of iterDesktopExport(file, { batchSize })) events.push(event);
  return events;
}

async function onlyMessage(raw: Record<string, unknown>): Promise<Message> {
  const file = await writeTemp(`one-${String(raw.id)}.json`, JSON.stringify({ name: "Group", type: "private_supergroup", id: 42, messages: [raw] }));
  const events = await collect(file);
  const batch = events.find((e) => e.kind === "messages");
  if (batch?.kind !== "messages" || batch.messages.length !== 1) throw new Error("expected one message");
  return batch.messages[0]!;
}

const message = (id: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  type: "message",
  date: "2024-03-01T10:00:00",
  date_unixtime: String(1709287200 + id),
  from: "Ann",
  from_id: "user7",
  text: `message ${id}`,
  text_entities: [{ type: "plain", text: `message ${id}` }],
  ...extra,
});

describe("full-account result.json", () => {
  const account = {
    about: "Here is the data you requested.",
    personal_information: { user_id: 7, first_name: "Ann", phone_number: "+1 555" },
    contacts: { about: "contacts", list: [{ user_id: 8, first_name: "Bo", date: "2020-01-01T00:00:00" }] },
    chats: {
      about: "chats",
      list: [
        { name: "News", type: "public_channel", id: 1500000001, messages: [message(1), message(2), message(3)] },
        { name: "Talk", type: "private_supergroup", id: 1600000002, messages: [message(10), message(11)] },
      ],
    },
    left_chats: { about: "left", list: [{ name: "Old friends", type: "private_group", id: 4321, messages: [message(5)] }] },
  };

  it("yields each chat with its kind and Bot-API peer id before its messages", async () => {
    const file = await writeTemp("account.json", JSON.stringify(account, null, 1));
    const events = await collect(file, 2);
    expect(events.map((e) => (e.kind === "chat" ? ["chat", e.chatIndex, e.source] : ["messages", e.chatIndex, e.messages.map((m) => m.messageId)]))).toEqual([
      ["chat", 0, { kind: "channel", peerId: -1001500000001n, title: "News" }],
      ["messages", 0, [1, 2]],
      ["messages", 0, [3]],
      ["chat", 1, { kind: "supergroup", peerId: -1001600000002n, title: "Talk" }],
      ["messages", 1, [10, 11]],
      ["chat", 2, { kind: "group", peerId: -4321n, title: "Old friends" }],
      ["messages", 2, [5]],
    ]);
  });

  it("counts chats and messages in the scan, ignoring contacts", async () => {
    const file = await writeTemp("account-scan.json", JSON.stringify(account));
    expect(await scanDesktopExport(file)).toMatchObject({ format: "json", files: [file], chats: 3, messages: 6 });
  });

  it("reads result.json when given the export folder", async () => {
    const folder = await mkdtemp(path.join(dir, "folder-"));
    await writeFile(path.join(folder, "result.json"), JSON.stringify(account));
    await writeFile(path.join(folder, "messages.html"), "<html></html>");
    expect(await scanDesktopExport(folder)).toMatchObject({ format: "json", files: [path.join(folder, "result.json")], chats: 3 });
  });
});

describe("chat header written after the messages", () => {
  it("yields a second chat event with the complete source after the messages", async () => {
    const file = await writeTemp("late.json", JSON.stringify({ messages: [message(1)], name: "Late", type: "bot_chat", id: 93372553 }));
    const events = await collect(file);
    expect(events).toEqual([
      { kind: "chat", chatIndex: 0, source: {} },
      { kind: "messages", chatIndex: 0, messages: [expect.objectContaining({ messageId: 1 })] },
      { kind: "chat", chatIndex: 0, source: { kind: "bot", peerId: 93372553n, title: "Late" } },
    ]);
  });
});

describe("message fields", () => {
  it("derives entities from the text array of old exports without text_entities", async () => {
    const m = await onlyMessage({
      id: 1,
      type: "message",
      date: "2019-01-02T03:04:05",
      from: "Ann",
      from_id: 7,
      text: [
        { type: "bold", text: "Hi" },
        " ",
        { type: "mention_name", text: "Bo", user_id: 8 },
        ", see ",
        { type: "text_link", text: "this", href: "https://example.org/a" },
        "\n",
        { type: "pre", text: "x = 1", language: "python" },
        { type: "unknown", text: "?" },
      ],
    });
    expect(m.text).toBe("Hi Bo, see this\nx = 1?");
    expect(m.entities).toEqual([
      { type: "bold", offset: 0, length: 2 },
      { type: "mention_name", offset: 3, length: 2, userId: 8n },
      { type: "text_link", offset: 11, length: 4, url: "https://example.org/a" },
      { type: "pre", offset: 16, length: 5, language: "python" },
      { type: "other", offset: 21, length: 1 },
    ]);
    expect(m.date.toISOString()).toBe("2019-01-02T03:04:05.000Z");
  });

  it("reads forward, reply, via bot and post author", async () => {
    const m = await onlyMessage(
      message(2, {
        author: "Editor",
        forwarded_from: "Source channel",
        forwarded_from_id: "channel1234",
        reply_to_message_id: 1,
        via_bot: "@gif",
      }),
    );
    expect(m.forward).toEqual({ fromName: "Source channel", fromPeerId: -1000000001234n });
    expect(m.replyTo).toEqual({ messageId: 1 });
    expect(m.viaBot).toBe("gif");
    expect(m.postAuthor).toBe("Editor");
    const crossChat = await onlyMessage(message(3, { reply_to_message_id: 77, reply_to_peer_id: "channel1234" }));
    expect(crossChat.replyTo).toEqual({ messageId: 77, peerId: -1000000001234n });
  });

  it("keeps a forward from a hidden sender (forwarded_from null) and reads saved_from as the origin name", async () => {
    expect((await onlyMessage(message(3, { forwarded_from: null }))).forward).toEqual({});
    expect((await onlyMessage(message(4, { saved_from: "Channel X" }))).forward).toEqual({ fromName: "Channel X" });
  });

  it("maps media types, keeps downloaded paths and drops placeholders", async () => {
    const voice = await onlyMessage(
      message(5, { file: "voice_messages/audio_1.ogg", media_type: "voice_message", mime_type: "audio/ogg", duration_seconds: 4, file_size: 9000 }),
    );
    expect(voice.media).toEqual([{ kind: "voice", fileName: "voice_messages/audio_1.ogg", mimeType: "audio/ogg", durationSeconds: 4, sizeBytes: 9000 }]);
    const song = await onlyMessage(
      message(6, { file: "(File exceeds maximum size. Change data exporting settings to download.)", media_type: "audio_file", performer: "Artist", title: "Song" }),
    );
    expect(song.media).toEqual([{ kind: "audio", performer: "Artist", title: "Song" }]);
    const sticker = await onlyMessage(message(7, { file: "stickers/sticker.webp", media_type: "sticker", sticker_emoji: "😀", width: 512, height: 512 }));
    expect(sticker.media).toEqual([{ kind: "sticker", fileName: "stickers/sticker.webp", emoji: "😀", width: 512, height: 512 }]);
    const document = await onlyMessage(message(8, { file: "(File not included. Change data exporting settings to download.)", file_name: "report.pdf", mime_type: "application/pdf" }));
    expect(document.media).toEqual([{ kind: "document", fileName: "report.pdf", mimeType: "application/pdf" }]);
    const photo = await onlyMessage(message(9, { photo: "photos/photo_1@01-03-2024_10-00-00.jpg", width: 800, height: 600 }));
    expect(photo.media).toEqual([{ kind: "photo", fileName: "photos/photo_1@01-03-2024_10-00-00.jpg", width: 800, height: 600 }]);
  });

  it("reads polls, places, contacts, games, invoices and all reaction types", async () => {
    const poll = await onlyMessage(
      message(10, { poll: { question: "Tea?", closed: true, total_voters: 5, answers: [{ text: "Yes", voters: 3, chosen: false }, { text: "No", voters: 2, chosen: true }] } }),
    );
    expect(poll.media).toEqual([{ kind: "poll", poll: { question: "Tea?", closed: true, totalVoters: 5, options: [{ text: "Yes", voters: 3 }, { text: "No", voters: 2 }] } }]);
    const venue = await onlyMessage(message(11, { place_name: "Cafe", address: "Main St 1", location_information: { latitude: 1.5, longitude: 2.5 } }));
    expect(venue.media).toEqual([{ kind: "venue", title: "Cafe", latitude: 1.5, longitude: 2.5, address: "Main St 1" }]);
    const location = await onlyMessage(message(12, { location_information: { latitude: 1.5, longitude: 2.5 } }));
    expect(location.media).toEqual([{ kind: "location", latitude: 1.5, longitude: 2.5 }]);
    const contact = await onlyMessage(message(13, { contact_information: { first_name: "Bo", last_name: "Lee", phone_number: "+1 555" } }));
    expect(contact.media).toEqual([{ kind: "contact", title: "Bo Lee" }]);
    const game = await onlyMessage(message(14, { game_title: "Lumberjack", game_description: "Chop" }));
    expect(game.media).toEqual([{ kind: "game", title: "Lumberjack" }]);
    const invoice = await onlyMessage(message(15, { invoice_information: { title: "Pizza", description: "Large", amount: 1000, currency: "EUR" } }));
    expect(invoice.media).toEqual([{ kind: "invoice", title: "Pizza" }]);
    const reacted = await onlyMessage(
      message(16, {
        reactions: [
          { type: "emoji", count: 3, emoji: "👍" },
          { type: "custom_emoji", count: 2, document_id: "5368324170671202286" },
          { type: "paid", count: 50 },
        ],
      }),
    );
    expect(reacted.reactions).toEqual([{ emoji: "👍", count: 3 }, { customEmojiId: "5368324170671202286", count: 2 }, { paid: true, count: 50 }]);
  });

  it("reads a pin service message with the pinned message id in its details", async () => {
    const pin = await onlyMessage({ id: 20, type: "service", date_unixtime: "1709287300", actor: "Ann", actor_id: "user7", action: "pin_message", message_id: 19, text: "", text_entities: [] });
    expect(pin.service).toEqual({ type: "pin_message", actor: "Ann", details: { message_id: 19 } });
    expect(pin.date.toISOString()).toBe("2024-03-01T10:01:40.000Z");
  });

  it("skips Desktop's unsupported message stubs", async () => {
    const file = await writeTemp("unsupported.json", JSON.stringify({ name: "G", type: "private_group", id: 5, messages: [{ id: 1, type: "unsupported" }, message(2)] }));
    expect(await scanDesktopExport(file)).toMatchObject({ chats: 1, messages: 1 });
  });
});

describe("bad input", () => {
  const realFile = path.join(REAL_DIR, "desktop_export", "AiratFaiz__pachumarchive__result.json");

  it("rejects a JSON file that is not an export", async () => {
    const file = await writeTemp("hello.json", '{"hello":1}');
    await expect(scanDesktopExport(file)).rejects.toBeInstanceOf(NotAnExportError);
    await expect(collect(file)).rejects.toBeInstanceOf(NotAnExportError);
  });

  it("rejects files that are neither JSON objects nor HTML, empty files and missing paths", async () => {
    await expect(scanDesktopExport(await writeTemp("notes.txt", "just some notes"))).rejects.toBeInstanceOf(NotAnExportError);
    await expect(scanDesktopExport(await writeTemp("array.json", "[1, 2]"))).rejects.toBeInstanceOf(NotAnExportError);
    await expect(scanDesktopExport(await writeTemp("empty.json", ""))).rejects.toBeInstanceOf(NotAnExportError);
    await expect(scanDesktopExport(path.join(dir, "missing.json"))).rejects.toBeInstanceOf(NotAnExportError);
    await expect(scanDesktopExport(await mkdtemp(path.join(dir, "empty-folder-")))).rejects.toBeInstanceOf(NotAnExportError);
  });

  it("rejects a real result.json cut in the middle of a string, in the scan and in the iterator", async () => {
    const bytes = await readFile(realFile);
    const cut = bytes.indexOf("ТВИЧ") + 3;
    const file = await writeTemp("cut.json", bytes.subarray(0, cut));
    await expect(scanDesktopExport(file)).rejects.toBeInstanceOf(TruncatedExportError);
    await expect(collect(file)).rejects.toBeInstanceOf(TruncatedExportError);
  });

  it("yields the messages before the cut, then throws TruncatedExportError", async () => {
    const bytes = await readFile(realFile);
    const file = await writeTemp("cut-late.json", bytes.subarray(0, bytes.indexOf('"id": 3856')));
    const seen: number[] = [];
    const read = async (): Promise<void> => {
      for await (const event of iterDesktopExport(file, { batchSize: 1 })) if (event.kind === "messages") seen.push(...event.messages.map((m) => m.messageId));
    };
    await expect(read()).rejects.toThrow(TruncatedExportError);
    expect(seen).toEqual([3854, 3855]);
  });

  it("rejects every cut of a real result.json", async () => {
    const bytes = await readFile(realFile);
    for (const length of [1, 40, 100, 1000, 2500, bytes.length - 2]) {
      const file = await writeTemp(`cut-${length}.json`, bytes.subarray(0, length));
      await expect(scanDesktopExport(file), `cut at ${length} bytes`).rejects.toBeInstanceOf(TruncatedExportError);
    }
  });

  it("rejects a message without a date as corrupt", async () => {
    const file = await writeTemp("nodate.json", JSON.stringify({ name: "G", type: "private_group", id: 5, messages: [{ id: 1, type: "message", text: "" }] }));
    await expect(scanDesktopExport(file)).rejects.toBeInstanceOf(TruncatedExportError);
  });

  it("rejects a batch size that is not a positive integer", async () => {
    await expect(collect(realFile, 0)).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it("stops when the signal aborts, before or during the iteration", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped by the user"));
    await expect(scanDesktopExport(realFile, { signal: controller.signal })).rejects.toThrow("stopped by the user");
    const during = new AbortController();
    const seen: string[] = [];
    const read = async (): Promise<void> => {
      for await (const event of iterDesktopExport(realFile, { batchSize: 1, signal: during.signal })) {
        seen.push(event.kind);
        during.abort(new Error("stopped during the import"));
      }
    };
    await expect(read()).rejects.toThrow("stopped during the import");
    expect(seen).toEqual(["chat"]);
  });

  it("lets the caller stop early and read the file again", async () => {
    for await (const event of iterDesktopExport(realFile)) if (event.kind === "chat") break;
    expect(await scanDesktopExport(realFile)).toMatchObject({ messages: 3 });
  });
});
