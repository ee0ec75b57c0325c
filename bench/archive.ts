/**
 * Builds the two archives every figure reads: tgscope's (through `Store.saveBatch`, timed: the
 * `ingest` figure) and the reference (the same rows as CSV, loaded by the `sqlite3` shell, timed).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { openStore } from "../src/store/index.js";
import { benchSource, generateBatches, SOURCE_COUNT } from "./generate.js";
import { copyOutSql, REFERENCE_TABLES, referenceImportScript, type ReferenceTable } from "./reference.js";
import { runShell } from "./sqlite-shell.js";

/** Messages per `saveBatch` call, as a backfill stores them. */
export const BATCH_SIZE = 1000;

/** The built archives. */
export interface Archive {
  /** `sqlite:<path>` of tgscope's database. */
  databaseUrl: string;
  /** Path of the reference database. */
  referencePath: string;
  messages: number;
  /** Generated channels: username and row id (the same in both databases: the rows are copied). */
  sources: { username: string; id: number }[];
}

/** How long each side took to load the messages. */
export interface IngestTimes {
  /** Sum of the `saveBatch` calls (message generation not included). */
  oursSeconds: number;
  /** Wall time of the shell loading the same rows from CSV through the FTS trigger. */
  referenceSeconds: number;
}

/**
 * Generates `total` messages into `dir`/tgscope.db through the store, then copies the stored rows
 * (CSV, untimed) into `dir`/reference.db with the shell (timed).
 *
 * @param log progress lines for the user (stderr)
 */
export async function buildArchive(dir: string, total: number, log: (line: string) => void): Promise<{ archive: Archive; ingest: IngestTimes }> {
  const databasePath = path.join(dir, "tgscope.db");
  const referencePath = path.join(dir, "reference.db");
  const databaseUrl = `sqlite:${databasePath}`;

  const store = await openStore({ databaseUrl });
  const sources: Archive["sources"] = [];
  let oursSeconds = 0;
  try {
    for (let i = 0; i < SOURCE_COUNT; i++) {
      const stored = await store.upsertSource(benchSource(i), "mtproto");
      sources.push({ username: benchSource(i).username, id: stored.id });
    }
    let stored = 0;
    let nextReport = total / 10;
    log(`storing ${total.toLocaleString("en-US")} generated messages with Store.saveBatch (batches of ${BATCH_SIZE})…`);
    for (const { sourceIndex, messages } of generateBatches(total, BATCH_SIZE)) {
      const started = performance.now();
      await store.saveBatch({
        sourceId: sources[sourceIndex]!.id,
        messages,
        via: "mtproto",
        cursor: { direction: "backfill", state: { minId: messages[0]!.messageId } },
      });
      oursSeconds += (performance.now() - started) / 1000;
      stored += messages.length;
      if (stored >= nextReport) {
        log(`  ${stored.toLocaleString("en-US")} messages, ${Math.round(stored / oursSeconds).toLocaleString("en-US")} msg/s in saveBatch`);
        nextReport += total / 10;
      }
    }
  } finally {
    await store.close();
  }

  log("copying the stored rows to CSV and loading them with the sqlite3 shell (reference)…");
  const csvFiles = Object.fromEntries(REFERENCE_TABLES.map((table) => [table, path.join(dir, `${table}.csv`)])) as Record<ReferenceTable, string>;
  for (const table of REFERENCE_TABLES) {
    await runShell(["-readonly", "-csv", "-header", databasePath], copyOutSql(table), csvFiles[table]);
  }
  const reference = await runShell([referencePath], referenceImportScript(csvFiles));
  for (const file of Object.values(csvFiles)) rmSync(file);
  return {
    archive: { databaseUrl, referencePath, messages: total, sources },
    ingest: { oursSeconds, referenceSeconds: reference.wallSeconds },
  };
}
