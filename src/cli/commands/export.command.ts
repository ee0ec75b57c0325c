/**
 * `tgscope export --format csv|tsv|jsonl [--query Q] [--source NAME] [--from] [--to] -o FILE`.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { InvalidOptionError } from "../../domain/index.js";
import { writeMessages } from "../../export/index.js";
import { runWithServices, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { createProgress } from "../progress.js";
import { addFilterFlags, toMessageQuery, type FilterFlags } from "./query-flags.js";

interface ExportFlags extends FilterFlags {
  format: "csv" | "tsv" | "jsonl";
  query?: string;
  output: string;
}

/** Registers the `export` command. */
export function registerExport(program: Command, context: CommandContext): void {
  addFilterFlags(
    program
      .command("export")
      .description("export messages as CSV, TSV or JSONL, streamed (any size, constant memory)")
      .requiredOption("--format <format>", "csv, tsv or jsonl")
      .option("--query <q>", "full-text query (as in search)")
      .requiredOption("-o, --output <file>", "output file, or - for stdout"),
  ).action(async (flags: ExportFlags) => {
    if (!["csv", "tsv", "jsonl"].includes(flags.format)) {
      throw new InvalidOptionError("--format", `"${flags.format}" is not supported; use csv, tsv or jsonl`);
    }
    const query = toMessageQuery(flags.query, flags);
    context.exitCode = await runWithServices(context, async (services, signal) => {
      const total = await services.store.countMessages(query);
      const progress = createProgress(`export ${flags.format}`, context.stderr);
      const toStdout = flags.output === "-";
      const partial = `${flags.output}.partial`;
      const out = toStdout ? context.stdout : createWriteStream(partial);
      try {
        const result = await writeMessages(services.store.iterMessages(query), flags.format, out, {
          signal,
          onProgress: (rows) => progress.update(rows, total, ""),
        });
        if (!toStdout) {
          out.end();
          await finished(out);
          await rename(partial, flags.output);
        }
        progress.stop(`${result.rows} message(s) written to ${toStdout ? "stdout" : flags.output} (${result.bytes} bytes)`);
        return ExitCode.ok;
      } catch (error) {
        if (!toStdout) {
          out.destroy();
          await rm(partial, { force: true });
        }
        throw error;
      }
    });
  });
}
