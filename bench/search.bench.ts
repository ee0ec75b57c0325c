/**
 * Search latency: a fixed mix of queries (common word, rare word, phrase, OR, exclusion, prefix,
 * two words), each without filters, with a channel, with a date range and with both; 50 newest
 * matches per query, warm (the whole mix runs once before timing).
 */
import { parseSearchQuery } from "../src/domain/index.js";
import { openStore, type MessageQuery } from "../src/store/index.js";
import type { Archive } from "./archive.js";
import { ARCHIVE_END, VOCABULARY } from "./generate.js";
import { fts5Match, REFERENCE_PRAGMAS, referenceSearchSql } from "./reference.js";
import { runShell } from "./sqlite-shell.js";

/** The query texts, in tgscope's syntax. */
export const QUERY_TEXTS = [
  "новости",
  VOCABULARY[19_999]!,
  '"breaking news"',
  "sanctions OR санкции",
  "ukraine -russia",
  "обнов*",
  "president election",
];
/** Timed passes over the mix through the store (7 texts × 4 filter variants × 8 = 224 searches). */
const PASSES = 8;
/**
 * Timed passes through the shell: each query weighs the same in the percentiles with fewer passes,
 * and the reference's plans take seconds for some queries on 1M messages (sorting every match).
 */
const REFERENCE_PASSES = 2;
const DAY_MS = 86_400_000;

/** Per-search latencies in milliseconds, ours and the reference's. */
export interface SearchLatencies {
  oursMs: number[];
  referenceMs: number[];
}

interface BenchQuery {
  text: string;
  source?: Archive["sources"][number];
  from?: Date;
  to?: Date;
}

function queryMix(archive: Archive): BenchQuery[] {
  const source = archive.sources[6]!;
  const from = new Date(ARCHIVE_END.getTime() - 180 * DAY_MS);
  const to = new Date(ARCHIVE_END.getTime() - 90 * DAY_MS);
  return QUERY_TEXTS.flatMap((text) => [{ text }, { text, source }, { text, from, to }, { text, source, from, to }]);
}

/** Runs the mix through `Store.searchMessages` and through the `sqlite3` shell on the reference. */
export async function benchSearch(archive: Archive): Promise<SearchLatencies> {
  const mix = queryMix(archive);
  return { oursMs: await oursLatencies(archive, mix), referenceMs: await referenceLatencies(archive, mix) };
}

async function oursLatencies(archive: Archive, mix: BenchQuery[]): Promise<number[]> {
  const store = await openStore({ databaseUrl: archive.databaseUrl });
  try {
    const queries: MessageQuery[] = mix.map(({ text, source, from, to }) => ({
      text,
      sources: source ? [source.username] : undefined,
      from,
      to,
      limit: 50,
      order: "date_desc",
    }));
    for (const query of queries) await store.searchMessages(query);
    const latencies: number[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      for (const query of queries) {
        const started = performance.now();
        await store.searchMessages(query);
        latencies.push(performance.now() - started);
      }
    }
    return latencies;
  } finally {
    await store.close();
  }
}

/**
 * One shell process reads the whole script: a warm-up pass, then the timed passes with `.timer on`.
 * A search's latency is the larger of the wall time `.timer` prints (to the millisecond) and its CPU
 * time (user + sys, to the microsecond); rows are written to /dev/null.
 */
async function referenceLatencies(archive: Archive, mix: BenchQuery[]): Promise<number[]> {
  const statements = mix.map(({ text, source, from, to }) =>
    referenceSearchSql({
      match: fts5Match(parseSearchQuery(text)),
      sourceId: source?.id,
      fromSeconds: from && from.getTime() / 1000,
      toSeconds: to && to.getTime() / 1000,
    }),
  );
  const timed = Array.from({ length: REFERENCE_PASSES }, () => statements).flat();
  const script = [REFERENCE_PRAGMAS, ".output /dev/null", ...statements, ".timer on", ...timed, ""].join("\n");
  const { stdout } = await runShell(["-readonly", archive.referencePath], script);
  const latencies = [...stdout.matchAll(/^Run Time: real ([\d.]+) user ([\d.]+) sys ([\d.]+)$/gm)].map(
    (m) => Math.max(Number(m[1]), Number(m[2]) + Number(m[3])) * 1000,
  );
  if (latencies.length !== timed.length) {
    throw new Error(`the sqlite3 shell printed ${latencies.length} timings for ${timed.length} searches`);
  }
  return latencies;
}

/** The `p`-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
