import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../store/index.js";
import { OutputClosedError, toMessageRow, writeMessages, type ExportFormat } from "./index.js";
import { ROWS_PER_CHUNK } from "./message-writer.js";
import { buildStoredMessage } from "./stored-message.factory.js";

const HEADER =
  "source,message_id,date,text,views,forwarded_from,url,source_username,source_title,source_peer_id,edit_date,edited," +
  "deleted_at,views_approximate,forwards,replies,reactions,reactions_total,post_author,sender_id,sender_name," +
  "sender_username,grouped_id,reply_to_message_id,reply_to_thread_top_id,comment_to_peer_id,comment_to_message_id," +
  "forwarded_from_id,forwarded_message_id," +
  "forwarded_date,via_bot,media_kinds,media_count,has_media,urls,hashtags,mentions,service_action,collected_via," +
  "collected_at,content_hash";
const HASH = "ab".repeat(32);

/** A post with a comma, quotes, a newline, a tab, a backslash, Cyrillic and emoji; reactions; a photo. */
const tricky = buildStoredMessage({
  text: 'Привет, мир! He said "hi"\nsecond line\twith tab 🎉 C:\\temp',
  reactions: [
    { emoji: "👍", count: 12 },
    { emoji: "🔥", count: 3 },
    { paid: true, count: 5 },
  ],
  media: [{ kind: "photo" }],
  hashtags: ["новости", "war"],
});
/** A message of a chat without username or views, from a Desktop export. */
const plain = buildStoredMessage({
  sourceUsername: undefined,
  sourceTitle: "Jimmeny",
  messageId: 3,
  text: "",
  views: undefined,
  collectedVia: "export",
});

async function* messages(list: StoredMessage[]): AsyncGenerator<StoredMessage> {
  yield* list;
}

async function exportText(list: StoredMessage[], format: ExportFormat, bom = false) {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const result = await writeMessages(messages(list), format, output, { bom });
  const bytes = Buffer.concat(chunks);
  return { result, bytes, text: bytes.toString("utf8") };
}

