/**
 * `npm run bench -- [--only NAME[,NAME…]] [--json] [--messages N] [--keep]`
 *
 * Builds an archive of N generated messages (default 1,000,000) in `bench/.work/run-<time>/`, then
 * measures each figure against the `sqlite3` shell on the same rows in the same run:
 * `ingest`, `search_p50`, `search_p95`, `export_csv`, `export_peak_rss` (`--only search` and
 * `--only export` select a pair). `--json` prints one JSON object per figure and line; otherwise a
 * table with the targets. Progress goes to stderr. `--keep` keeps the databases for inspection.
 *
 * Exit codes: 0 done, 1 a failure (e.g. the sqlite3 shell missing), 2 bad arguments.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildArchive } from "./archive.js";
import { benchMtproto } from "./mtproto.bench.js";
import { benchExport } from "./export.bench.js";
import { figure, figuresAsJsonLines, figuresAsTable, type Figure, type Target } from "./figures.js";
import { benchSearch, percentile } from "./search.bench.js";
import { findSqliteShell } from "./sqlite-shell.js";

const ARCHIVE_FIGURES = ["ingest", "search_p50", "search_p95", "export_csv", "export_peak_rss"] as const;
const MTPROTO_FIGURES = ["mtproto_1_account", "mtproto_4_accounts", "mtproto_scaling"] as const;
const FIGURES = [...ARCHIVE_FIGURES, ...MTPROTO_FIGURES] as const;
const GROUPS: Record<string, readonly string[]> = {
  search: ["search_p50", "search_p95"],
  export: ["export_csv", "export_peak_rss"],
  mtproto: MTPROTO_FIGURES,
};
/** Messages of the MTProto figures' channel, and the fake's round trip per call. */
const MTPROTO_MESSAGES = 200_000;
const MTPROTO_ROUND_TRIP_MS = 30;
const MB = 1024 * 1024;

const TARGETS: Record<string, Target> = {
  ingest: { text: "≥ 50,000 msg/s", met: (f) => f.value >= 50_000 },
  search_p95: { text: "≤ 50 ms", met: (f) => f.value <= 50 },
  export_csv: { text: "≥ 0.5× shell", met: (f) => (f.ratio ?? 0) >= 0.5 },
  export_peak_rss: { text: "< 300 MB", met: (f) => f.value < 300 },
  mtproto_1_account: { text: "≥ 0.9× bound", met: (f) => (f.ratio ?? 0) >= 0.9 },
  mtproto_4_accounts: { text: "≥ 0.9× bound", met: (f) => (f.ratio ?? 0) >= 0.9 },
  mtproto_scaling: { text: "≥ 3.5× 1 account", met: (f) => (f.ratio ?? 0) >= 3.5 },
};

class UsageError extends Error {}

function parseOptions(): { only: Set<string>; json: boolean; messages: number; keep: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: "string" },
        json: { type: "boolean", default: false },
        messages: { type: "string", default: "1000000" },
        keep: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const only = new Set<string>();
  for (const name of values.only ? values.only.split(",") : FIGURES) {
    const names = GROUPS[name] ?? (FIGURES.includes(name as (typeof FIGURES)[number]) ? [name] : undefined);
    if (!names) throw new UsageError(`unknown figure "${name}"; use one of ${[...FIGURES, ...Object.keys(GROUPS)].join(", ")}`);
    names.forEach((n) => only.add(n));
  }
  const messages = Number(values.messages);
  if (!Number.isInteger(messages) || messages < 1000) throw new UsageError(`--messages must be a whole number ≥ 1000, got "${values.messages}"`);
  return { only, json: values.json, messages, keep: values.keep };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`[${Math.round((performance.now() - started) / 1000)} s] ${line}\n`);
  const dir = path.join(fileURLToPath(new URL(".work", import.meta.url)), `run-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const figures: Figure[] = [];
  try {
    if (ARCHIVE_FIGURES.some((name) => options.only.has(name))) figures.push(...(await benchArchive(dir, options, log)));
    if (MTPROTO_FIGURES.some((name) => options.only.has(name))) figures.push(...(await benchMtprotoFigures(dir, options, log)));
  } finally {
    if (options.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${options.json ? figuresAsJsonLines(figures) : figuresAsTable(figures, TARGETS)}\n`);
}

type Options = ReturnType<typeof parseOptions>;

/** MTProto collection with 1 and 4 accounts against the fake's bound, and the scaling between them. */
async function benchMtprotoFigures(dir: string, options: Options, log: (line: string) => void): Promise<Figure[]> {
  const messages = Math.min(options.messages, MTPROTO_MESSAGES);
  const [one, four] = await benchMtproto(dir, messages, MTPROTO_ROUND_TRIP_MS, [1, 4], log);
  const bound = (run: { accounts: number }) =>
    `the fake's bound: ${run.accounts} × 100 messages per ${MTPROTO_ROUND_TRIP_MS} ms round trip (${messages.toLocaleString("en-US")} messages)`;
  const figures: Figure[] = [];
  if (options.only.has("mtproto_1_account")) figures.push(figure("mtproto_1_account", one!.messagesPerSecond, "msg/s", "higher", bound(one!), one!.boundPerSecond));
  if (options.only.has("mtproto_4_accounts")) figures.push(figure("mtproto_4_accounts", four!.messagesPerSecond, "msg/s", "higher", bound(four!), four!.boundPerSecond));
  if (options.only.has("mtproto_scaling")) {
    figures.push(figure("mtproto_scaling", four!.messagesPerSecond, "msg/s", "higher", "the same channel with 1 account", one!.messagesPerSecond));
  }
  return figures;
}

/** The figures over the generated 1M-message archive, each against the sqlite3 shell. */
async function benchArchive(dir: string, options: Options, log: (line: string) => void): Promise<Figure[]> {
  const shell = findSqliteShell();
  const figures: Figure[] = [];
  {
    const { archive, ingest } = await buildArchive(dir, options.messages, log);
    if (options.only.has("ingest")) {
      figures.push(
        figure("ingest", archive.messages / ingest.oursSeconds, "msg/s", "higher",
          `sqlite3 ${shell.version} shell: .import of the same rows as CSV into an equivalent table, FTS5 trigger`,
          archive.messages / ingest.referenceSeconds),
      );
    }
    if (options.only.has("search_p50") || options.only.has("search_p95")) {
      log("searching…");
      const { oursMs, referenceMs } = await benchSearch(archive);
      const reference = `sqlite3 ${shell.version} shell: FTS5 MATCH … ORDER BY date DESC LIMIT 50, the same mix (${referenceMs.length} searches)`;
      for (const p of [50, 95]) {
        const name = `search_p${p}`;
        if (options.only.has(name)) figures.push(figure(name, percentile(oursMs, p), "ms", "lower", reference, percentile(referenceMs, p)));
      }
    }
    if (options.only.has("export_csv") || options.only.has("export_peak_rss")) {
      log("exporting…");
      const { ours, reference } = await benchExport(archive, dir);
      if (options.only.has("export_csv")) {
        figures.push(
          figure("export_csv", ours.rows / ours.seconds, "rows/s", "higher",
            `sqlite3 ${shell.version} shell: -csv SELECT of the same columns`, reference.rows / reference.seconds),
        );
      }
      if (options.only.has("export_peak_rss")) {
        figures.push(
          figure("export_peak_rss", ours.peakRssBytes / MB, "MB", "lower", `sqlite3 ${shell.version} shell's peak RSS (GNU time)`,
            reference.peakRssBytes === null ? null : reference.peakRssBytes / MB),
        );
      }
    }
  }
  return figures;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
