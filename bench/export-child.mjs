/**
 * Child process of the `export_csv` figure, so that its peak memory is its own:
 * `node export-child.mjs <database url> <output file>` exports every message as CSV through
 * `Store.iterMessages` + `writeMessages` and prints one JSON line
 * `{"rows", "bytes", "seconds", "peakRssBytes"}`.
 *
 * Plain JavaScript over the compiled `dist/` (built by the parent first), as the `tgscope` command
 * runs: a TypeScript loader would add ~45 MB of its own to the peak memory.
 */
import { createWriteStream } from "node:fs";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { finished } from "node:stream/promises";
import { writeMessages } from "../dist/src/export/index.js";
import { openStore } from "../dist/src/store/index.js";

const [databaseUrl, outputPath] = process.argv.slice(2);
if (!databaseUrl || !outputPath) {
  process.stderr.write("usage: export-child.mjs <database url> <output file>\n");
  process.exit(2);
}
const store = await openStore({ databaseUrl });
const output = createWriteStream(outputPath, { highWaterMark: 1 << 20 });
const started = performance.now();
const { rows, bytes } = await writeMessages(store.iterMessages({ order: "date_desc" }), "csv", output);
output.end();
await finished(output);
const seconds = (performance.now() - started) / 1000;
await store.close();
process.stdout.write(`${JSON.stringify({ rows, bytes, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
