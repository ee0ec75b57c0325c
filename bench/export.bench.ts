/**
 * Export throughput and memory: every message as CSV through `iterMessages` + `writeMessages` in a
 * child process running the compiled `dist/` (its peak RSS is the export's alone), against
 * `sqlite3 -csv` writing the same columns.
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Archive } from "./archive.js";
import { REFERENCE_EXPORT_SQL, REFERENCE_PRAGMAS } from "./reference.js";
import { runShell } from "./sqlite-shell.js";

const CHILD = fileURLToPath(new URL("./export-child.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** One side's export. */
export interface ExportRun<Rss = number> {
  rows: number;
  seconds: number;
  /** Peak resident set size in bytes. */
  peakRssBytes: Rss;
}

/** Exports the archive both ways into `dir` (the files are deleted afterwards). */
export async function benchExport(archive: Archive, dir: string): Promise<{ ours: ExportRun; reference: ExportRun<number | null> }> {
  const oursFile = path.join(dir, "export-tgscope.csv");
  const referenceFile = path.join(dir, "export-sqlite3.csv");
  try {
    // The child runs the compiled dist/, as `tgscope export` does: build it (incrementally) first.
    await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: ROOT });
    const { stdout } = await promisify(execFile)(process.execPath, [CHILD, archive.databaseUrl, oursFile], { maxBuffer: 1 << 20 });
    const ours = JSON.parse(stdout) as ExportRun;
    const shell = await runShell(["-readonly", "-csv", "-header", archive.referencePath], `${REFERENCE_PRAGMAS}\n${REFERENCE_EXPORT_SQL}`, referenceFile);
    return { ours, reference: { rows: archive.messages, seconds: shell.wallSeconds, peakRssBytes: shell.peakRssBytes } };
  } finally {
    rmSync(oursFile, { force: true });
    rmSync(referenceFile, { force: true });
  }
}
