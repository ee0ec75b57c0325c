/**
 * Filter flags shared by `search` and `export`: `--source`, `--from`, `--to`.
 */
import type { Command } from "commander";
import { parseSearchQuery } from "../../domain/index.js";
import type { MessageQuery } from "../../store/index.js";
import { parseDateOption } from "../options.js";

/** Raw filter flags as commander gives them. */
export interface FilterFlags {
  source?: string[];
  from?: string;
  to?: string;
}

/** Adds the filter flags to a command. */
export function addFilterFlags(command: Command): Command {
  return command
    .option("--source <name...>", "only these sources (username, @name or peer id); repeatable")
    .option("--from <date>", "messages on or after this date (YYYY-MM-DD or ISO 8601, UTC)")
    .option("--to <date>", "messages before this date; a date-only value includes that whole day");
}

/**
 * Turns the flags into a store query, checking the query syntax before anything is opened.
 * @throws {InvalidOptionError} for a bad date
 * @throws {SearchQuerySyntaxError} for a malformed query
 */
export function toMessageQuery(text: string | undefined, flags: FilterFlags): Omit<MessageQuery, "limit" | "cursor"> {
  if (text !== undefined) parseSearchQuery(text);
  return {
    text,
    sources: flags.source?.flatMap((s) => s.split(",")).filter((s) => s.length > 0),
    from: flags.from === undefined ? undefined : parseDateOption("--from", flags.from),
    to: flags.to === undefined ? undefined : parseDateOption("--to", flags.to, true),
  };
}
