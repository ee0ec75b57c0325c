/**
 * `tgscope sources [--json]`: list archived sources with counts.
 */
import type { Command } from "commander";
import { runWithServices, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { toSourceRow } from "../../../contract/index.js";

/** Registers the `sources` command. */
export function registerSources(program: Command, context: CommandContext): void {
  program
    .command("sources")
    .description("list archived sources with message counts")
    .option("--json", "one JSON object per line")
    .action(async (flags: { json?: boolean }) => {
      context.exitCode = await runWithServices(context, async (services) => {
        const rows = (await services.store.listSources()).map(toSourceRow);
        if (flags.json) {
          for (const row of rows) context.stdout.write(`${JSON.stringify(row)}\n`);
          return ExitCode.ok;
        }
        const table = rows.map((r) => [
          r.username ? `@${r.username}` : String(r.peer_id ?? r.id),
          r.kind ?? "",
          String(r.message_count),
          r.first_message_date?.slice(0, 10) ?? "",
          r.last_message_date?.slice(0, 10) ?? "",
          r.title ?? "",
        ]);
        writeTable(context, ["source", "kind", "messages", "first", "last", "title"], table);
        return ExitCode.ok;
      });
    });
}

/** Writes rows as aligned columns (the last column is not padded). */
export function writeTable(context: CommandContext, header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? "")].length)));
  for (const row of all) {
    const cells = row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)));
    context.stdout.write(`${cells.join("  ")}\n`);
  }
}
