/**
 * `tgscope search <query> [--source NAME] [--from DATE] [--to DATE] [--limit N] [--json]`.
 */
import type { Command } from "commander";
import { toMessageRow, type MessageRow } from "../../export/index.js";
import { runWithServices, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { parsePositiveInt } from "../options.js";
import { addFilterFlags, toMessageQuery, type FilterFlags } from "./query-flags.js";

interface SearchFlags extends FilterFlags {
  limit: string;
  json?: boolean;
}

/** Registers the `search` command. */
export function registerSearch(program: Command, context: CommandContext): void {
  addFilterFlags(
    program
      .command("search")
      .description('full-text search: words, "exact phrases", -excluded, OR, prefix*; newest first')
      .argument("<query>", "search query"),
  )
    .option("--limit <n>", "number of messages to show (max 1000)", "20")
    .option("--json", "one JSON object per line (source, message_id, date, text, views, forwarded_from, url, …)")
    .action(async (query: string, flags: SearchFlags) => {
      const limit = parsePositiveInt("--limit", flags.limit, 1000);
      const filters = toMessageQuery(query, flags);
      context.exitCode = await runWithServices(context, async (services) => {
        const page = await services.store.searchMessages({ ...filters, limit });
        const rows = page.items.map(toMessageRow);
        for (const row of rows) context.stdout.write(flags.json ? `${JSON.stringify(row)}\n` : humanLine(row));
        if (!flags.json) {
          const total = await services.store.countMessages(filters);
          context.stderr.write(`${rows.length} shown of ${total} matching message(s)\n`);
        }
        return ExitCode.ok;
      });
    });
}

function humanLine(row: MessageRow): string {
  const where = row.url ?? `${row.source}#${row.message_id}`;
  const views = row.views === null ? "" : ` · ${row.views} views`;
  const fwd = row.forwarded_from ? ` · fwd ${row.forwarded_from}` : "";
  const text = row.text.replace(/\s+/g, " ").trim();
  const short = text.length > 160 ? `${text.slice(0, 159)}…` : text;
  return `${row.date.replace("T", " ").slice(0, 16)}  ${where}${views}${fwd}\n    ${short || "(no text)"}\n`;
}
