import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { buildMessage, buildSource, describeEachDialect } from "./testing/index.js";

const WRITER = fileURLToPath(new URL("./testing/concurrent-writer.ts", import.meta.url));

/** Runs the writer child process; resolves with what it printed. */
function runWriter(args: string[]): Promise<{ stored: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as { stored: number });
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

describeEachDialect("two processes on one archive", (harness) => {
  it("writes from two processes and reads meanwhile without lock errors", async () => {
    const { store } = harness;
    const theirs = await store.upsertSource(buildSource({ username: "writer_process" }), "mtproto");
    const ours = await store.upsertSource(buildSource({ username: "main_process" }), "mtproto");
    const batches = 20;

    let writerDone = false;
    const writer = runWriter([JSON.stringify(harness.options), String(theirs.id), String(batches)]).finally(() => {
      writerDone = true;
    });
    let reads = 0;
    const reader = (async () => {
      while (!writerDone) {
        await store.searchMessages({ text: "process", limit: 50 });
        await store.countMessages({ sources: ["writer_process"] });
        reads++;
        // better-sqlite3 answers synchronously: let the event loop see the child's output.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    let ourBatches = 0;
    while (!writerDone || ourBatches === 0) {
      const messages = Array.from({ length: 500 }, (_, i) => buildMessage({ messageId: ourBatches * 500 + i + 1, text: `main process message ${i}` }));
      await store.saveBatch({ sourceId: ours.id, messages, via: "web" });
      ourBatches++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { stored } = await writer;
    await reader;

    expect(stored).toBe(batches * 500);
    expect(reads).toBeGreaterThan(0);
    expect(await store.countMessages({ sources: ["writer_process"] })).toBe(batches * 500);
    expect(await store.countMessages({ sources: ["main_process"] })).toBe(ourBatches * 500);
    expect(await store.countMessages({ text: "writer process" })).toBe(batches * 500);
    expect(await store.findCursor({ sourceId: theirs.id, direction: "backfill" })).toEqual({ batch: batches - 1 });
  });
});