describe("writeMessages", () => {
  it("writes RFC 4180 CSV: header, quoted fields with doubled quotes, empty nulls, compact reactions", async () => {
    const { result, text, bytes } = await exportText([tricky, plain], "csv");
    expect(text).toBe(
      `${HEADER}\n` +
        'meduzalive,141880,2026-05-05T12:54:00Z,"Привет, мир! He said ""hi""\nsecond line\twith tab 🎉 C:\\temp",12000,,' +
        "https://t.me/meduzalive/141880,meduzalive,Медуза — LIVE,,,false,,false,,,👍 12; 🔥 3; paid 5,15,,,,,,,,,,,,,," +
        `photo,1,true,,новости war,,,web,2026-05-06T08:00:01Z,${HASH}\n` +
        "Jimmeny,3,2026-05-05T12:54:00Z,,,,,,Jimmeny,,,false,,,,,,0,,,,,,,,,,,,,,,0,false,,,,,export," +
        `2026-05-06T08:00:01Z,${HASH}\n`,
    );
    expect(result).toEqual({ rows: 2, bytes: bytes.length });
  });

  it("writes TSV one record per line, escaping backslash, tab, LF and CR as \\\\ \\t \\n \\r", async () => {
    const crlf = buildStoredMessage({ messageId: 9, text: "a\r\nb", views: 1 });
    const { text } = await exportText([tricky, crlf], "tsv");
    const lines = text.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(HEADER.replaceAll(",", "\t"));
    expect(lines[1]!.split("\t")).toEqual([
      "meduzalive", "141880", "2026-05-05T12:54:00Z", 'Привет, мир! He said "hi"\\nsecond line\\twith tab 🎉 C:\\\\temp',
      "12000", "", "https://t.me/meduzalive/141880", "meduzalive", "Медуза — LIVE", "", "", "false", "", "false", "", "",
      "👍 12; 🔥 3; paid 5", "15", "", "", "", "", "", "", "", "", "", "", "", "", "", "photo", "1", "true", "", "новости war", "",
      "", "web", "2026-05-06T08:00:01Z", HASH,
    ]);
    expect(lines[2]!.split("\t")[3]).toBe("a\\r\\nb");
    expect(lines[3]).toBe("");
  });

  it("writes JSONL: one MessageRow per line, the same objects as toMessageRow", async () => {
    const { text, result } = await exportText([tricky, plain], "jsonl");
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      '{"source":"Jimmeny","message_id":3,"date":"2026-05-05T12:54:00Z","text":"","views":null,"forwarded_from":null,' +
        '"url":null,"source_username":null,"source_title":"Jimmeny","source_peer_id":null,"edit_date":null,"edited":false,' +
        '"deleted_at":null,"views_approximate":null,"forwards":null,"replies":null,"reactions":{},"reactions_total":0,' +
        '"post_author":null,"sender_id":null,"sender_name":null,"sender_username":null,"grouped_id":null,' +
        '"reply_to_message_id":null,"reply_to_thread_top_id":null,"comment_to_peer_id":null,"comment_to_message_id":null,' +
        '"forwarded_from_id":null,"forwarded_message_id":null,' +
        '"forwarded_date":null,"via_bot":null,"media_kinds":[],"media_count":0,"has_media":false,"urls":[],"hashtags":[],' +
        `"mentions":[],"service_action":null,"collected_via":"export","collected_at":"2026-05-06T08:00:01Z","content_hash":"${HASH}"}`,
    );
    expect(JSON.parse(lines[0]!)).toEqual(toMessageRow(tricky));
    expect(JSON.parse(lines[0]!).text).toBe('Привет, мир! He said "hi"\nsecond line\twith tab 🎉 C:\\temp');
    expect(result.rows).toBe(2);
  });

  it("writes only the header for no messages, and a UTF-8 byte order mark when asked", async () => {
    expect((await exportText([], "csv")).text).toBe(`${HEADER}\n`);
    expect((await exportText([], "jsonl")).result).toEqual({ rows: 0, bytes: 0 });
    const withBom = await exportText([plain], "csv", true);
    expect([...withBom.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.bytes.subarray(3).toString("utf8")).toBe((await exportText([plain], "csv")).text);
    expect(withBom.result.bytes).toBe(withBom.bytes.length);
  });

  it("waits for a slow output: rows arrive complete and in order while few are read ahead", async () => {
    const total = 3000;
    let produced = 0;
    let maxReadAhead = 0;
    const received: number[] = [];
    async function* generate(): AsyncGenerator<StoredMessage> {
      for (let i = 1; i <= total; i++) {
        produced = i;
        maxReadAhead = Math.max(maxReadAhead, produced - received.length);
        yield buildStoredMessage({ messageId: i });
      }
    }
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) if (line) received.push(JSON.parse(line).message_id);
        setTimeout(done, 2);
      },
    });
    const result = await writeMessages(generate(), "jsonl", slow);
    expect(result.rows).toBe(total);
    expect(received).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // One chunk is being written while the next is built: never more than that ahead.
    expect(maxReadAhead).toBeLessThanOrEqual(2 * ROWS_PER_CHUNK + 1);
  });

  it("stops when the signal aborts, closing the message source", async () => {
    const controller = new AbortController();
    let closed = false;
    async function* endless(): AsyncGenerator<StoredMessage> {
      try {
        for (let i = 1; ; i++) yield buildStoredMessage({ messageId: i });
      } finally {
        closed = true;
      }
    }
    const output = new PassThrough();
    output.resume();
    const progress: number[] = [];
    const reason = new Error("user pressed Ctrl-C");
    const run = writeMessages(endless(), "csv", output, {
      signal: controller.signal,
      onProgress: (rows) => {
        progress.push(rows);
        if (rows >= 4 * ROWS_PER_CHUNK) controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(closed).toBe(true);
    expect(progress).toEqual([1, 2, 3, 4].map((n) => n * ROWS_PER_CHUNK));
  });

  it("fails with the output's error, or OutputClosedError when the output is destroyed", async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error("EPIPE: broken pipe"));
      },
    });
    const many = Array.from({ length: 1000 }, (_, i) => buildStoredMessage({ messageId: i + 1 }));
    await expect(writeMessages(messages(many), "jsonl", failing)).rejects.toThrow("EPIPE: broken pipe");

    const destroyed = new PassThrough();
    destroyed.destroy();
    await expect(writeMessages(messages(many), "jsonl", destroyed)).rejects.toBeInstanceOf(OutputClosedError);
  });
});
