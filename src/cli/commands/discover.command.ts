/**
 * `tgscope discover [--source NAME…] [--min-refs K] [--json]`: the channels archived messages refer
 * to (forward origins, @mentions, t.me links) with counts, without collecting anything.
 */
import type { Command } from "commander";
import { listReferencedChannels, type ReferencedChannel } from "../../collect/index.js";
import { runWithServices, type CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { parsePositiveInt } from "../options.js";
import { writeTable } from "./sources.command.js";

interface DiscoverFlags {
  source?: string[];
  minRefs: string;
  json?: boolean;
}

/** A line of `discover --json`. */
export interface ReferencedChannelRow {
  ref: string;
  username: string | null;
  /** Bot-API peer id as a decimal string. */
  peer_id: string | null;
  forwards: number;
  mentions: number;
  links: number;
  total: number;
  sources: number;
}

/** Converts a {@link ReferencedChannel} to its JSON line shape. */
export function toReferencedChannelRow(c: ReferencedChannel): ReferencedChannelRow {
  return {
    ref: c.ref,
    username: c.username ?? null,
    peer_id: c.peerId?.toString() ?? null,
    forwards: c.forwards,
    mentions: c.mentions,
    links: c.links,
    total: c.total,
    sources: c.sources,
  };
}

/** Registers the `discover` command. */
export function registerDiscover(program: Command, context: CommandContext): void {
  program
    .command("discover")
    .description("list channels the archive forwards from, @mentions or links to (t.me/name), with counts; collects nothing")
    .option("--source <name...>", "only references made by these sources (username, @name or peer id); repeatable")
    .option("--min-refs <k>", "only channels referenced at least this many times", "1")
    .option("--json", "one JSON object per line: ref, username, peer_id, forwards, mentions, links, total, sources")
    .action(async (flags: DiscoverFlags) => {
      const minRefs = parsePositiveInt("--min-refs", flags.minRefs);
      const names = flags.source?.flatMap((s) => s.split(",")).filter((s) => s.length > 0);
      context.exitCode = await runWithServices(context, async (services, signal) => {
        const sourceIds = names === undefined ? undefined : await Promise.all(names.map(async (name) => (await services.store.getSource(name)).id));
        const found = await listReferencedChannels(services.store, { sourceIds, minRefs, signal });
        const rows = found.channels.map(toReferencedChannelRow);
        if (flags.json) {
          for (const row of rows) context.stdout.write(`${JSON.stringify(row)}\n`);
        } else if (rows.length > 0) {
          const table = rows.map((r) => [r.ref, String(r.total), String(r.forwards), String(r.mentions), String(r.links), String(r.sources)]);
          writeTable(context, ["channel", "total", "forwards", "mentions", "links", "sources"], table);
        }
        context.stderr.write(
          `${rows.length} channel(s) referenced at least ${minRefs} time(s) in ${found.messagesScanned} message(s) of ${found.sourcesScanned} source(s)\n`,
        );
        if (found.privateLinks.length > 0) {
          const links = found.privateLinks.map((l) => `${l.link} (${l.count})`).join(", ");
          context.stderr.write(`${found.privateLinks.length} private invite link(s) not listed (${found.privateLinks[0]!.reason}): ${links}\n`);
        }
        return ExitCode.ok;
      });
    });
}
