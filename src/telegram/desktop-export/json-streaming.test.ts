import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iterDesktopExport } from "./index.js";

const MESSAGES = 200_000;

/** Node's `gc()`, made available at run time so that the test measures live heap, not garbage. */
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Writes a channel export shaped like Desktop's (one-space indentation, text arrays and text_entities). */
async function writeLargeExport(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('{\n "name": "Big channel",\n "type": "public_channel",\n "id": 1234567890,\n "messages": [\n');
  for (let id = 1; id <= MESSAGES; id++) {
    const text = `Post ${id}: a line of news, long enough to look real. `;
    const message = {
      id,
      type: "message",
      date: "2024-01-01T00:00:00",
      date_unixtime: String(1704067200 + id),
      from: "Big channel",
      from_id: "channel1234567890",
      text: [text, { type: "text_link", text: "more", href: `https://example.com/${id}` }],
      text_entities: [
        { type: "plain", text },
        { type: "text_link", text: "more", href: `https://example.com/${id}` },
      ],
    };
    const chunk = `${JSON.stringify(message, null, 1)}${id < MESSAGES ? "," : ""}\n`;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end(" ]\n}\n");
  await once(out, "finish");
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tgscope-large-"));
  file = path.join(dir, "result.json");
  await writeLargeExport(file);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a large result.json", () => {
  it("streams 200k messages with heap and RSS growth far below the file size", async () => {
    const fileBytes = (await stat(file)).size;
    expect(fileBytes).toBeGreaterThan(100_000_000);
    collectGarbage();
    const before = process.memoryUsage();
    let peakHeapBytes = 0;
    let peakRssBytes = 0;
    let count = 0;
    let last = 0;
    for await (const event of iterDesktopExport(file)) {
      if (event.kind !== "messages") continue;
      count += event.messages.length;
      last = event.messages.at(-1)!.messageId;
      if (count % 20_000 === 0) {
        collectGarbage();
        const now = process.memoryUsage();
        peakHeapBytes = Math.max(peakHeapBytes, now.heapUsed - before.heapUsed);
        peakRssBytes = Math.max(peakRssBytes, now.rss - before.rss);
      }
    }
    expect(count).toBe(MESSAGES);
    expect(last).toBe(MESSAGES);
    expect(peakHeapBytes).toBeLessThan(fileBytes / 20);
    expect(peakRssBytes).toBeLessThan(fileBytes / 2);
  });
});
